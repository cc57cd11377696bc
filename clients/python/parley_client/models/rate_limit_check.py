from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.verdict import Verdict
from ..types import UNSET, Unset

T = TypeVar("T", bound="RateLimitCheck")


@_attrs_define
class RateLimitCheck:
    """More comments than `limit` from one address on this site (e.g. `5/minute`, `20/hour`).

    Attributes:
        enabled (bool | Unset):  Default: False.
        limit (str | Unset):  Default: '5/minute'.
        verdict (Verdict | Unset):
    """

    enabled: bool | Unset = False
    limit: str | Unset = "5/minute"
    verdict: Verdict | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        limit = self.limit

        verdict: str | Unset = UNSET
        if not isinstance(self.verdict, Unset):
            verdict = self.verdict.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if limit is not UNSET:
            field_dict["limit"] = limit
        if verdict is not UNSET:
            field_dict["verdict"] = verdict

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enabled = d.pop("enabled", UNSET)

        limit = d.pop("limit", UNSET)

        _verdict = d.pop("verdict", UNSET)
        verdict: Verdict | Unset
        if isinstance(_verdict, Unset):
            verdict = UNSET
        else:
            verdict = Verdict(_verdict)

        rate_limit_check = cls(
            enabled=enabled,
            limit=limit,
            verdict=verdict,
        )

        return rate_limit_check
