from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.verdict import Verdict
from ..types import UNSET, Unset

T = TypeVar("T", bound="LinksCheck")


@_attrs_define
class LinksCheck:
    """More links than this in one comment.

    Attributes:
        enabled (bool | Unset):  Default: True.
        max_links (int | Unset):  Default: 3.
        verdict (Verdict | Unset):
    """

    enabled: bool | Unset = True
    max_links: int | Unset = 3
    verdict: Verdict | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        max_links = self.max_links

        verdict: str | Unset = UNSET
        if not isinstance(self.verdict, Unset):
            verdict = self.verdict.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if max_links is not UNSET:
            field_dict["max_links"] = max_links
        if verdict is not UNSET:
            field_dict["verdict"] = verdict

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enabled = d.pop("enabled", UNSET)

        max_links = d.pop("max_links", UNSET)

        _verdict = d.pop("verdict", UNSET)
        verdict: Verdict | Unset
        if isinstance(_verdict, Unset):
            verdict = UNSET
        else:
            verdict = Verdict(_verdict)

        links_check = cls(
            enabled=enabled,
            max_links=max_links,
            verdict=verdict,
        )

        return links_check
