"""Moderators' view of the audit log (the log itself and its writer live in app.sites.audit)."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.paging import decode_id_cursor, encode_id_cursor
from app.moderation.schemas import AuditPage, AuditRead
from app.sites.audit import AuditEntry


async def list_entries(
    session: AsyncSession,
    site_id: str,
    *,
    cursor: str | None,
    limit: int,
    action: str | None = None,
    comment_id: int | None = None,
) -> AuditPage:
    """Newest entries first, keyset-paginated by id."""
    query = select(AuditEntry).where(AuditEntry.site_id == site_id)
    if cursor:
        query = query.where(AuditEntry.id < decode_id_cursor(cursor))
    if action:
        query = query.where(AuditEntry.action == action)
    if comment_id is not None:
        query = query.where(AuditEntry.comment_id == comment_id)
    rows = list(
        (await session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit + 1))).all()
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return AuditPage(
        entries=[AuditRead.model_validate(row) for row in rows],
        next_cursor=encode_id_cursor(rows[-1].id) if more and rows else None,
    )
