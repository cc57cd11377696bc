from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="QueueAuthor")


@_attrs_define
class QueueAuthor:
    """The author as moderators see it: the email too, never the IP (only its keyed hash exists).

    Attributes:
        email (None | str):
        identity_id (int | None):
        name (str):
        provider (None | str):
        verified (bool):
        website (None | str):
    """

    email: None | str
    identity_id: int | None
    name: str
    provider: None | str
    verified: bool
    website: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email: None | str
        email = self.email

        identity_id: int | None
        identity_id = self.identity_id

        name = self.name

        provider: None | str
        provider = self.provider

        verified = self.verified

        website: None | str
        website = self.website

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
                "identity_id": identity_id,
                "name": name,
                "provider": provider,
                "verified": verified,
                "website": website,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        def _parse_identity_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        identity_id = _parse_identity_id(d.pop("identity_id"))

        name = d.pop("name")

        def _parse_provider(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        provider = _parse_provider(d.pop("provider"))

        verified = d.pop("verified")

        def _parse_website(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        website = _parse_website(d.pop("website"))

        queue_author = cls(
            email=email,
            identity_id=identity_id,
            name=name,
            provider=provider,
            verified=verified,
            website=website,
        )

        queue_author.additional_properties = d
        return queue_author

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
