"""A site is a tenant: one blog or app whose pages carry Parley threads."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Enum, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, CreatedAtMixin, utcnow


class ModerationMode(StrEnum):
    none = "none"
    first_time = "first_time"
    all = "all"


class NotifyOn(StrEnum):
    """Which new comments email the site's `notify_emails` (moderator alerts)."""

    pending = "pending"  # those that wait in the moderation queue
    all = "all"
    none = "none"


class GuestPolicy(StrEnum):
    anonymous = "anonymous"
    name_email = "name_email"
    oauth_only = "oauth_only"


class Site(CreatedAtMixin, Base):
    __tablename__ = "sites"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    origins: Mapped[list[str]] = mapped_column(JSON, default=list)
    moderation: Mapped[ModerationMode] = mapped_column(
        Enum(ModerationMode, native_enum=False, length=20), default=ModerationMode.none
    )
    guest_policy: Mapped[GuestPolicy] = mapped_column(
        Enum(GuestPolicy, native_enum=False, length=20), default=GuestPolicy.name_email
    )
    edit_window_seconds: Mapped[int] = mapped_column(Integer, default=900)
    max_depth: Mapped[int] = mapped_column(Integer, default=4)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    # Providers switched off for this site; every configured provider not listed here is enabled.
    disabled_providers: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Per-site spam-check settings (see app.admission.spam.SpamSettings).
    spam_settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Email (app/notifications): moderator alerts, and the language of every email and page.
    notify_emails: Mapped[list[str]] = mapped_column(JSON, default=list)
    notify_on: Mapped[NotifyOn] = mapped_column(
        Enum(NotifyOn, native_enum=False, length=20), default=NotifyOn.pending
    )
    language: Mapped[str] = mapped_column(String(8), default="en")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
