from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SecretRotation")


@_attrs_define
class SecretRotation:
    """A new signing secret; the previous one goes on signing for `keep_previous_hours`.

    Attributes:
        keep_previous_hours (int | Unset): How long deliveries carry a signature by the old secret as well (0: none)
            Default: 24.
    """

    keep_previous_hours: int | Unset = 24

    def to_dict(self) -> dict[str, Any]:
        keep_previous_hours = self.keep_previous_hours

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if keep_previous_hours is not UNSET:
            field_dict["keep_previous_hours"] = keep_previous_hours

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        keep_previous_hours = d.pop("keep_previous_hours", UNSET)

        secret_rotation = cls(
            keep_previous_hours=keep_previous_hours,
        )

        return secret_rotation
