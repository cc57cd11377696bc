from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.verdict import Verdict
from ..types import UNSET, Unset

T = TypeVar("T", bound="HoneypotCheck")


@_attrs_define
class HoneypotCheck:
    """The widget's hidden field: humans leave it empty.

    Attributes:
        enabled (bool | Unset):  Default: True.
        verdict (Verdict | Unset):
    """

    enabled: bool | Unset = True
    verdict: Verdict | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        verdict: str | Unset = UNSET
        if not isinstance(self.verdict, Unset):
            verdict = self.verdict.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if verdict is not UNSET:
            field_dict["verdict"] = verdict

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enabled = d.pop("enabled", UNSET)

        _verdict = d.pop("verdict", UNSET)
        verdict: Verdict | Unset
        if isinstance(_verdict, Unset):
            verdict = UNSET
        else:
            verdict = Verdict(_verdict)

        honeypot_check = cls(
            enabled=enabled,
            verdict=verdict,
        )

        return honeypot_check
