from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ErasureReport")


@_attrs_define
class ErasureReport:
    """
    Attributes:
        comments (int): Comments turned into deleted placeholders
        identity_deleted (bool):
        sessions_revoked (int):
        votes_removed (int):
        email_addresses_removed (int | Unset): Notification addresses deleted, with their subscriptions and mail
            Default: 0.
    """

    comments: int
    identity_deleted: bool
    sessions_revoked: int
    votes_removed: int
    email_addresses_removed: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        comments = self.comments

        identity_deleted = self.identity_deleted

        sessions_revoked = self.sessions_revoked

        votes_removed = self.votes_removed

        email_addresses_removed = self.email_addresses_removed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "comments": comments,
                "identity_deleted": identity_deleted,
                "sessions_revoked": sessions_revoked,
                "votes_removed": votes_removed,
            }
        )
        if email_addresses_removed is not UNSET:
            field_dict["email_addresses_removed"] = email_addresses_removed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        comments = d.pop("comments")

        identity_deleted = d.pop("identity_deleted")

        sessions_revoked = d.pop("sessions_revoked")

        votes_removed = d.pop("votes_removed")

        email_addresses_removed = d.pop("email_addresses_removed", UNSET)

        erasure_report = cls(
            comments=comments,
            identity_deleted=identity_deleted,
            sessions_revoked=sessions_revoked,
            votes_removed=votes_removed,
            email_addresses_removed=email_addresses_removed,
        )

        erasure_report.additional_properties = d
        return erasure_report

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
