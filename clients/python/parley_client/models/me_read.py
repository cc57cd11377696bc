from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MeRead")


@_attrs_define
class MeRead:
    """
    Attributes:
        avatar_url (None | str):
        display_name (str): The name shown on comments (same as name)
        id (int):
        moderator (bool):
        name (str):
        profile_url (None | str):
        provider (str):
        provider_label (str): For 'You are commenting using your X account'
        site (str):
    """

    avatar_url: None | str
    display_name: str
    id: int
    moderator: bool
    name: str
    profile_url: None | str
    provider: str
    provider_label: str
    site: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        avatar_url: None | str
        avatar_url = self.avatar_url

        display_name = self.display_name

        id = self.id

        moderator = self.moderator

        name = self.name

        profile_url: None | str
        profile_url = self.profile_url

        provider = self.provider

        provider_label = self.provider_label

        site = self.site

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "avatar_url": avatar_url,
                "display_name": display_name,
                "id": id,
                "moderator": moderator,
                "name": name,
                "profile_url": profile_url,
                "provider": provider,
                "provider_label": provider_label,
                "site": site,
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

        display_name = d.pop("display_name")

        id = d.pop("id")

        moderator = d.pop("moderator")

        name = d.pop("name")

        def _parse_profile_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        profile_url = _parse_profile_url(d.pop("profile_url"))

        provider = d.pop("provider")

        provider_label = d.pop("provider_label")

        site = d.pop("site")

        me_read = cls(
            avatar_url=avatar_url,
            display_name=display_name,
            id=id,
            moderator=moderator,
            name=name,
            profile_url=profile_url,
            provider=provider,
            provider_label=provider_label,
            site=site,
        )

        me_read.additional_properties = d
        return me_read

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
