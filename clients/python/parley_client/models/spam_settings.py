from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.akismet_check import AkismetCheck
    from ..models.blocked_words_check import BlockedWordsCheck
    from ..models.duplicates_check import DuplicatesCheck
    from ..models.honeypot_check import HoneypotCheck
    from ..models.links_check import LinksCheck
    from ..models.min_time_check import MinTimeCheck
    from ..models.rate_limit_check import RateLimitCheck


T = TypeVar("T", bound="SpamSettings")


@_attrs_define
class SpamSettings:
    """Every check, in the order they run. PATCH replaces the whole object; omitted parts
    take their defaults.

        Attributes:
            akismet (AkismetCheck | Unset): Akismet's comment-check API (sends the comment, author and IP to Akismet: off by
                default).
            blocked_words (BlockedWordsCheck | Unset): Words or phrases (whole words, any case), and single-word patterns
                where `*` stands for
                any letters or digits (`cas*no`, `*pharma*`). Plain text, never regular expressions.
            duplicates (DuplicatesCheck | Unset): The same text already posted on the site within the window, by anyone.
            honeypot (HoneypotCheck | Unset): The widget's hidden field: humans leave it empty.
            links (LinksCheck | Unset): More links than this in one comment.
            min_submit_time (MinTimeCheck | Unset): Too fast between page load and submit (the widget reports
                form_elapsed_ms; API clients
                that send no timing are not judged by it).
            rate_limit (RateLimitCheck | Unset): More comments than `limit` from one address on this site (e.g. `5/minute`,
                `20/hour`).
    """

    akismet: AkismetCheck | Unset = UNSET
    blocked_words: BlockedWordsCheck | Unset = UNSET
    duplicates: DuplicatesCheck | Unset = UNSET
    honeypot: HoneypotCheck | Unset = UNSET
    links: LinksCheck | Unset = UNSET
    min_submit_time: MinTimeCheck | Unset = UNSET
    rate_limit: RateLimitCheck | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        akismet: dict[str, Any] | Unset = UNSET
        if not isinstance(self.akismet, Unset):
            akismet = self.akismet.to_dict()

        blocked_words: dict[str, Any] | Unset = UNSET
        if not isinstance(self.blocked_words, Unset):
            blocked_words = self.blocked_words.to_dict()

        duplicates: dict[str, Any] | Unset = UNSET
        if not isinstance(self.duplicates, Unset):
            duplicates = self.duplicates.to_dict()

        honeypot: dict[str, Any] | Unset = UNSET
        if not isinstance(self.honeypot, Unset):
            honeypot = self.honeypot.to_dict()

        links: dict[str, Any] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = self.links.to_dict()

        min_submit_time: dict[str, Any] | Unset = UNSET
        if not isinstance(self.min_submit_time, Unset):
            min_submit_time = self.min_submit_time.to_dict()

        rate_limit: dict[str, Any] | Unset = UNSET
        if not isinstance(self.rate_limit, Unset):
            rate_limit = self.rate_limit.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if akismet is not UNSET:
            field_dict["akismet"] = akismet
        if blocked_words is not UNSET:
            field_dict["blocked_words"] = blocked_words
        if duplicates is not UNSET:
            field_dict["duplicates"] = duplicates
        if honeypot is not UNSET:
            field_dict["honeypot"] = honeypot
        if links is not UNSET:
            field_dict["links"] = links
        if min_submit_time is not UNSET:
            field_dict["min_submit_time"] = min_submit_time
        if rate_limit is not UNSET:
            field_dict["rate_limit"] = rate_limit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.akismet_check import AkismetCheck  # noqa: PLC0415
        from ..models.blocked_words_check import BlockedWordsCheck  # noqa: PLC0415
        from ..models.duplicates_check import DuplicatesCheck  # noqa: PLC0415
        from ..models.honeypot_check import HoneypotCheck  # noqa: PLC0415
        from ..models.links_check import LinksCheck  # noqa: PLC0415
        from ..models.min_time_check import MinTimeCheck  # noqa: PLC0415
        from ..models.rate_limit_check import RateLimitCheck  # noqa: PLC0415

        d = dict(src_dict)
        _akismet = d.pop("akismet", UNSET)
        akismet: AkismetCheck | Unset
        if isinstance(_akismet, Unset):
            akismet = UNSET
        else:
            akismet = AkismetCheck.from_dict(_akismet)

        _blocked_words = d.pop("blocked_words", UNSET)
        blocked_words: BlockedWordsCheck | Unset
        if isinstance(_blocked_words, Unset):
            blocked_words = UNSET
        else:
            blocked_words = BlockedWordsCheck.from_dict(_blocked_words)

        _duplicates = d.pop("duplicates", UNSET)
        duplicates: DuplicatesCheck | Unset
        if isinstance(_duplicates, Unset):
            duplicates = UNSET
        else:
            duplicates = DuplicatesCheck.from_dict(_duplicates)

        _honeypot = d.pop("honeypot", UNSET)
        honeypot: HoneypotCheck | Unset
        if isinstance(_honeypot, Unset):
            honeypot = UNSET
        else:
            honeypot = HoneypotCheck.from_dict(_honeypot)

        _links = d.pop("links", UNSET)
        links: LinksCheck | Unset
        if isinstance(_links, Unset):
            links = UNSET
        else:
            links = LinksCheck.from_dict(_links)

        _min_submit_time = d.pop("min_submit_time", UNSET)
        min_submit_time: MinTimeCheck | Unset
        if isinstance(_min_submit_time, Unset):
            min_submit_time = UNSET
        else:
            min_submit_time = MinTimeCheck.from_dict(_min_submit_time)

        _rate_limit = d.pop("rate_limit", UNSET)
        rate_limit: RateLimitCheck | Unset
        if isinstance(_rate_limit, Unset):
            rate_limit = UNSET
        else:
            rate_limit = RateLimitCheck.from_dict(_rate_limit)

        spam_settings = cls(
            akismet=akismet,
            blocked_words=blocked_words,
            duplicates=duplicates,
            honeypot=honeypot,
            links=links,
            min_submit_time=min_submit_time,
            rate_limit=rate_limit,
        )

        return spam_settings
