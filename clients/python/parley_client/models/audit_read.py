from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audit_read_detail import AuditReadDetail


T = TypeVar("T", bound="AuditRead")


@_attrs_define
class AuditRead:
    """
    Attributes:
        action (str):
        actor (str):
        comment_id (int | None):
        created_at (datetime.datetime):
        detail (AuditReadDetail):
        id (int):
        comment_author (None | str | Unset): Who wrote that comment
        comment_url (None | str | Unset): The comment on its page, if it exists
        person (None | str | Unset): The name of the identity the entry is about (detail.identity_id)
    """

    action: str
    actor: str
    comment_id: int | None
    created_at: datetime.datetime
    detail: AuditReadDetail
    id: int
    comment_author: None | str | Unset = UNSET
    comment_url: None | str | Unset = UNSET
    person: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        actor = self.actor

        comment_id: int | None
        comment_id = self.comment_id

        created_at = self.created_at.isoformat()

        detail = self.detail.to_dict()

        id = self.id

        comment_author: None | str | Unset
        if isinstance(self.comment_author, Unset):
            comment_author = UNSET
        else:
            comment_author = self.comment_author

        comment_url: None | str | Unset
        if isinstance(self.comment_url, Unset):
            comment_url = UNSET
        else:
            comment_url = self.comment_url

        person: None | str | Unset
        if isinstance(self.person, Unset):
            person = UNSET
        else:
            person = self.person

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "actor": actor,
                "comment_id": comment_id,
                "created_at": created_at,
                "detail": detail,
                "id": id,
            }
        )
        if comment_author is not UNSET:
            field_dict["comment_author"] = comment_author
        if comment_url is not UNSET:
            field_dict["comment_url"] = comment_url
        if person is not UNSET:
            field_dict["person"] = person

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_read_detail import AuditReadDetail  # noqa: PLC0415

        d = dict(src_dict)
        action = d.pop("action")

        actor = d.pop("actor")

        def _parse_comment_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        comment_id = _parse_comment_id(d.pop("comment_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        detail = AuditReadDetail.from_dict(d.pop("detail"))

        id = d.pop("id")

        def _parse_comment_author(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        comment_author = _parse_comment_author(d.pop("comment_author", UNSET))

        def _parse_comment_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        comment_url = _parse_comment_url(d.pop("comment_url", UNSET))

        def _parse_person(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        person = _parse_person(d.pop("person", UNSET))

        audit_read = cls(
            action=action,
            actor=actor,
            comment_id=comment_id,
            created_at=created_at,
            detail=detail,
            id=id,
            comment_author=comment_author,
            comment_url=comment_url,
            person=person,
        )

        audit_read.additional_properties = d
        return audit_read

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
