from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.verdict import Verdict
from ..types import UNSET, Unset

T = TypeVar("T", bound="DuplicatesCheck")


@_attrs_define
class DuplicatesCheck:
    """The same text already posted on the site within the window, by anyone.

    Attributes:
        enabled (bool | Unset):  Default: False.
        min_length (int | Unset): Shorter texts may repeat Default: 20.
        verdict (Verdict | Unset):
        window_hours (int | Unset):  Default: 24.
    """

    enabled: bool | Unset = False
    min_length: int | Unset = 20
    verdict: Verdict | Unset = UNSET
    window_hours: int | Unset = 24

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        min_length = self.min_length

        verdict: str | Unset = UNSET
        if not isinstance(self.verdict, Unset):
            verdict = self.verdict.value

        window_hours = self.window_hours

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if min_length is not UNSET:
            field_dict["min_length"] = min_length
        if verdict is not UNSET:
            field_dict["verdict"] = verdict
        if window_hours is not UNSET:
            field_dict["window_hours"] = window_hours

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enabled = d.pop("enabled", UNSET)

        min_length = d.pop("min_length", UNSET)

        _verdict = d.pop("verdict", UNSET)
        verdict: Verdict | Unset
        if isinstance(_verdict, Unset):
            verdict = UNSET
        else:
            verdict = Verdict(_verdict)

        window_hours = d.pop("window_hours", UNSET)

        duplicates_check = cls(
            enabled=enabled,
            min_length=min_length,
            verdict=verdict,
            window_hours=window_hours,
        )

        return duplicates_check
