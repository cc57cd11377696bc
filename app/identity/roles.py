"""Admin API tokens and moderator roles. Tokens are shown once and stored as SHA-256 hashes."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.crypto import hash_token, new_token
from app.db.base import utcnow
from app.errors import NotFound
from app.identity.access import Admin
from app.identity.models import AdminToken, Identity, Moderator
from app.identity.schemas import AdminTokenCreated, AdminTokenRead, ModeratorList, ModeratorRead
from app.sites import audit
from app.sites.service import get_site


async def create_token(
    session: AsyncSession, name: str, site_id: str | None, *, admin: Admin | None = None
) -> AdminTokenCreated:
    """A new admin token for one site (or all when site_id is None), committed; the secret is
    returned once.

    A site's token is audited on that site (all-sites tokens belong to no site's log)."""
    if site_id is not None:
        await get_site(session, site_id)
    secret = new_token()
    token = AdminToken(
        name=name, token_hash=hash_token(secret), site_id=site_id, created_at=utcnow()
    )
    session.add(token)
    await session.flush()
    if site_id is not None and admin is not None:
        audit.record(session, site_id, admin, "token.create", token_id=token.id, name=name)
    await session.commit()
    return AdminTokenCreated(**AdminTokenRead.model_validate(token).model_dump(), token=secret)


async def list_tokens(session: AsyncSession) -> Sequence[AdminToken]:
    """Every admin token, revoked ones included (their secrets are not stored)."""
    return (await session.scalars(select(AdminToken).order_by(AdminToken.id))).all()


async def revoke_token(
    session: AsyncSession, token_id: int, *, admin: Admin | None = None
) -> AdminToken:
    """Revoke a token at once and commit; revoking twice keeps the first time."""
    token = await session.get(AdminToken, token_id)
    if token is None:
        raise NotFound(f"No admin token {token_id}.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        if token.site_id is not None and admin is not None:
            audit.record(session, token.site_id, admin, "token.revoke", token_id=token.id)
    await session.commit()
    return token


async def list_moderators(session: AsyncSession, site_id: str) -> ModeratorList:
    """The identities holding the moderator role on a site."""
    rows = await session.execute(
        select(Moderator, Identity)
        .join(Identity, Identity.id == Moderator.identity_id)
        .where(Moderator.site_id == site_id)
        .order_by(Moderator.created_at, Identity.id)
    )
    return ModeratorList(moderators=[_moderator(m, i) for m, i in rows.all()])


def _moderator(moderator: Moderator, identity: Identity) -> ModeratorRead:
    return ModeratorRead(
        identity_id=identity.id,
        name=identity.display_name,
        provider=identity.provider,
        created_at=moderator.created_at,
    )


async def grant_moderator(
    session: AsyncSession, site_id: str, identity_id: int, *, admin: Admin
) -> ModeratorRead:
    """Make an identity a moderator of the site and commit (granting twice changes nothing)."""
    identity = await session.get(Identity, identity_id)
    if identity is None:
        raise NotFound(f"No identity {identity_id}.")
    moderator = await session.get(Moderator, (site_id, identity_id))
    if moderator is None:
        moderator = Moderator(site_id=site_id, identity_id=identity_id, created_at=utcnow())
        session.add(moderator)
        audit.record(session, site_id, admin, "moderator.grant", identity_id=identity_id)
        await session.commit()
    return _moderator(moderator, identity)


async def revoke_moderator(
    session: AsyncSession, site_id: str, identity_id: int, *, admin: Admin
) -> None:
    """Take the moderator role away and commit; its sessions stop working on admin routes at
    once."""
    moderator = await session.get(Moderator, (site_id, identity_id))
    if moderator is None:
        raise NotFound(f"Identity {identity_id} is not a moderator of '{site_id}'.")
    await session.delete(moderator)
    audit.record(session, site_id, admin, "moderator.revoke", identity_id=identity_id)
    await session.commit()
