from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.guest_policy import GuestPolicy
from ..models.moderation_mode import ModerationMode
from ..models.notify_on import NotifyOn

if TYPE_CHECKING:
    from ..models.spam_settings import SpamSettings


T = TypeVar("T", bound="SiteRead")


@_attrs_define
class SiteRead:
    """A site as its administrators see it.

    Attributes:
        closed (bool):
        created_at (datetime.datetime):
        disabled_providers (list[str]):
        edit_window_seconds (int):
        guest_policy (GuestPolicy):
        id (str):
        language (str):
        max_depth (int):
        moderation (ModerationMode):
        name (str):
        notify_emails (list[str]):
        notify_on (NotifyOn): Which new comments email the site's `notify_emails` (moderator alerts).
        origins (list[str]):
        spam_settings (SpamSettings): Every check, in the order they run. PATCH replaces the whole object; omitted parts
            take their defaults.
        updated_at (datetime.datetime):
    """

    closed: bool
    created_at: datetime.datetime
    disabled_providers: list[str]
    edit_window_seconds: int
    guest_policy: GuestPolicy
    id: str
    language: str
    max_depth: int
    moderation: ModerationMode
    name: str
    notify_emails: list[str]
    notify_on: NotifyOn
    origins: list[str]
    spam_settings: SpamSettings
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        closed = self.closed

        created_at = self.created_at.isoformat()

        disabled_providers = self.disabled_providers

        edit_window_seconds = self.edit_window_seconds

        guest_policy = self.guest_policy.value

        id = self.id

        language = self.language

        max_depth = self.max_depth

        moderation = self.moderation.value

        name = self.name

        notify_emails = self.notify_emails

        notify_on = self.notify_on.value

        origins = self.origins

        spam_settings = self.spam_settings.to_dict()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "closed": closed,
                "created_at": created_at,
                "disabled_providers": disabled_providers,
                "edit_window_seconds": edit_window_seconds,
                "guest_policy": guest_policy,
                "id": id,
                "language": language,
                "max_depth": max_depth,
                "moderation": moderation,
                "name": name,
                "notify_emails": notify_emails,
                "notify_on": notify_on,
                "origins": origins,
                "spam_settings": spam_settings,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.spam_settings import SpamSettings  # noqa: PLC0415

        d = dict(src_dict)
        closed = d.pop("closed")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        disabled_providers = cast(list[str], d.pop("disabled_providers"))

        edit_window_seconds = d.pop("edit_window_seconds")

        guest_policy = GuestPolicy(d.pop("guest_policy"))

        id = d.pop("id")

        language = d.pop("language")

        max_depth = d.pop("max_depth")

        moderation = ModerationMode(d.pop("moderation"))

        name = d.pop("name")

        notify_emails = cast(list[str], d.pop("notify_emails"))

        notify_on = NotifyOn(d.pop("notify_on"))

        origins = cast(list[str], d.pop("origins"))

        spam_settings = SpamSettings.from_dict(d.pop("spam_settings"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        site_read = cls(
            closed=closed,
            created_at=created_at,
            disabled_providers=disabled_providers,
            edit_window_seconds=edit_window_seconds,
            guest_policy=guest_policy,
            id=id,
            language=language,
            max_depth=max_depth,
            moderation=moderation,
            name=name,
            notify_emails=notify_emails,
            notify_on=notify_on,
            origins=origins,
            spam_settings=spam_settings,
            updated_at=updated_at,
        )

        site_read.additional_properties = d
        return site_read

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
