"""The ban check made before every new comment, edit and vote."""

from typing import Any

from sqlalchemy import Select, bindparam, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.selectable import ScalarSelect

from app.admission.models import Ban, BanKind
from app.crypto import keyed_hash
from app.db.base import utcnow
from app.errors import AppError


class Banned(AppError):
    status, type, title = 403, "banned", "You cannot comment on this site"


def email_hash(secret_key: str, email: str) -> str:
    return keyed_hash(secret_key, "email", email.strip().lower())


async def check_not_banned(
    session: AsyncSession | AsyncConnection,
    site_id: str,
    *,
    secret_key: str,
    identity_id: int | None,
    email: str | None,
    ip_hash: str,
) -> None:
    """Refuse a commenter banned on this site by identity, email or IP (one query)."""
    parameters = ban_parameters(
        site_id, secret_key=secret_key, identity_id=identity_id, email=email, ip_hash=ip_hash
    )
    ban = (await session.execute(_BAN_IN_FORCE, parameters)).first()
    if ban is not None:
        until = f" until {ban.expires_at:%Y-%m-%d %H:%M} UTC" if ban.expires_at else ""
        raise Banned(f"You are banned from commenting on this site{until}.")


def ban_parameters(
    site_id: str, *, secret_key: str, identity_id: int | None, email: str | None, ip_hash: str
) -> dict[str, object]:
    """The bind parameters of `BAN_IN_FORCE` (and of `ban_in_force_id` inside a bigger query)."""
    return {
        "site_id": site_id,
        "ip_hash": ip_hash,
        "identity_id": identity_id,
        "email_hash": email_hash(secret_key, email) if email else None,
        "now": utcnow(),
    }


def _in_force(*columns: Any) -> Select[Any]:
    # A NULL identity or email matches nothing (= NULL is never true). The IP and email bans are
    # one test, their hash among the two given: keyed hashes of different purposes never equal
    # (app/crypto.py), and PostgreSQL plans an IN list in a fraction of the time it takes over
    # one more branch of OR, on every post.
    return (
        select(*columns)
        .where(
            Ban.site_id == bindparam("site_id"),
            or_(
                Ban.kind.in_([literal(BanKind.ip), literal(BanKind.email)])
                & Ban.value_hash.in_([bindparam("ip_hash"), bindparam("email_hash")]),
                (Ban.kind == BanKind.identity) & (Ban.identity_id == bindparam("identity_id")),
            ),
            or_(Ban.expires_at.is_(None), Ban.expires_at > bindparam("now")),
        )
        .limit(1)
    )


# Built once: building this statement costs more than running it.
_BAN_IN_FORCE = _in_force(Ban.id, Ban.expires_at)


def ban_in_force_id() -> ScalarSelect[Any]:
    """The id of a ban in force, as a column of a bigger query (posting asks it with the rest of
    its admission facts, `ban_parameters` binding it); None when the commenter is not banned."""
    return _in_force(Ban.id).scalar_subquery()
