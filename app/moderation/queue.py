"""The moderation queue: list a site's comments by status, act on one or many, edit text.

Every change bumps the thread's version (cached reads and ETags change) and is audited.
Purging a comment removes its whole subtree: replies cannot outlive their parent row.
"""

from collections.abc import Sequence

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.admission.spam import FLAGGED
from app.comments import writes
from app.comments.models import Comment, CommentStatus, Thread
from app.db.paging import before_time_cursor, encode_time_cursor
from app.errors import Conflict, NotFound
from app.identity.access import Admin
from app.identity.models import Identity
from app.moderation.schemas import (
    Action,
    ActionResult,
    QueueAuthor,
    QueueComment,
    QueueCounts,
    QueuePage,
    QueueThread,
)
from app.sites import audit
from app.sites.audit import AuditEntry
from app.sites.urls import normalized_url

# The statuses each action applies to, and the status it sets.
TRANSITIONS: dict[Action, tuple[frozenset[CommentStatus], CommentStatus | None]] = {
    Action.approve: (
        frozenset({CommentStatus.pending, CommentStatus.spam}),
        CommentStatus.approved,
    ),
    Action.spam: (
        frozenset({CommentStatus.pending, CommentStatus.approved, CommentStatus.deleted}),
        CommentStatus.spam,
    ),
    Action.delete: (
        frozenset({CommentStatus.pending, CommentStatus.approved, CommentStatus.spam}),
        CommentStatus.deleted,
    ),
    Action.restore: (
        frozenset({CommentStatus.deleted, CommentStatus.spam}),
        CommentStatus.approved,
    ),
    Action.purge: (frozenset(CommentStatus), None),
}


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


async def _apply(
    session: AsyncSession, comment: Comment, action: Action, actor: str
) -> list[int] | None:
    """Change one comment; None when the action does not apply to its status."""
    allowed, target = TRANSITIONS[action]
    if comment.status not in allowed:
        return None
    if target is None:
        return await writes.purge(session, comment, actor=actor)
    if target == CommentStatus.approved and not comment.body:
        return None  # erased or deleted by its author: nothing left to show
    await writes.change_status(session, comment, target, actor=actor)
    return [comment.id]


async def apply_action(
    session: AsyncSession, site_id: str, ids: Sequence[int], action: Action, *, admin: Admin
) -> ActionResult:
    """Apply an action to comments of this site; ids of other sites count as missing."""
    wanted = list(dict.fromkeys(ids))
    comments = await writes.lock_comments(session, site_id, wanted)
    result = ActionResult(action=action, done=[])
    purged: set[int] = set()
    for comment_id in wanted:
        comment = comments.get(comment_id)
        if comment is None or comment_id in purged:
            (result.done if comment_id in purged else result.missing).append(comment_id)
            continue
        before = comment.status
        changed = await _apply(session, comment, action, admin.actor)
        if changed is None:
            result.skipped.append(comment_id)
            continue
        purged.update(changed if action == Action.purge else ())
        result.done.extend(changed if action == Action.purge else [comment_id])
        extra = {"removed": changed} if action == Action.purge else {"from": before.value}
        audit.record(
            session, site_id, admin, f"comment.{action.value}", comment_id=comment_id, **extra
        )
    result.done = list(dict.fromkeys(result.done))
    await session.flush()
    return result


async def edit_text(
    session: AsyncSession, site_id: str, comment_id: int, body: str, *, admin: Admin
) -> QueueComment:
    """Replace a comment's text (re-rendered and sanitized like a new comment)."""
    comment = (await writes.lock_comments(session, site_id, [comment_id])).get(comment_id)
    if comment is None:
        raise NotFound(f"No comment {comment_id} on site '{site_id}'.")
    if comment.status == CommentStatus.deleted and not comment.body:
        raise Conflict("This comment was deleted by its author or erased; it has no text to edit.")
    await writes.replace_text(session, comment, body, writes.render_body(body), actor=admin.actor)
    audit.record(session, site_id, admin, "comment.edit", comment_id=comment_id)
    await session.flush()
    return await get_queue_comment(session, site_id, comment_id)
