from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.ban_kind import BanKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="BanCreate")


@_attrs_define
class BanCreate:
    """A ban by identity, email or IP. IP bans name a comment: the moderator never sees the IP.

    Attributes:
        kind (BanKind):
        comment_id (int | None | Unset): Take the identity, email or IP of this comment's author
        email (None | str | Unset): kind=email
        expires_at (datetime.datetime | None | Unset): Omit for a permanent ban
        identity_id (int | None | Unset): kind=identity
        reason (str | Unset):  Default: ''.
    """

    kind: BanKind
    comment_id: int | None | Unset = UNSET
    email: None | str | Unset = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET
    identity_id: int | None | Unset = UNSET
    reason: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        comment_id: int | None | Unset
        if isinstance(self.comment_id, Unset):
            comment_id = UNSET
        else:
            comment_id = self.comment_id

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        identity_id: int | None | Unset
        if isinstance(self.identity_id, Unset):
            identity_id = UNSET
        else:
            identity_id = self.identity_id

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
            }
        )
        if comment_id is not UNSET:
            field_dict["comment_id"] = comment_id
        if email is not UNSET:
            field_dict["email"] = email
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if identity_id is not UNSET:
            field_dict["identity_id"] = identity_id
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = BanKind(d.pop("kind"))

        def _parse_comment_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        comment_id = _parse_comment_id(d.pop("comment_id", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        def _parse_identity_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        identity_id = _parse_identity_id(d.pop("identity_id", UNSET))

        reason = d.pop("reason", UNSET)

        ban_create = cls(
            kind=kind,
            comment_id=comment_id,
            email=email,
            expires_at=expires_at,
            identity_id=identity_id,
            reason=reason,
        )

        return ban_create
