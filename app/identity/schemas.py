"""Request and response bodies of the login API."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


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


class ProviderRead(BaseModel):
    name: str
    label: str
    icon: str


class ProvidersRead(BaseModel):
    providers: list[ProviderRead]
