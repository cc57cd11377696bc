"""Moderators' view of the audit log (the log itself and its writer live in app.sites.audit)."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.models import Comment, Thread
from app.db.paging import newest_first
from app.identity.models import Identity
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
    links = await comment_links(session, site_id, {r.comment_id for r in rows if r.comment_id})
    names = await person_names(session, {_identity_id(r) for r in rows} - {None})
    entries = []
    for row in rows:
        entry = AuditRead.model_validate(row)
        if row.comment_id in links:
            entry.comment_author, entry.comment_url = links[row.comment_id]
        entry.person = names.get(_identity_id(row))
        entries.append(entry)
    return AuditPage(entries=entries, next_cursor=next_cursor)


async def comment_links(
    session: AsyncSession, site_id: str, ids: set[int]
) -> dict[int, tuple[str, str]]:
    """(author, link to the comment on its page) of the site's comments still there, in one query.

    Filtered by site: an id stored before ids were checked (or by any other path) never shows
    another site's comment."""
    if not ids:
        return {}
    rows = await session.execute(
        select(Comment.id, Comment.author_name, Thread.url)
        .join(Thread, Thread.id == Comment.thread_id)
        .where(Comment.id.in_(ids), Comment.site_id == site_id)
    )
    return {id_: (name or "", f"{url}#comment-{id_}") for id_, name, url in rows}


def _identity_id(entry: AuditEntry) -> int | None:
    value = (entry.detail or {}).get("identity_id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


async def person_names(session: AsyncSession, ids: set[int | None]) -> dict[int | None, str]:
    """Display names of the identities an entry is about (a grant names the person), one query."""
    if not ids:
        return {}
    rows = await session.execute(
        select(Identity.id, Identity.display_name).where(Identity.id.in_(ids))
    )
    return {row.id: row.display_name for row in rows}
