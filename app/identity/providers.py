"""Login providers: an Authlib client per configured provider, and how to fetch each one's profile.

Registering a client performs no I/O; OpenID Connect discovery documents are fetched on first use.
"""

import warnings
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import httpx

from app.config import Settings

with warnings.catch_warnings():
    # Authlib 1.9 announces, on import, a future move of its httpx integration to "httpx2";
    # nothing to do until that ships, and every start printed it. Its module installs an
    # "always" filter when first imported, so ours goes in after that.
    import authlib.deprecate  # noqa: F401

    warnings.filterwarnings("ignore", message="The httpx module is deprecated")
    from authlib.integrations.starlette_client import OAuth
from app.identity.profiles import (
    Profile,
    ProfileError,
    map_facebook,
    map_github,
    map_google,
    map_microsoft,
    map_oidc,
    map_twitter,
    map_wordpress,
)

try:  # Authlib's httpx integration prefers `httpx2` when installed and raises its errors then
    import httpx2

    HTTP_ERRORS: tuple[type[Exception], ...] = (httpx.HTTPError, httpx2.HTTPError)
except ImportError:
    HTTP_ERRORS = (httpx.HTTPError,)

HTTP_TIMEOUT_SECONDS = 10.0
OIDC_SCOPE = "openid email profile"

Client = Any  # authlib's StarletteOAuth2App; Authlib ships no type information
ProfileFetcher = Callable[[Client, dict[str, Any]], Awaitable[Profile]]


@dataclass(frozen=True)
class Provider:
    """One configured login provider."""

    name: str
    label: str
    icon: str
    client: Client
    fetch_profile: ProfileFetcher
    oidc: bool = False


@dataclass(frozen=True)
class ProviderRegistry:
    """The configured providers, by name, in display order."""

    providers: dict[str, Provider] = field(default_factory=dict)

    def get(self, name: str) -> Provider | None:
        return self.providers.get(name)

    def all(self) -> list[Provider]:
        return list(self.providers.values())


async def _get_json(client: Client, url: str, token: dict[str, Any], **kwargs: Any) -> Any:
    response = await client.get(url, token=token, **kwargs)
    response.raise_for_status()
    return response.json()


async def _github_profile(client: Client, token: dict[str, Any]) -> Profile:
    headers = {"Accept": "application/vnd.github+json"}
    user = await _get_json(client, "user", token, headers=headers)
    try:
        emails = await _get_json(client, "user/emails", token, headers=headers)
    except HTTP_ERRORS:
        emails = []  # scope user:email not granted: no email, still a valid identity
    return map_github(user, emails)


async def _facebook_profile(client: Client, token: dict[str, Any]) -> Profile:
    me = await _get_json(client, "me", token, params={"fields": "id,name,picture,link"})
    return map_facebook(me)


async def _twitter_profile(client: Client, token: dict[str, Any]) -> Profile:
    body = await _get_json(client, "users/me", token, params={"user.fields": "profile_image_url"})
    return map_twitter(body)


async def _wordpress_profile(client: Client, token: dict[str, Any]) -> Profile:
    return map_wordpress(await _get_json(client, "me", token))


async def _oidc_claims(client: Client, token: dict[str, Any]) -> dict[str, Any]:
    """The verified id_token claims, completed from the userinfo endpoint when they lack a name."""
    claims = dict(token.get("userinfo") or {})
    if not claims.get("sub"):
        raise ProfileError("the provider returned no verified id_token")
    metadata = await client.load_server_metadata()
    if not claims.get("name") and metadata.get("userinfo_endpoint"):
        extra = dict(await client.userinfo(token=token))
        if extra.get("sub") != claims["sub"]:
            raise ProfileError("userinfo is about another subject than the id_token")
        claims = {**extra, **claims}
    return claims


def _oidc_fetcher(mapper: Callable[[dict[str, Any]], Profile]) -> ProfileFetcher:
    async def fetch(client: Client, token: dict[str, Any]) -> Profile:
        return mapper(await _oidc_claims(client, token))

    return fetch


@dataclass(frozen=True)
class BuiltIn:
    """A provider Parley knows: its endpoints, scopes and profile fetcher."""

    name: str
    label: str
    fetch_profile: ProfileFetcher
    endpoints: Callable[[Settings], dict[str, str]]
    scope: str
    token_auth: str = "client_secret_post"  # noqa: S105 - a method name, not a secret
    oidc: bool = False


BUILT_INS = (
    BuiltIn(
        "github",
        "GitHub",
        _github_profile,
        lambda _: {
            "authorize_url": "https://github.com/login/oauth/authorize",
            "access_token_url": "https://github.com/login/oauth/access_token",
            "api_base_url": "https://api.github.com/",
        },
        scope="read:user user:email",
    ),
    BuiltIn(
        "google",
        "Google",
        _oidc_fetcher(map_google),
        lambda _: {
            "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration"
        },
        scope=OIDC_SCOPE,
        oidc=True,
    ),
    BuiltIn(
        "facebook",
        "Facebook",
        _facebook_profile,
        lambda _: {
            "authorize_url": "https://www.facebook.com/v21.0/dialog/oauth",
            "access_token_url": "https://graph.facebook.com/v21.0/oauth/access_token",
            "api_base_url": "https://graph.facebook.com/v21.0/",
        },
        scope="public_profile",
    ),
    BuiltIn(
        "twitter",
        "X",
        _twitter_profile,
        lambda _: {
            "authorize_url": "https://x.com/i/oauth2/authorize",
            "access_token_url": "https://api.x.com/2/oauth2/token",
            "api_base_url": "https://api.x.com/2/",
        },
        scope="users.read tweet.read",
        token_auth="client_secret_basic",  # noqa: S106
    ),
    BuiltIn(
        "wordpress",
        "WordPress.com",
        _wordpress_profile,
        lambda _: {
            "authorize_url": "https://public-api.wordpress.com/oauth2/authorize",
            "access_token_url": "https://public-api.wordpress.com/oauth2/token",
            "api_base_url": "https://public-api.wordpress.com/rest/v1/",
        },
        scope="auth",
    ),
    BuiltIn(
        "microsoft",
        "Microsoft",
        _oidc_fetcher(map_microsoft),
        lambda s: {
            "server_metadata_url": "https://login.microsoftonline.com/"
            f"{s.microsoft_tenant}/v2.0/.well-known/openid-configuration"
        },
        scope=OIDC_SCOPE,
        oidc=True,
    ),
)


def _credentials(settings: Settings, name: str) -> tuple[str, str] | None:
    client_id = getattr(settings, f"{name}_client_id", None)
    secret = getattr(settings, f"{name}_client_secret", None)
    if not client_id or secret is None or not secret.get_secret_value():
        return None
    return str(client_id), str(secret.get_secret_value())


def _client_kwargs(scope: str, token_auth: str) -> dict[str, Any]:
    return {
        "scope": scope,
        "code_challenge_method": "S256",
        "token_endpoint_auth_method": token_auth,
        "timeout": HTTP_TIMEOUT_SECONDS,
    }


def build_registry(
    settings: Settings, *, endpoints: Mapping[str, Mapping[str, str]] | None = None
) -> ProviderRegistry:
    """Authlib clients for every configured provider; `endpoints` overrides URLs by provider name
    (a self-hosted GitHub Enterprise, or the tests' local stub servers)."""
    endpoints = endpoints or {}
    oauth = OAuth()
    providers: dict[str, Provider] = {}
    for spec in BUILT_INS:
        credentials = _credentials(settings, spec.name)
        if credentials is None:
            continue
        urls = spec.endpoints(settings) | dict(endpoints.get(spec.name, {}))
        client = oauth.register(
            spec.name,
            client_id=credentials[0],
            client_secret=credentials[1],
            client_kwargs=_client_kwargs(spec.scope, spec.token_auth),
            **urls,
        )
        providers[spec.name] = Provider(
            spec.name, spec.label, spec.name, client, spec.fetch_profile, spec.oidc
        )
    for oidc in settings.oidc_providers:
        if oidc.name in providers:
            continue  # a built-in's name cannot be taken over
        issuer = oidc.issuer.rstrip("/")
        urls = {"server_metadata_url": f"{issuer}/.well-known/openid-configuration"}
        client = oauth.register(
            oidc.name,
            client_id=oidc.client_id,
            client_secret=oidc.client_secret.get_secret_value(),
            client_kwargs=_client_kwargs(OIDC_SCOPE, "client_secret_basic"),
            **(urls | dict(endpoints.get(oidc.name, {}))),
        )
        fetch = _oidc_fetcher(partial(map_oidc, oidc.name))
        providers[oidc.name] = Provider(
            oidc.name, oidc.label, oidc.icon or "openid", client, fetch, oidc=True
        )
    return ProviderRegistry(providers)
