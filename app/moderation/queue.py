"""The moderation queue: list a site's comments by status, read one as moderators see it.

The actions on them (approve, spam, delete, restore, purge, edit) are writes of comments
(app/comments/moderate.py), each one function that commits.
"""

from collections.abc import Sequence

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.admission.spam import FLAGGED
from app.comments.models import Comment, CommentStatus, Thread
from app.db.paging import before_time_cursor, encode_time_cursor
from app.errors import NotFound
from app.identity.models import Identity
from app.moderation.schemas import (
    QueueAuthor,
    QueueComment,
    QueueCounts,
    QueuePage,
    QueueThread,
)
from app.sites.audit import AuditEntry
from app.sites.urls import normalized_url


def queue_item(comment: Comment, thread: Thread, identity: Identity | None) -> QueueComment:
    """A comment as moderators see it."""
    return QueueComment(
        id=comment.id,
        parent_id=comment.parent_id,
        status=comment.status,
        body=comment.body,
        body_html=comment.body_html,
        author=QueueAuthor(
            name=identity.display_name if identity else comment.author_name,
            email=comment.author_email,
            website=comment.author_website,
            identity_id=comment.identity_id,
            provider=identity.provider if identity else None,
            verified=identity is not None,
        ),
        thread=QueueThread(
            id=thread.id,
            url=thread.url,
            title=thread.title,
            closed=thread.closed,
            pinned_comment_id=thread.pinned_comment_id,
        ),
        pinned=thread.pinned_comment_id == comment.id,
        score=comment.score,
        created_at=comment.created_at,
        edited_at=comment.edited_at,
    )


def _queue_query(site_id: str) -> Select[Comment, Thread, Identity]:
    return (
        select(Comment, Thread, Identity)
        .join(Thread, Thread.id == Comment.thread_id)
        .outerjoin(Identity, Identity.id == Comment.identity_id)
        .where(Comment.site_id == site_id)
    )


async def list_queue(
    session: AsyncSession,
    site_id: str,
    *,
    status: CommentStatus,
    url: str | None = None,
    author: str | None = None,
    text: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> QueuePage:
    """Comments of one status, newest first, filtered by thread URL, author and text."""
    query = _queue_query(site_id).where(Comment.status == status)
    if url:
        query = query.where(Thread.url == normalized_url(url))
    if author:
        matches = [
            Comment.author_name.icontains(author, autoescape=True),
            Comment.author_email.icontains(author, autoescape=True),
            Identity.display_name.icontains(author, autoescape=True),
        ]
        if author.isdigit() and len(author) < 10:
            matches.append(Comment.identity_id == int(author))
        query = query.where(or_(*matches))
    if text:
        query = query.where(Comment.body.icontains(text, autoescape=True))
    if cursor:
        query = query.where(before_time_cursor(cursor, Comment.created_at, Comment.id))
    query = query.order_by(Comment.created_at.desc(), Comment.id.desc()).limit(limit + 1)
    rows = (await session.execute(query)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1][0] if rows else None
    items = [queue_item(c, t, i) for c, t, i in rows]
    await _add_flags(session, site_id, items)
    return QueuePage(
        comments=items,
        next_cursor=encode_time_cursor(last.created_at, last.id) if more and last else None,
    )


async def status_counts(session: AsyncSession, site_id: str) -> QueueCounts:
    """The size of each queue (one grouped query on the site's queue index)."""
    rows = await session.execute(
        select(Comment.status, func.count())
        .where(Comment.site_id == site_id)
        .group_by(Comment.status)
    )
    return QueueCounts(**{status.value: int(n) for status, n in rows.all()})


async def _add_flags(session: AsyncSession, site_id: str, items: Sequence[QueueComment]) -> None:
    """Which spam checks fired on each comment (one query for the page)."""
    if not items:
        return
    rows = await session.execute(
        select(AuditEntry.comment_id, AuditEntry.detail).where(
            AuditEntry.site_id == site_id,
            AuditEntry.action == FLAGGED,
            AuditEntry.comment_id.in_([item.id for item in items]),
        )
    )
    flags = {comment_id: detail.get("checks", []) for comment_id, detail in rows.all()}
    for item in items:
        item.flags = [str(check) for check in flags.get(item.id, [])]


async def get_queue_comment(session: AsyncSession, site_id: str, comment_id: int) -> QueueComment:
    """One comment of the site, whatever its status."""
    row = (await session.execute(_queue_query(site_id).where(Comment.id == comment_id))).first()
    if row is None:
        raise NotFound(f"No comment {comment_id} on site '{site_id}'.")
    item = queue_item(*row)
    await _add_flags(session, site_id, [item])
    return item
