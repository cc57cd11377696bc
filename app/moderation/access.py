"""Who may administer which site: the root admin token, scoped admin tokens, and moderators."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy import select, update

from app.crypto import hash_token, tokens_equal
from app.db.base import utcnow
from app.db.session import Database, SessionDep, get_database
from app.errors import Forbidden, NotFound, Unauthorized
from app.identity.deps import bearer_token, get_optional_viewer
from app.moderation.models import AdminToken, Moderator
from app.sites.models import Site
from app.sites.schemas import SITE_ID_PATTERN

# last_used_at is written at most this often per token: a busy script must not queue writes.
TOUCH_INTERVAL = timedelta(minutes=1)


@dataclass(frozen=True)
class Admin:
    """An authenticated administrator. `site_ids` None means every site."""

    actor: str
    site_ids: frozenset[str] | None
    identity_id: int | None = None

    def can_manage(self, site_id: str) -> bool:
        return self.site_ids is None or site_id in self.site_ids

    def require(self, site_id: str) -> None:
        """Refuse any action on a site outside this credential's scope."""
        if not self.can_manage(site_id):
            raise Forbidden(f"This credential cannot administer site '{site_id}'.")

    def require_root(self) -> None:
        if self.site_ids is not None:
            raise Forbidden("Only an all-sites admin token can do this.")

    def require_owner(self, site_id: str) -> None:
        """Site owners hold admin tokens; moderators (identities) cannot manage roles or erase."""
        self.require(site_id)
        if self.identity_id is not None:
            raise Forbidden("Moderators cannot do this; use an admin token of the site.")


async def _stored_token(database: Database, token: str) -> AdminToken | None:
    """Look the token up and record its use in short sessions of their own.

    The request's session is not used: GET requests read in a session that never commits, and on
    SQLite a write request's session holds the write lock until the route commits.
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


async def get_admin(request: Request, session: SessionDep) -> Admin:
    """Resolve the bearer credential: root token, a stored admin token, or a moderator's session."""
    token = bearer_token(request)
    if token is None:
        raise Unauthorized("Send Authorization: Bearer <admin token>.")
    root = request.app.state.settings.admin_token.get_secret_value()
    if root and tokens_equal(token, root):
        return Admin(actor="root", site_ids=None)
    stored = await _stored_token(get_database(request), token)
    if stored is not None:
        if stored.revoked_at is not None:
            raise Unauthorized("This admin token was revoked.")
        scope = None if stored.site_id is None else frozenset({stored.site_id})
        return Admin(actor=f"token:{stored.id}:{stored.name}", site_ids=scope)
    viewer = await get_optional_viewer(request, session)
    assert viewer is not None  # a token was sent, so the viewer is resolved or an error raised
    moderated = await session.scalar(
        select(Moderator.site_id).where(
            Moderator.identity_id == viewer.identity.id, Moderator.site_id == viewer.site_id
        )
    )
    if moderated is None:
        raise Forbidden("This identity is not a moderator of this site.")
    return Admin(
        actor=f"identity:{viewer.identity.id}:{viewer.identity.display_name}",
        site_ids=frozenset({viewer.site_id}),
        identity_id=viewer.identity.id,
    )


CurrentAdmin = Annotated[Admin, Depends(get_admin)]


async def get_site_admin(
    site_id: Annotated[str, Path(pattern=SITE_ID_PATTERN, description="The site's slug")],
    admin: CurrentAdmin,
    session: SessionDep,
) -> Admin:
    """The admin, if allowed on the site in the path (403 otherwise) and the site exists (404)."""
    admin.require(site_id)
    if await session.scalar(select(Site.id).where(Site.id == site_id)) is None:
        raise NotFound(f"No site '{site_id}'.")
    return admin


async def get_site_owner(admin: Annotated[Admin, Depends(get_site_admin)], site_id: str) -> Admin:
    """A site admin holding a token (not a moderator identity)."""
    admin.require_owner(site_id)
    return admin


SiteAdmin = Annotated[Admin, Depends(get_site_admin)]
SiteOwner = Annotated[Admin, Depends(get_site_owner)]
# For routes that need the check but not the admin object.
SITE_ADMIN = Depends(get_site_admin)
SITE_OWNER = Depends(get_site_owner)
