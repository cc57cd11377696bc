from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.guest_policy import GuestPolicy
from ..models.moderation_mode import ModerationMode

T = TypeVar("T", bound="SitePublic")


@_attrs_define
class SitePublic:
    """What any page embedding the widget may know about a site.

    Attributes:
        closed (bool):
        edit_window_seconds (int):
        guest_policy (GuestPolicy):
        id (str):
        max_depth (int):
        moderation (ModerationMode):
        name (str):
    """

    closed: bool
    edit_window_seconds: int
    guest_policy: GuestPolicy
    id: str
    max_depth: int
    moderation: ModerationMode
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        closed = self.closed

        edit_window_seconds = self.edit_window_seconds

        guest_policy = self.guest_policy.value

        id = self.id

        max_depth = self.max_depth

        moderation = self.moderation.value

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "closed": closed,
                "edit_window_seconds": edit_window_seconds,
                "guest_policy": guest_policy,
                "id": id,
                "max_depth": max_depth,
                "moderation": moderation,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        closed = d.pop("closed")

        edit_window_seconds = d.pop("edit_window_seconds")

        guest_policy = GuestPolicy(d.pop("guest_policy"))

        id = d.pop("id")

        max_depth = d.pop("max_depth")

        moderation = ModerationMode(d.pop("moderation"))

        name = d.pop("name")

        site_public = cls(
            closed=closed,
            edit_window_seconds=edit_window_seconds,
            guest_policy=guest_policy,
            id=id,
            max_depth=max_depth,
            moderation=moderation,
            name=name,
        )

        site_public.additional_properties = d
        return site_public

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
