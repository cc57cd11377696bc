"""The ban check made before every new comment, edit and vote."""

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.admission.models import Ban, BanKind
from app.crypto import keyed_hash
from app.db.base import utcnow
from app.errors import AppError


class Banned(AppError):
    status, type, title = 403, "banned", "You cannot comment on this site"


def email_hash(secret_key: str, email: str) -> str:
    return keyed_hash(secret_key, "email", email.strip().lower())


async def check_not_banned(
    session: AsyncSession,
    site_id: str,
    *,
    secret_key: str,
    identity_id: int | None,
    email: str | None,
    ip_hash: str,
) -> None:
    """Refuse a commenter banned on this site by identity, email or IP (one query)."""
    wanted = [(Ban.kind == BanKind.ip) & (Ban.value_hash == ip_hash)]
    if identity_id is not None:
        wanted.append((Ban.kind == BanKind.identity) & (Ban.identity_id == identity_id))
    if email:
        wanted.append(
            (Ban.kind == BanKind.email) & (Ban.value_hash == email_hash(secret_key, email))
        )
    now = utcnow()
    ban = await session.scalar(
        select(Ban)
        .where(Ban.site_id == site_id, or_(*wanted))
        .where(or_(Ban.expires_at.is_(None), Ban.expires_at > now))
        .limit(1)
    )
    if ban is not None:
        until = f" until {ban.expires_at:%Y-%m-%d %H:%M} UTC" if ban.expires_at else ""
        raise Banned(f"You are banned from commenting on this site{until}.")
