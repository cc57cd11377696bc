"""The site bootstrap a thread read carries (contract C1): what the widget's form needs, so the
first paint is one request after the script."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field
from typing_extensions import TypeAliasType

from app.sites.models import GuestPolicy, ModerationMode

CannotCommentReason = TypeAliasType("CannotCommentReason", Literal["closed", "no_login_available"])


class ProviderInfo(BaseModel):
    """A login provider enabled on the site (as GET …/auth/providers lists it)."""

    name: str
    label: str
    icon: str
    login_url: str = Field(description="The popup's start page; add site, origin and challenge")


class SiteBootstrap(BaseModel):
    """The site's settings as the widget needs them, and whether anyone can comment here."""

    id: str
    name: str
    closed: bool
    guest_policy: GuestPolicy
    moderation: ModerationMode
    edit_window_seconds: int
    display_depth: int = Field(description="Replies nest this deep (the site's max_depth)")
    max_depth: int = Field(description="Same as display_depth (the name in the site settings)")
    providers: list[ProviderInfo]
    email_notifications: bool = Field(description="True when the server can send email")
    can_comment: bool
    cannot_comment_reason: CannotCommentReason | None = None


@dataclass(frozen=True)
class LoginOptions:
    """What the server offers for login, the same for every site: configured providers (name,
    label, icon) and whether email is on."""

    providers: Sequence[tuple[str, str, str]]
    email_notifications: bool
    base_url: str


def site_bootstrap(row: Any, options: LoginOptions, *, thread_closed: bool) -> SiteBootstrap:
    """The bootstrap from a row with the site's columns (prefixed `site_`)."""
    disabled = set(row.site_disabled_providers or [])
    providers = [
        ProviderInfo(
            name=name, label=label, icon=icon, login_url=f"{options.base_url}/auth/{name}/login"
        )
        for name, label, icon in options.providers
        if name not in disabled
    ]
    closed = bool(row.site_closed)
    reason: CannotCommentReason | None = None
    if closed or thread_closed:
        reason = "closed"
    elif row.site_guest_policy == GuestPolicy.oauth_only and not providers:
        reason = "no_login_available"
    return SiteBootstrap(
        id=row.site_id,
        name=row.site_name,
        closed=closed,
        guest_policy=row.site_guest_policy,
        moderation=row.site_moderation,
        edit_window_seconds=row.site_edit_window_seconds,
        display_depth=row.site_max_depth,
        max_depth=row.site_max_depth,
        providers=providers,
        email_notifications=options.email_notifications,
        can_comment=reason is None,
        cannot_comment_reason=reason,
    )
