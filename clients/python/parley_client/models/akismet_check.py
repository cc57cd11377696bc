from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.akismet_fallback import AkismetFallback
from ..models.verdict import Verdict
from ..types import UNSET, Unset

T = TypeVar("T", bound="AkismetCheck")


@_attrs_define
class AkismetCheck:
    """Akismet's comment-check API (sends the comment, author and IP to Akismet: off by default).

    Attributes:
        api_key (str | Unset):  Default: ''.
        blog_url (str | Unset): Your blog's front page URL Default: ''.
        enabled (bool | Unset):  Default: False.
        on_error (AkismetFallback | Unset):
        verdict (Verdict | Unset):
    """

    api_key: str | Unset = ""
    blog_url: str | Unset = ""
    enabled: bool | Unset = False
    on_error: AkismetFallback | Unset = UNSET
    verdict: Verdict | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        api_key = self.api_key

        blog_url = self.blog_url

        enabled = self.enabled

        on_error: str | Unset = UNSET
        if not isinstance(self.on_error, Unset):
            on_error = self.on_error.value

        verdict: str | Unset = UNSET
        if not isinstance(self.verdict, Unset):
            verdict = self.verdict.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if api_key is not UNSET:
            field_dict["api_key"] = api_key
        if blog_url is not UNSET:
            field_dict["blog_url"] = blog_url
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if on_error is not UNSET:
            field_dict["on_error"] = on_error
        if verdict is not UNSET:
            field_dict["verdict"] = verdict

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        api_key = d.pop("api_key", UNSET)

        blog_url = d.pop("blog_url", UNSET)

        enabled = d.pop("enabled", UNSET)

        _on_error = d.pop("on_error", UNSET)
        on_error: AkismetFallback | Unset
        if isinstance(_on_error, Unset):
            on_error = UNSET
        else:
            on_error = AkismetFallback(_on_error)

        _verdict = d.pop("verdict", UNSET)
        verdict: Verdict | Unset
        if isinstance(_verdict, Unset):
            verdict = UNSET
        else:
            verdict = Verdict(_verdict)

        akismet_check = cls(
            api_key=api_key,
            blog_url=blog_url,
            enabled=enabled,
            on_error=on_error,
            verdict=verdict,
        )

        return akismet_check
