"""/admin sessions on Parley's own origin: opened with an admin token or by a moderator's login
on /admin, carried by an HttpOnly cookie, stored hashed, expiring, revocable. Services flush."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.crypto import hash_token, new_token, tokens_equal
from app.db.base import utcnow
from app.errors import Unauthorized
from app.identity.access import Admin, moderator_admin
from app.identity.deps import token_admin
from app.identity.models import AdminSession, AdminToken, AuthSession
from app.identity.service import is_moderator, redeem_login_code

# An /admin session lasts a working day; the commenter's widget session is a setting (30 days).
ADMIN_SESSION_TTL = timedelta(hours=12)


@dataclass(frozen=True)
class OpenedSession:
    token: str
    expires_at: datetime
    admin: Admin


async def open_with_token(session: AsyncSession, token: str, *, root: str) -> OpenedSession:
    """An /admin session for whoever holds this admin token (root or a stored, unrevoked one);
    commits."""
    if root and tokens_equal(token, root):
        admin = Admin(actor="root", site_ids=None)
    else:
        stored = await session.scalar(
            select(AdminToken).where(
                AdminToken.token_hash == hash_token(token), AdminToken.revoked_at.is_(None)
            )
        )
        if stored is None:
            raise Unauthorized("Unknown or revoked admin token.")
        admin = token_admin(stored)
    opened = new_token()
    expires_at = utcnow() + ADMIN_SESSION_TTL
    session.add(
        AdminSession(
            token_hash=hash_token(opened), credential_hash=hash_token(token), expires_at=expires_at
        )
    )
    await session.commit()
    return OpenedSession(opened, expires_at, admin)


async def open_with_login(session: AsyncSession, code: str, verifier: str) -> OpenedSession:
    """An /admin session for a moderator who logged in on /admin (its popup's one-time code);
    committed only if the identity moderates the site, so a refused code stays unspent."""
    issued = await redeem_login_code(session, code, verifier, ttl=ADMIN_SESSION_TTL, admin=True)
    admin = moderator_admin(
        "admin",
        identity_id=issued.identity.id,
        name=issued.identity.display_name,
        site_id=issued.site_id,
        moderates=await is_moderator(session, issued.identity.id, issued.site_id),
    )
    await session.commit()
    return OpenedSession(issued.token, issued.expires_at, admin)


async def end_session(session: AsyncSession, token: str, *, everywhere: bool) -> int:
    """Revoke this /admin session (or, `everywhere`, every /admin session of the same person:
    the same admin token, or the same moderator identity) and commit. Returns how many were
    revoked."""
    revoked = await _revoke(session, token, everywhere=everywhere)
    await session.commit()
    return revoked


async def _revoke(session: AsyncSession, token: str, *, everywhere: bool) -> int:
    now = utcnow()
    opened = await session.scalar(
        select(AdminSession).where(AdminSession.token_hash == hash_token(token))
    )
    if opened is not None:
        mine = (
            AdminSession.credential_hash == opened.credential_hash
            if everywhere
            else AdminSession.id == opened.id
        )
        result = await session.execute(
            update(AdminSession)
            .where(mine, AdminSession.revoked_at.is_(None))
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0))
    found = await session.scalar(
        select(AuthSession).where(
            AuthSession.token_hash == hash_token(token), AuthSession.scope == "admin"
        )
    )
    if found is None:
        return 0
    result = await session.execute(
        update(AuthSession)
        .where(
            AuthSession.scope == "admin",
            AuthSession.revoked_at.is_(None),
            or_(AuthSession.id == found.id, AuthSession.identity_id == found.identity_id)
            if everywhere
            else AuthSession.id == found.id,
        )
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0))
