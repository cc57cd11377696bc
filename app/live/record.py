"""Comment events to live events: recorded in the change's transaction, announced after commit.

The recorder (an `in_transaction` listener) adds a `LiveEvent` row for every change a reader
can see; the announcer (an `after_commit` listener) tells every process that the thread has
news. Receivers read the news from the log, so a lost announcement delays nothing for long: the
next one (or a reconnect) catches up.
"""

from collections.abc import Callable
from typing import cast

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.events import CommentEvent
from app.comments.models import Comment, CommentStatus, Thread
from app.db.base import utcnow
from app.live.models import LiveEvent

_SEEN_KEY = "live_created_ids"


def live_type(event: CommentEvent) -> str | None:
    """The reader-visible event a comment event is, or None when readers see no change."""
    was_visible = event.previous_status in (None, CommentStatus.approved)
    match event.type:
        case "comment.created" | "comment.approved":
            return "comment.created" if event.status == CommentStatus.approved else None
        case "comment.updated":
            return "comment.updated" if event.status == CommentStatus.approved else None
        case "comment.deleted" | "comment.spam":
            return "comment.deleted" if was_visible else None
        case "thread.closed":
            return "thread.closed"
    return None


async def record_event(session: AsyncSession, event: CommentEvent) -> None:
    """Add the log row of one reader-visible change to the writing transaction."""
    kind = live_type(event)
    if kind is None:
        return
    closed: bool | None = None
    parent_id: int | None = None
    if kind == "comment.created":
        # Posting approved emits both "created" and "approved": readers see one new comment.
        seen: set[int] = session.info.setdefault(_SEEN_KEY, set())
        if event.comment_id in seen:
            return
        seen.add(event.comment_id or 0)
    if kind == "thread.closed":
        thread = await session.get(Thread, event.thread_id)
        closed = bool(thread.closed) if thread is not None else None
    elif event.comment_id is not None:
        comment = await session.get(Comment, event.comment_id)
        parent_id = comment.parent_id if comment is not None else None
    values = {
        "site_id": event.site_id,
        "thread_id": event.thread_id,
        "type": kind,
        "comment_id": event.comment_id,
        "parent_id": parent_id,
        "closed": closed,
        "created_at": utcnow(),
    }
    await session.execute(_INSERT_EVENT, values)


# Built once; a Core insert: the ORM's unit of work would cost several times the insert. Its id,
# given now, orders the thread's events: every writer holds the thread's lock by this point.
_INSERT_EVENT = insert(cast(Table, LiveEvent.__table__))


def announcer(publish: Callable[[str, int], None]) -> Callable[[CommentEvent], None]:
    """An after-commit listener that announces news of a thread (`publish` must not block)."""

    def announce(event: CommentEvent) -> None:
        if live_type(event) is not None:
            publish(event.site_id, event.thread_id)

    return announce
