"""Site schemas: the admin view (everything) and the public view (what the widget needs)."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator
from typing_extensions import TypeAliasType

from app.sites.models import GuestPolicy, ModerationMode, NotifyOn
from app.sites.spam_settings import SpamSettings, effective_spam_settings
from app.sites.urls import InvalidURL, normalize_origin
from app.validation import Flag, Int, Label, scrub

SITE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
# the widget's languages
Language = TypeAliasType("Language", Literal["en", "de", "fr", "es", "uk"])
Provider = Annotated[Label, Field(min_length=1, max_length=40)]  # as Identity.provider


def _normalize_origins(origins: list[str]) -> list[str]:
    normalized: list[str] = []
    for origin in origins:
        try:
            value = normalize_origin(origin)
        except InvalidURL as exc:
            raise ValueError(f"invalid origin {origin!r}: {exc}") from exc
        if value not in normalized:
            normalized.append(value)
    return normalized


class SiteSettingsFields(BaseModel):
    """The settings a site owner may change."""

    model_config = ConfigDict(extra="forbid")

    name: Label | None = Field(default=None, min_length=1, max_length=200)
    origins: list[Label] | None = Field(default=None, max_length=50)
    moderation: ModerationMode | None = None
    guest_policy: GuestPolicy | None = None
    edit_window_seconds: Int | None = Field(default=None, ge=0, le=7 * 24 * 3600)
    max_depth: Int | None = Field(default=None, ge=1, le=20)
    closed: Flag | None = None
    disabled_providers: list[Provider] | None = Field(default=None, max_length=50)
    spam_settings: SpamSettings | None = Field(
        default=None, description="Spam checks; replaced as a whole, omitted parts take defaults"
    )
    notify_emails: list[EmailStr] | None = Field(
        default=None, max_length=20, description="Moderators' addresses for new-comment alerts"
    )
    notify_on: NotifyOn | None = Field(
        default=None, description="Alert on comments entering the queue, on all, or never"
    )
    language: Language | None = Field(default=None, description="Language of emails and pages")

    @field_validator("origins")
    @classmethod
    def _origins(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _normalize_origins(value)


class SiteCreate(SiteSettingsFields):
    id: str = Field(pattern=SITE_ID_PATTERN, description="Slug used in URLs, e.g. 'myblog'")
    name: Label | None = Field(default=None, min_length=1, max_length=200)
    origins: list[Label] | None = Field(default=None, min_length=1, max_length=50)


class SiteUpdate(SiteSettingsFields):
    pass


class SiteRead(BaseModel):
    """A site as its administrators see it."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    origins: list[str]
    moderation: ModerationMode
    guest_policy: GuestPolicy
    edit_window_seconds: int
    max_depth: int
    closed: bool
    disabled_providers: list[str]
    spam_settings: SpamSettings
    notify_emails: list[str]
    notify_on: NotifyOn
    language: str
    created_at: datetime
    updated_at: datetime

    @field_validator("spam_settings", mode="before")
    @classmethod
    def _effective(cls, value: Any) -> SpamSettings:
        return effective_spam_settings(value)

    @field_validator("name", "origins", "disabled_providers", "notify_emails", mode="before")
    @classmethod
    def _readable(cls, value: Any) -> Any:
        # Rows written before text was checked may hold what JSON cannot carry.
        return scrub(value, labels=True)


class SitePublic(BaseModel):
    """What any page embedding the widget may know about a site."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    guest_policy: GuestPolicy
    moderation: ModerationMode
    max_depth: int
    edit_window_seconds: int
    closed: bool


class SiteList(BaseModel):
    sites: list[SiteRead]
