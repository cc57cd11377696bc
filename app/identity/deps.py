"""Who is calling, as FastAPI dependencies: a commenter's session token resolved to their
identity, and an admin credential (root token, scoped token, moderator session) to an `Admin`."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Path, Request
from sqlalchemy import select, update

from app.config import Settings
from app.crypto import hash_token, tokens_equal
from app.db.base import utcnow
from app.db.session import Database, DatabaseDep
from app.errors import Forbidden, NotFound, Unauthorized
from app.identity.access import Admin, moderator_admin
from app.identity.models import AdminSession, AdminToken, AuthSession, Identity, Moderator
from app.identity.providers import ProviderRegistry
from app.runtime import part, runtime_of
from app.sites.models import Site
from app.sites.schemas import SITE_ID_PATTERN
from app.sites.urls import InvalidURL, normalize_origin

# last_used_at is written at most this often per token: a busy script must not queue writes.
TOUCH_INTERVAL = timedelta(minutes=1)
# The /admin session cookie, and the header every request it authenticates must carry (CSRF).
ADMIN_COOKIE = "parley_admin"
CSRF_HEADER = "X-Parley-Admin"


@dataclass(frozen=True)
class Viewer:
    """A logged-in commenter: the identity and the site its session token is bound to."""

    identity: Identity
    session_id: int
    site_id: str
    scope: str = "commenter"


@dataclass(frozen=True)
class IdentityRuntime:
    """What the login routes need from the app: settings and the provider registry (registered
    in the app's runtime when it is assembled)."""

    settings: Settings
    registry: ProviderRegistry


IdentityDep = Annotated[IdentityRuntime, Depends(part(IdentityRuntime))]


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def _session_viewer(database: Database, token: str) -> Viewer:
    """The identity behind a session token, whatever its scope (401 when unknown or ended).

    Looked up in a session of its own that is closed at once: a request holds at most one pooled
    connection at a time (the route's), so a busy server cannot deadlock on its own pool.
    """
    async with database.read_sessions() as session:
        row = (
            await session.execute(
                select(AuthSession, Identity)
                .join(Identity, Identity.id == AuthSession.identity_id)
                .where(AuthSession.token_hash == hash_token(token))
            )
        ).first()
    if row is None:
        raise Unauthorized("Unknown session token; log in again.")
    auth_session, identity = row
    if auth_session.revoked_at is not None or auth_session.expires_at <= utcnow():
        raise Unauthorized("Session expired or logged out; log in again.")
    return Viewer(
        identity=identity,
        session_id=auth_session.id,
        site_id=auth_session.site_id,
        scope=auth_session.scope,
    )


async def get_optional_viewer(request: Request, database: DatabaseDep) -> Viewer | None:
    """The viewer behind a valid commenter session token; None when no token is sent.

    A token that is sent but unknown, expired or revoked is an error, never a silent guest.
    Admin tokens are not commenter sessions; admin routes resolve those themselves.
    """
    token = bearer_token(request)
    if token is None:
        return None
    return await _session_viewer(database, token)


async def get_viewer(viewer: Annotated[Viewer | None, Depends(get_optional_viewer)]) -> Viewer:
    if viewer is None:
        raise Unauthorized("Log in first: send Authorization: Bearer <session token>.")
    return viewer


OptionalViewer = Annotated[Viewer | None, Depends(get_optional_viewer)]
CurrentViewer = Annotated[Viewer, Depends(get_viewer)]


async def _stored_token(database: Database, token: str) -> AdminToken | None:
    """Look the token up and record its use in short sessions of their own.

    The request's session is not used: GET requests read in a session that never commits, and on
    SQLite a write request's session holds the write lock until its service commits.
    """
    async with database.read_sessions() as session:
        stored = await session.scalar(
            select(AdminToken).where(AdminToken.token_hash == hash_token(token))
        )
    if stored is None or stored.revoked_at is not None:
        return stored
    now = utcnow()
    if stored.last_used_at is None or now - stored.last_used_at >= TOUCH_INTERVAL:
        async with database.write_sessions() as session:
            await session.execute(
                update(AdminToken).where(AdminToken.id == stored.id).values(last_used_at=now)
            )
            await session.commit()
    return stored


def own_origin(request: Request) -> str:
    """Parley's own origin (the /admin page's): PARLEY_BASE_URL's, else the request's."""
    base = urlsplit(runtime_of(request.app).require(Settings).base_url or str(request.base_url))
    try:
        return normalize_origin(f"{base.scheme}://{base.netloc}")
    except InvalidURL:
        return ""


def admin_credential(request: Request) -> tuple[str, bool] | None:
    """The admin credential sent: a bearer token, else the /admin session cookie (True)."""
    token = bearer_token(request)
    if token is not None:
        return token, False
    cookie = request.cookies.get(ADMIN_COOKIE, "")
    return (cookie, True) if 20 <= len(cookie) <= 200 else None


def check_cookie_request(request: Request) -> None:
    """A request that a cookie authenticates comes from /admin itself, never from another page:
    it carries the custom header (a cross-origin page cannot send it without a preflight that
    nothing answers) and, when the browser says so, Parley's own origin (CSRF)."""
    if request.headers.get(CSRF_HEADER) != "1":
        raise Forbidden(f"A request with the admin cookie must send {CSRF_HEADER}: 1.")
    origin = request.headers.get("origin")
    if origin is not None and origin != own_origin(request):
        raise Forbidden("Cross-origin requests cannot use the admin cookie.")
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        raise Forbidden("Cross-site requests cannot use the admin cookie.")


async def _cookie_session_admin(database: Database, root: str, token: str) -> Admin | None:
    """The admin of an /admin session opened with an admin token, while both are valid."""
    async with database.read_sessions() as session:
        opened = await session.scalar(
            select(AdminSession).where(AdminSession.token_hash == hash_token(token))
        )
        if opened is None:
            return None
        if opened.revoked_at is not None or opened.expires_at <= utcnow():
            raise Unauthorized("Session expired or logged out; log in again.")
        if root and tokens_equal(opened.credential_hash, hash_token(root)):
            return Admin(actor="root", site_ids=None)
        stored = await session.scalar(
            select(AdminToken).where(
                AdminToken.token_hash == opened.credential_hash, AdminToken.revoked_at.is_(None)
            )
        )
    if stored is None:
        raise Unauthorized("The token this session was opened with is no longer valid.")
    return token_admin(stored)


def token_admin(stored: AdminToken) -> Admin:
    scope = None if stored.site_id is None else frozenset({stored.site_id})
    return Admin(actor=f"token:{stored.id}:{stored.name}", site_ids=scope)


async def get_admin(request: Request, database: DatabaseDep) -> Admin:
    """Resolve the admin credential: the root token, a stored admin token, an /admin session
    (cookie, or its token as a bearer) of an admin token or of a moderator identity."""
    credential = admin_credential(request)
    if credential is None:
        raise Unauthorized("Log in on /admin, or send Authorization: Bearer <admin token>.")
    token, from_cookie = credential
    if from_cookie:
        check_cookie_request(request)
    root = runtime_of(request.app).require(Settings).admin_token.get_secret_value()
    if not from_cookie and root and tokens_equal(token, root):
        return Admin(actor="root", site_ids=None)
    stored = None if from_cookie else await _stored_token(database, token)
    if stored is not None:
        if stored.revoked_at is not None:
            raise Unauthorized("This admin token was revoked.")
        return token_admin(stored)
    opened = await _cookie_session_admin(database, root, token)
    if opened is not None:
        return opened
    viewer = await _session_viewer(database, token)
    async with database.read_sessions() as session:
        moderated = await session.scalar(
            select(Moderator.site_id).where(
                Moderator.identity_id == viewer.identity.id, Moderator.site_id == viewer.site_id
            )
        )
    return moderator_admin(
        viewer.scope,
        identity_id=viewer.identity.id,
        name=viewer.identity.display_name,
        site_id=viewer.site_id,
        moderates=moderated is not None,
    )


CurrentAdmin = Annotated[Admin, Depends(get_admin)]


async def get_root_admin(admin: CurrentAdmin) -> Admin:
    """The root token or an all-sites admin token (403 for any other credential)."""
    admin.require_root()
    return admin


# A dependency, so the refusal never waits for (or depends on) the body's validation.
RootAdmin = Annotated[Admin, Depends(get_root_admin)]


async def get_site_admin(
    site_id: Annotated[str, Path(pattern=SITE_ID_PATTERN, description="The site's slug")],
    admin: CurrentAdmin,
    database: DatabaseDep,
) -> Admin:
    """The admin, if allowed on the site in the path (403 otherwise) and the site exists (404)."""
    admin.require_moderator(site_id)
    async with database.read_sessions() as session:
        found = await session.scalar(select(Site.id).where(Site.id == site_id))
    if found is None:
        raise NotFound(f"No site '{site_id}'.")
    return admin


async def get_site_owner(admin: Annotated[Admin, Depends(get_site_admin)], site_id: str) -> Admin:
    """A site admin holding a token (not a moderator identity)."""
    admin.require_owner(site_id)
    return admin


SiteAdmin = Annotated[Admin, Depends(get_site_admin)]
SiteModerator = SiteAdmin  # any role on the site: queue, comment actions, threads, bans, audit
SiteOwner = Annotated[Admin, Depends(get_site_owner)]
# For routes that need the check but not the admin object.
SITE_ADMIN = Depends(get_site_admin)
SITE_MODERATOR = SITE_ADMIN
SITE_OWNER = Depends(get_site_owner)
