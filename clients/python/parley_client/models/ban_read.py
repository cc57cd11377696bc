from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ban_kind import BanKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="BanRead")


@_attrs_define
class BanRead:
    """
    Attributes:
        author_name (str): The banned author's name when the ban was made
        comment_id (int | None): The comment the ban was made from, if it exists
        created_at (datetime.datetime):
        created_by (str):
        expires_at (datetime.datetime | None):
        id (int):
        identity_id (int | None):
        kind (BanKind):
        reason (str):
        comment_url (None | str | Unset): That comment on its page, if it exists
    """

    author_name: str
    comment_id: int | None
    created_at: datetime.datetime
    created_by: str
    expires_at: datetime.datetime | None
    id: int
    identity_id: int | None
    kind: BanKind
    reason: str
    comment_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        author_name = self.author_name

        comment_id: int | None
        comment_id = self.comment_id

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        id = self.id

        identity_id: int | None
        identity_id = self.identity_id

        kind = self.kind.value

        reason = self.reason

        comment_url: None | str | Unset
        if isinstance(self.comment_url, Unset):
            comment_url = UNSET
        else:
            comment_url = self.comment_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "author_name": author_name,
                "comment_id": comment_id,
                "created_at": created_at,
                "created_by": created_by,
                "expires_at": expires_at,
                "id": id,
                "identity_id": identity_id,
                "kind": kind,
                "reason": reason,
            }
        )
        if comment_url is not UNSET:
            field_dict["comment_url"] = comment_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        author_name = d.pop("author_name")

        def _parse_comment_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        comment_id = _parse_comment_id(d.pop("comment_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = d.pop("created_by")

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        id = d.pop("id")

        def _parse_identity_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        identity_id = _parse_identity_id(d.pop("identity_id"))

        kind = BanKind(d.pop("kind"))

        reason = d.pop("reason")

        def _parse_comment_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        comment_url = _parse_comment_url(d.pop("comment_url", UNSET))

        ban_read = cls(
            author_name=author_name,
            comment_id=comment_id,
            created_at=created_at,
            created_by=created_by,
            expires_at=expires_at,
            id=id,
            identity_id=identity_id,
            kind=kind,
            reason=reason,
            comment_url=comment_url,
        )

        ban_read.additional_properties = d
        return ban_read

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
