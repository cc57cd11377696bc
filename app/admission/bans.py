"""The ban check made before every new comment, edit and vote."""

from sqlalchemy import bindparam, or_, select
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
    ban = (
        await session.execute(
            _BAN_IN_FORCE,
            {
                "site_id": site_id,
                "ip_hash": ip_hash,
                "identity_id": identity_id,
                "email_hash": email_hash(secret_key, email) if email else None,
                "now": utcnow(),
            },
        )
    ).first()
    if ban is not None:
        until = f" until {ban.expires_at:%Y-%m-%d %H:%M} UTC" if ban.expires_at else ""
        raise Banned(f"You are banned from commenting on this site{until}.")


# Built once: building this statement costs more than running it. A NULL identity or email
# matches nothing (= NULL is never true).
_BAN_IN_FORCE = (
    select(Ban.id, Ban.expires_at)
    .where(
        Ban.site_id == bindparam("site_id"),
        or_(
            (Ban.kind == BanKind.ip) & (Ban.value_hash == bindparam("ip_hash")),
            (Ban.kind == BanKind.identity) & (Ban.identity_id == bindparam("identity_id")),
            (Ban.kind == BanKind.email) & (Ban.value_hash == bindparam("email_hash")),
        ),
        or_(Ban.expires_at.is_(None), Ban.expires_at > bindparam("now")),
    )
    .limit(1)
)
