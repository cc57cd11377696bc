"""Thread moderation: list a site's threads (closing and pinning: app/comments/moderate.py)."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.models import Thread
from app.db.paging import newest_first
from app.moderation.schemas import ThreadList, ThreadRead
from app.sites.urls import normalized_url


async def list_threads(
    session: AsyncSession, site_id: str, *, url: str | None, cursor: str | None, limit: int
) -> ThreadList:
    """The site's threads, newest first; `url` finds the one thread of a post."""
    query = select(Thread).where(Thread.site_id == site_id)
    if url:
        query = query.where(Thread.url == normalized_url(url))
    rows, next_cursor = await newest_first(session, query, Thread.id, cursor=cursor, limit=limit)
    return ThreadList(
        threads=[ThreadRead.model_validate(row, from_attributes=True) for row in rows],
        next_cursor=next_cursor,
    )
