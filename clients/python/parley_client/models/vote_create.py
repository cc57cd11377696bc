from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.vote_value import VoteValue

T = TypeVar("T", bound="VoteCreate")


@_attrs_define
class VoteCreate:
    """
    Attributes:
        value (VoteValue):
    """

    value: VoteValue

    def to_dict(self) -> dict[str, Any]:
        value = self.value.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        value = VoteValue(d.pop("value"))

        vote_create = cls(
            value=value,
        )

        return vote_create
