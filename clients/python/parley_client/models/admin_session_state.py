from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role import Role
from ..types import UNSET, Unset

T = TypeVar("T", bound="AdminSessionState")


@_attrs_define
class AdminSessionState:
    """Whether the request carries a valid /admin credential, and whose.

    Attributes:
        logged_in (bool):
        actor (None | str | Unset):
        role (None | Role | Unset):
        site_ids (list[str] | None | Unset):
    """

    logged_in: bool
    actor: None | str | Unset = UNSET
    role: None | Role | Unset = UNSET
    site_ids: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        logged_in = self.logged_in

        actor: None | str | Unset
        if isinstance(self.actor, Unset):
            actor = UNSET
        else:
            actor = self.actor

        role: None | str | Unset
        if isinstance(self.role, Unset):
            role = UNSET
        elif isinstance(self.role, Role):
            role = self.role.value
        else:
            role = self.role

        site_ids: list[str] | None | Unset
        if isinstance(self.site_ids, Unset):
            site_ids = UNSET
        elif isinstance(self.site_ids, list):
            site_ids = self.site_ids

        else:
            site_ids = self.site_ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "logged_in": logged_in,
            }
        )
        if actor is not UNSET:
            field_dict["actor"] = actor
        if role is not UNSET:
            field_dict["role"] = role
        if site_ids is not UNSET:
            field_dict["site_ids"] = site_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        logged_in = d.pop("logged_in")

        def _parse_actor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        actor = _parse_actor(d.pop("actor", UNSET))

        def _parse_role(data: object) -> None | Role | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_0 = Role(data)

                return role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Role | Unset, data)

        role = _parse_role(d.pop("role", UNSET))

        def _parse_site_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                site_ids_type_0 = cast(list[str], data)

                return site_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        site_ids = _parse_site_ids(d.pop("site_ids", UNSET))

        admin_session_state = cls(
            logged_in=logged_in,
            actor=actor,
            role=role,
            site_ids=site_ids,
        )

        admin_session_state.additional_properties = d
        return admin_session_state

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
