from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role import Role

T = TypeVar("T", bound="AdminSessionRead")


@_attrs_define
class AdminSessionRead:
    """The /admin session just opened (its token is only in the HttpOnly cookie).

    Attributes:
        actor (str): As written in the audit log
        expires_at (datetime.datetime):
        role (Role):
        site_ids (list[str] | None): The sites it acts on; null for every site
    """

    actor: str
    expires_at: datetime.datetime
    role: Role
    site_ids: list[str] | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor = self.actor

        expires_at = self.expires_at.isoformat()

        role = self.role.value

        site_ids: list[str] | None
        if isinstance(self.site_ids, list):
            site_ids = self.site_ids

        else:
            site_ids = self.site_ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor": actor,
                "expires_at": expires_at,
                "role": role,
                "site_ids": site_ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        actor = d.pop("actor")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        role = Role(d.pop("role"))

        def _parse_site_ids(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                site_ids_type_0 = cast(list[str], data)

                return site_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        site_ids = _parse_site_ids(d.pop("site_ids"))

        admin_session_read = cls(
            actor=actor,
            expires_at=expires_at,
            role=role,
            site_ids=site_ids,
        )

        admin_session_read.additional_properties = d
        return admin_session_read

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
