from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.guest_policy import GuestPolicy
from ..models.language import Language
from ..models.moderation_mode import ModerationMode
from ..models.notify_on import NotifyOn
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.spam_settings import SpamSettings


T = TypeVar("T", bound="SiteCreate")


@_attrs_define
class SiteCreate:
    """
    Attributes:
        id (str): Slug used in URLs, e.g. 'myblog'
        closed (bool | None | Unset):
        disabled_providers (list[str] | None | Unset):
        edit_window_seconds (int | None | Unset):
        guest_policy (GuestPolicy | None | Unset):
        language (Language | None | Unset): Language of emails and pages
        max_depth (int | None | Unset):
        moderation (ModerationMode | None | Unset):
        name (None | str | Unset):
        notify_emails (list[str] | None | Unset): Moderators' addresses for new-comment alerts
        notify_on (None | NotifyOn | Unset): Alert on comments entering the queue, on all, or never
        origins (list[str] | None | Unset):
        spam_settings (None | SpamSettings | Unset): Spam checks; replaced as a whole, omitted parts take defaults
    """

    id: str
    closed: bool | None | Unset = UNSET
    disabled_providers: list[str] | None | Unset = UNSET
    edit_window_seconds: int | None | Unset = UNSET
    guest_policy: GuestPolicy | None | Unset = UNSET
    language: Language | None | Unset = UNSET
    max_depth: int | None | Unset = UNSET
    moderation: ModerationMode | None | Unset = UNSET
    name: None | str | Unset = UNSET
    notify_emails: list[str] | None | Unset = UNSET
    notify_on: None | NotifyOn | Unset = UNSET
    origins: list[str] | None | Unset = UNSET
    spam_settings: None | SpamSettings | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.spam_settings import SpamSettings  # noqa: PLC0415

        id = self.id

        closed: bool | None | Unset
        if isinstance(self.closed, Unset):
            closed = UNSET
        else:
            closed = self.closed

        disabled_providers: list[str] | None | Unset
        if isinstance(self.disabled_providers, Unset):
            disabled_providers = UNSET
        elif isinstance(self.disabled_providers, list):
            disabled_providers = self.disabled_providers

        else:
            disabled_providers = self.disabled_providers

        edit_window_seconds: int | None | Unset
        if isinstance(self.edit_window_seconds, Unset):
            edit_window_seconds = UNSET
        else:
            edit_window_seconds = self.edit_window_seconds

        guest_policy: None | str | Unset
        if isinstance(self.guest_policy, Unset):
            guest_policy = UNSET
        elif isinstance(self.guest_policy, GuestPolicy):
            guest_policy = self.guest_policy.value
        else:
            guest_policy = self.guest_policy

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        elif isinstance(self.language, Language):
            language = self.language.value
        else:
            language = self.language

        max_depth: int | None | Unset
        if isinstance(self.max_depth, Unset):
            max_depth = UNSET
        else:
            max_depth = self.max_depth

        moderation: None | str | Unset
        if isinstance(self.moderation, Unset):
            moderation = UNSET
        elif isinstance(self.moderation, ModerationMode):
            moderation = self.moderation.value
        else:
            moderation = self.moderation

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        notify_emails: list[str] | None | Unset
        if isinstance(self.notify_emails, Unset):
            notify_emails = UNSET
        elif isinstance(self.notify_emails, list):
            notify_emails = self.notify_emails

        else:
            notify_emails = self.notify_emails

        notify_on: None | str | Unset
        if isinstance(self.notify_on, Unset):
            notify_on = UNSET
        elif isinstance(self.notify_on, NotifyOn):
            notify_on = self.notify_on.value
        else:
            notify_on = self.notify_on

        origins: list[str] | None | Unset
        if isinstance(self.origins, Unset):
            origins = UNSET
        elif isinstance(self.origins, list):
            origins = self.origins

        else:
            origins = self.origins

        spam_settings: dict[str, Any] | None | Unset
        if isinstance(self.spam_settings, Unset):
            spam_settings = UNSET
        elif isinstance(self.spam_settings, SpamSettings):
            spam_settings = self.spam_settings.to_dict()
        else:
            spam_settings = self.spam_settings

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
            }
        )
        if closed is not UNSET:
            field_dict["closed"] = closed
        if disabled_providers is not UNSET:
            field_dict["disabled_providers"] = disabled_providers
        if edit_window_seconds is not UNSET:
            field_dict["edit_window_seconds"] = edit_window_seconds
        if guest_policy is not UNSET:
            field_dict["guest_policy"] = guest_policy
        if language is not UNSET:
            field_dict["language"] = language
        if max_depth is not UNSET:
            field_dict["max_depth"] = max_depth
        if moderation is not UNSET:
            field_dict["moderation"] = moderation
        if name is not UNSET:
            field_dict["name"] = name
        if notify_emails is not UNSET:
            field_dict["notify_emails"] = notify_emails
        if notify_on is not UNSET:
            field_dict["notify_on"] = notify_on
        if origins is not UNSET:
            field_dict["origins"] = origins
        if spam_settings is not UNSET:
            field_dict["spam_settings"] = spam_settings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.spam_settings import SpamSettings  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_closed(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        closed = _parse_closed(d.pop("closed", UNSET))

        def _parse_disabled_providers(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                disabled_providers_type_0 = cast(list[str], data)

                return disabled_providers_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        disabled_providers = _parse_disabled_providers(d.pop("disabled_providers", UNSET))

        def _parse_edit_window_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        edit_window_seconds = _parse_edit_window_seconds(d.pop("edit_window_seconds", UNSET))

        def _parse_guest_policy(data: object) -> GuestPolicy | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                guest_policy_type_0 = GuestPolicy(data)

                return guest_policy_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GuestPolicy | None | Unset, data)

        guest_policy = _parse_guest_policy(d.pop("guest_policy", UNSET))

        def _parse_language(data: object) -> Language | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                language_type_0 = Language(data)

                return language_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Language | None | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        def _parse_max_depth(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_depth = _parse_max_depth(d.pop("max_depth", UNSET))

        def _parse_moderation(data: object) -> ModerationMode | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                moderation_type_0 = ModerationMode(data)

                return moderation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ModerationMode | None | Unset, data)

        moderation = _parse_moderation(d.pop("moderation", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_notify_emails(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                notify_emails_type_0 = cast(list[str], data)

                return notify_emails_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        notify_emails = _parse_notify_emails(d.pop("notify_emails", UNSET))

        def _parse_notify_on(data: object) -> None | NotifyOn | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                notify_on_type_0 = NotifyOn(data)

                return notify_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | NotifyOn | Unset, data)

        notify_on = _parse_notify_on(d.pop("notify_on", UNSET))

        def _parse_origins(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                origins_type_0 = cast(list[str], data)

                return origins_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        origins = _parse_origins(d.pop("origins", UNSET))

        def _parse_spam_settings(data: object) -> None | SpamSettings | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                spam_settings_type_0 = SpamSettings.from_dict(data)

                return spam_settings_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SpamSettings | Unset, data)

        spam_settings = _parse_spam_settings(d.pop("spam_settings", UNSET))

        site_create = cls(
            id=id,
            closed=closed,
            disabled_providers=disabled_providers,
            edit_window_seconds=edit_window_seconds,
            guest_policy=guest_policy,
            language=language,
            max_depth=max_depth,
            moderation=moderation,
            name=name,
            notify_emails=notify_emails,
            notify_on=notify_on,
            origins=origins,
            spam_settings=spam_settings,
        )

        return site_create
