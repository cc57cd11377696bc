"""Request and response bodies of the login API, admin tokens and moderator roles."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.identity.access import Role
from app.sites.schemas import SITE_ID_PATTERN
from app.validation import Label


class TokenRequest(BaseModel):
    """A login code from the popup and the PKCE verifier the widget kept."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=200)
    verifier: str = Field(min_length=43, max_length=128, pattern=r"^[A-Za-z0-9._~-]+$")


class IdentityRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)

    id: int
    provider: str
    name: str = Field(validation_alias="display_name")
    avatar_url: str | None
    profile_url: str | None


class TokenRead(BaseModel):
    token: str
    identity: IdentityRead
    expires_at: datetime


class MeRead(IdentityRead):
    site: str
    moderator: bool
    display_name: str = Field(description="The name shown on comments (same as name)")
    provider_label: str = Field(description="For 'You are commenting using your X account'")


class ProviderRead(BaseModel):
    name: str
    label: str
    icon: str


class ProvidersRead(BaseModel):
    providers: list[ProviderRead]


class AdminProviderRead(ProviderRead):
    enabled: bool = Field(description="Offered on this site (not in its disabled_providers)")


class AdminProviderList(BaseModel):
    providers: list[AdminProviderRead] = Field(description="Every provider this server configures")


class PersonRead(BaseModel):
    """A commenter with an account, as a site's admins may see them (never their email)."""

    identity_id: int
    name: str
    provider: str
    moderator: bool


class PersonList(BaseModel):
    people: list[PersonRead]


class ModeratorRead(BaseModel):
    identity_id: int
    name: str
    provider: str
    created_at: datetime


class ModeratorList(BaseModel):
    moderators: list[ModeratorRead]


class AdminTokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Label = Field(min_length=1, max_length=100)
    site_id: str | None = Field(
        default=None, pattern=SITE_ID_PATTERN, description="Limit to one site; omit for all sites"
    )


class AdminTokenRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    site_id: str | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class AdminTokenCreated(AdminTokenRead):
    token: str = Field(description="The secret: shown once, only its hash is stored")


class AdminTokenList(BaseModel):
    tokens: list[AdminTokenRead]


class AdminMe(BaseModel):
    """Who an admin credential is and what it may do (docs/permissions.md)."""

    actor: str = Field(description="As written in the audit log")
    role: Role
    site_ids: list[str] | None = Field(description="The sites it acts on; null for every site")


class AdminLogin(BaseModel):
    """Open an /admin session: with an admin token, or with the one-time code and PKCE verifier
    of a moderator's login made on /admin."""

    model_config = ConfigDict(extra="forbid")

    token: str | None = Field(default=None, min_length=1, max_length=200)
    code: str | None = Field(default=None, min_length=1, max_length=200)
    verifier: str | None = Field(
        default=None, min_length=43, max_length=128, pattern=r"^[A-Za-z0-9._~-]+$"
    )


class AdminSessionRead(AdminMe):
    """The /admin session just opened (its token is only in the HttpOnly cookie)."""

    expires_at: datetime


class AdminSessionState(BaseModel):
    """Whether the request carries a valid /admin credential, and whose."""

    logged_in: bool
    actor: str | None = None
    role: Role | None = None
    site_ids: list[str] | None = None
