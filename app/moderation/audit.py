"""Moderators' view of the audit log (the log itself and its writer live in app.sites.audit)."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.paging import newest_first
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
    if action:
        query = query.where(AuditEntry.action == action)
    if comment_id is not None:
        query = query.where(AuditEntry.comment_id == comment_id)
    rows, next_cursor = await newest_first(
        session, query, AuditEntry.id, cursor=cursor, limit=limit
    )
    return AuditPage(
        entries=[AuditRead.model_validate(row) for row in rows], next_cursor=next_cursor
    )
