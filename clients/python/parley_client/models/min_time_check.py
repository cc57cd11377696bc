from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.verdict import Verdict
from ..types import UNSET, Unset

T = TypeVar("T", bound="MinTimeCheck")


@_attrs_define
class MinTimeCheck:
    """Too fast between page load and submit (the widget reports form_elapsed_ms; API clients
    that send no timing are not judged by it).

        Attributes:
            enabled (bool | Unset):  Default: False.
            seconds (float | Unset):  Default: 3.0.
            verdict (Verdict | Unset):
    """

    enabled: bool | Unset = False
    seconds: float | Unset = 3.0
    verdict: Verdict | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        seconds = self.seconds

        verdict: str | Unset = UNSET
        if not isinstance(self.verdict, Unset):
            verdict = self.verdict.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if seconds is not UNSET:
            field_dict["seconds"] = seconds
        if verdict is not UNSET:
            field_dict["verdict"] = verdict

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enabled = d.pop("enabled", UNSET)

        seconds = d.pop("seconds", UNSET)

        _verdict = d.pop("verdict", UNSET)
        verdict: Verdict | Unset
        if isinstance(_verdict, Unset):
            verdict = UNSET
        else:
            verdict = Verdict(_verdict)

        min_time_check = cls(
            enabled=enabled,
            seconds=seconds,
            verdict=verdict,
        )

        return min_time_check
