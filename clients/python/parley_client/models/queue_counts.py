from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="QueueCounts")


@_attrs_define
class QueueCounts:
    """How many comments of the site are in each queue.

    Attributes:
        approved (int | Unset):  Default: 0.
        deleted (int | Unset):  Default: 0.
        pending (int | Unset):  Default: 0.
        spam (int | Unset):  Default: 0.
    """

    approved: int | Unset = 0
    deleted: int | Unset = 0
    pending: int | Unset = 0
    spam: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        approved = self.approved

        deleted = self.deleted

        pending = self.pending

        spam = self.spam

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if approved is not UNSET:
            field_dict["approved"] = approved
        if deleted is not UNSET:
            field_dict["deleted"] = deleted
        if pending is not UNSET:
            field_dict["pending"] = pending
        if spam is not UNSET:
            field_dict["spam"] = spam

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        approved = d.pop("approved", UNSET)

        deleted = d.pop("deleted", UNSET)

        pending = d.pop("pending", UNSET)

        spam = d.pop("spam", UNSET)

        queue_counts = cls(
            approved=approved,
            deleted=deleted,
            pending=pending,
            spam=spam,
        )

        queue_counts.additional_properties = d
        return queue_counts

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
