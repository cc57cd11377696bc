"""Login checks, identities, one-time login codes and session tokens. Services only flush."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.crypto import hash_token, new_token, s256_challenge, tokens_equal
from app.db.base import utcnow
from app.errors import AppError, Forbidden, NotFound, Unauthorized
from app.identity.models import AuthSession, Identity, LoginCode, Moderator
from app.identity.profiles import Profile
from app.identity.providers import BUILT_INS, Provider, ProviderRegistry
from app.sites.models import Site
from app.sites.service import OriginNotAllowed, get_site
from app.sites.urls import InvalidURL, normalize_origin

CHALLENGE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # base64url(SHA-256) without padding


class InvalidLoginRequest(AppError):
    status, type, title = 400, "invalid-input", "Invalid login request"


@dataclass(frozen=True)
class LoginStart:
    """A validated login request: where to log in, for which site, and whom to tell."""

    provider: Provider
    site_id: str
    origin: str
    challenge: str


def enabled_providers(site: Site, registry: ProviderRegistry) -> list[Provider]:
    """Configured providers not switched off for the site, in display order."""
    disabled = set(site.disabled_providers or [])
    return [provider for provider in registry.all() if provider.name not in disabled]


class NoLoginAvailable(AppError):
    status, type, title = 422, "no-login-available", "Nobody could log in"


class UnknownProvider(AppError):
    status, type, title = 422, "unknown-provider", "Unknown login provider"


def check_providers_known(
    registry: ProviderRegistry, sent: list[str] | None, stored: list[str] | None
) -> None:
    """Refuse a provider name this server does not know (a typo would be saved silently). Known:
    the configured ones, the built-ins (switched off ahead of being configured) and the names
    already stored (a provider unconfigured later does not lock the form)."""
    known = {p.name for p in registry.all()} | {b.name for b in BUILT_INS} | set(stored or [])
    unknown = [name for name in sent or [] if name not in known]
    if unknown:
        configured = ", ".join(p.name for p in registry.all()) or "none is configured"
        raise UnknownProvider(
            f"Unknown login provider {', '.join(map(repr, unknown))} "
            f"(configured on this server: {configured})."
        )


def check_login_available(
    registry: ProviderRegistry, guest_policy: str, disabled_providers: list[str] | None
) -> None:
    """Refuse `oauth_only` when no provider would be left on for the site: nobody could comment."""
    if guest_policy != "oauth_only":
        return
    disabled = set(disabled_providers or [])
    if not any(p.name not in disabled for p in registry.all()):
        configured = ", ".join(p.name for p in registry.all()) or "none is configured"
        raise NoLoginAvailable(
            "guest_policy 'oauth_only' needs at least one login provider enabled for the site "
            f"(configured on this server: {configured}); enable one or keep guests allowed."
        )


def _site_origins(site: Site) -> set[str]:
    origins = set()
    for origin in site.origins or []:
        try:
            origins.add(normalize_origin(origin))
        except InvalidURL:
            continue
    return origins


async def check_login_request(
    session: AsyncSession,
    registry: ProviderRegistry,
    provider_name: str,
    *,
    site_id: str,
    origin: str,
    challenge: str,
    own_origin: str = "",
) -> LoginStart:
    """Validate a popup's login request: provider enabled on the site, origin one of its own, or
    Parley's own (`own_origin`: the /admin page, where the site's moderators log in)."""
    site = await get_site(session, site_id)
    provider = next((p for p in enabled_providers(site, registry) if p.name == provider_name), None)
    if provider is None:
        raise NotFound(f"Login with '{provider_name}' is not available on this site.")
    try:
        normalized = normalize_origin(origin)
    except InvalidURL as exc:
        raise OriginNotAllowed(f"'{origin}' is not a valid origin.") from exc
    if normalized not in _site_origins(site) and normalized != own_origin:
        raise OriginNotAllowed(f"'{normalized}' is not one of the site's origins.")
    if not CHALLENGE_PATTERN.fullmatch(challenge):
        raise InvalidLoginRequest("challenge must be base64url(SHA-256(verifier)): 43 characters.")
    return LoginStart(provider, site.id, normalized, challenge)


async def _find_identity(session: AsyncSession, provider: str, subject: str) -> Identity | None:
    return await session.scalar(
        select(Identity).where(Identity.provider == provider, Identity.subject == subject)
    )


async def upsert_identity(session: AsyncSession, profile: Profile) -> Identity:
    """The identity for (provider, subject), created or refreshed from the profile."""
    identity = await _find_identity(session, profile.provider, profile.subject)
    if identity is None:
        try:
            async with session.begin_nested():
                identity = Identity(
                    provider=profile.provider, subject=profile.subject, display_name=profile.name
                )
                session.add(identity)
        except IntegrityError:  # the same person's first login, racing in another request
            identity = await _find_identity(session, profile.provider, profile.subject)
            assert identity is not None
    identity.display_name = profile.name
    identity.avatar_url = profile.avatar_url
    identity.profile_url = profile.profile_url
    identity.email = profile.email
    identity.last_login_at = utcnow()
    await session.flush()
    return identity


async def issue_login_code(
    session: AsyncSession,
    identity: Identity,
    *,
    site_id: str,
    challenge: str,
    ttl_seconds: int,
    scope: str = "commenter",
) -> str:
    """A one-time code for the opener; only its hash is stored. Drops long-expired codes."""
    now = utcnow()
    await session.execute(delete(LoginCode).where(LoginCode.expires_at < now - timedelta(days=1)))
    code = new_token()
    session.add(
        LoginCode(
            code_hash=hash_token(code),
            identity_id=identity.id,
            site_id=site_id,
            challenge=challenge,
            expires_at=now + timedelta(seconds=ttl_seconds),
            scope=scope,
        )
    )
    await session.flush()
    return code


async def complete_login(
    session: AsyncSession,
    profile: Profile,
    *,
    site_id: str,
    challenge: str,
    ttl_seconds: int,
    scope: str = "commenter",
) -> str:
    """Record the verified identity and issue the one-time login code for the site; commits."""
    await get_site(session, site_id)  # the site may have been deleted while the popup was open
    identity = await upsert_identity(session, profile)
    code = await issue_login_code(
        session,
        identity,
        site_id=site_id,
        challenge=challenge,
        ttl_seconds=ttl_seconds,
        scope=scope,
    )
    await session.commit()
    return code


@dataclass(frozen=True)
class IssuedSession:
    token: str
    expires_at: datetime
    identity: Identity
    site_id: str


async def redeem_login_code(
    session: AsyncSession, code: str, verifier: str, *, ttl: timedelta, admin: bool = False
) -> IssuedSession:
    """Exchange a login code and its PKCE verifier for a session token bound to the code's site
    (flushed: the caller commits once it accepts the session).

    A commenter session (the widget's), or with `admin` an /admin session, which only a code
    issued for Parley's own origin can give."""
    login = await session.get(LoginCode, hash_token(code))
    now = utcnow()
    if login is None:
        raise Unauthorized("Unknown login code.")
    if admin and login.scope != "admin":
        raise Forbidden("This login was made for a site's page; log in on /admin itself.")
    if login.used_at is not None:
        raise Unauthorized("This login code was already used; log in again.")
    if login.expires_at <= now:
        raise Unauthorized("This login code has expired; log in again.")
    if not tokens_equal(s256_challenge(verifier), login.challenge):
        raise Unauthorized("The verifier does not match this login's challenge.")
    # Conditional update: of two racing redemptions, exactly one wins.
    claimed = await session.execute(
        update(LoginCode)
        .where(LoginCode.code_hash == login.code_hash, LoginCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        raise Unauthorized("This login code was already used; log in again.")
    identity = await session.get_one(Identity, login.identity_id)
    token = new_token()
    expires_at = now + ttl
    session.add(
        AuthSession(
            token_hash=hash_token(token),
            identity_id=identity.id,
            site_id=login.site_id,
            expires_at=expires_at,
            scope="admin" if admin else "commenter",
        )
    )
    await session.flush()
    return IssuedSession(
        token=token, expires_at=expires_at, identity=identity, site_id=login.site_id
    )


async def log_in_commenter(
    session: AsyncSession, code: str, verifier: str, *, ttl: timedelta
) -> IssuedSession:
    """The widget's login: a commenter session for the popup's code, committed."""
    issued = await redeem_login_code(session, code, verifier, ttl=ttl)
    await session.commit()
    return issued


async def revoke_session(session: AsyncSession, session_id: int) -> None:
    """Log out: the token stops working at once (committed)."""
    await session.execute(
        update(AuthSession)
        .where(AuthSession.id == session_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    await session.commit()


async def is_moderator(session: AsyncSession, identity_id: int, site_id: str) -> bool:
    """Whether the identity moderates the site."""
    found = await session.scalar(
        select(Moderator.site_id).where(
            Moderator.identity_id == identity_id, Moderator.site_id == site_id
        )
    )
    return found is not None
