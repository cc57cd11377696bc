from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="IdentityRead")


@_attrs_define
class IdentityRead:
    """
    Attributes:
        avatar_url (None | str):
        id (int):
        name (str):
        profile_url (None | str):
        provider (str):
    """

    avatar_url: None | str
    id: int
    name: str
    profile_url: None | str
    provider: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        avatar_url: None | str
        avatar_url = self.avatar_url

        id = self.id

        name = self.name

        profile_url: None | str
        profile_url = self.profile_url

        provider = self.provider

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "avatar_url": avatar_url,
                "id": id,
                "name": name,
                "profile_url": profile_url,
                "provider": provider,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_avatar_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        avatar_url = _parse_avatar_url(d.pop("avatar_url"))

        id = d.pop("id")

        name = d.pop("name")

        def _parse_profile_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        profile_url = _parse_profile_url(d.pop("profile_url"))

        provider = d.pop("provider")

        identity_read = cls(
            avatar_url=avatar_url,
            id=id,
            name=name,
            profile_url=profile_url,
            provider=provider,
        )

        identity_read.additional_properties = d
        return identity_read

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
