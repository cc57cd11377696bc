"""Comment events to live events: recorded in the change's transaction, announced after commit.

The recorder (an `in_transaction` listener) adds a `LiveEvent` row for every change a reader
can see; once the transaction has committed it tells every process that the thread has news
(on PostgreSQL after publishing the rows, app/live/publish.py). Receivers read the news from
the log, so a lost announcement delays nothing for long: the next one (or a reconnect) catches
up.
"""

from collections.abc import Callable
from functools import partial
from typing import Any, cast

from sqlalchemy import Table, bindparam, false, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.events import CommentEvent, InTransaction
from app.comments.models import Comment, CommentStatus, Thread
from app.comments.threads import bumps_after_commit
from app.db.base import utcnow
from app.db.prepared import Prepared
from app.db.session import before_commit, on_commit, transaction_memo
from app.live.models import LiveEvent
from app.live.publish import Unpublished

_SEEN_KEY = "live_created_ids"
_UNPUBLISHED_KEY = "live_unpublished"
_EVENTS = cast(Table, LiveEvent.__table__)


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


def recorder(
    announce: Callable[[str, int], None],
    publish_soon: Callable[[list[Unpublished]], None],
) -> InTransaction:
    """The in-transaction listener that logs reader-visible changes. After the commit it
    announces the thread (SQLite) or has its events published, then announced (PostgreSQL,
    where posts hold no thread lock: app/live/publish.py)."""

    async def record(session: AsyncSession, event: CommentEvent) -> None:
        values = await _values(session, event)
        if values is None:
            return
        # The session's connection, not the session: a Core insert needs none of the ORM's
        # execution machinery (a measurable share of a post).
        if not bumps_after_commit(session):
            await _INSERT_EVENT.execute(await session.connection(), values)
            on_commit(session, partial(announce, event.site_id, event.thread_id))
            return
        # PostgreSQL: the transaction's events are written together, just before its commit (a
        # group of posts shares one statement instead of a round trip each).
        memo = transaction_memo(session)
        rows = memo.get(_UNPUBLISHED_KEY)
        if rows is None:
            rows = memo[_UNPUBLISHED_KEY] = []
            before_commit(session, partial(_write_unpublished, rows, publish_soon))
        rows.append(values)

    return record


async def _write_unpublished(
    rows: list[dict[str, Any]],
    publish_soon: Callable[[list[Unpublished]], None],
    session: AsyncSession,
) -> None:
    """A transaction's unpublished events in one statement; once it has committed they are
    published (app/live/publish.py)."""
    columns = {name: [row[name] for row in rows] for name in _LOGGED}
    written = await _INSERT_UNPUBLISHED.rows(await session.connection(), columns)
    on_commit(session, partial(publish_soon, [Unpublished(*row) for row in written]))


async def _values(session: AsyncSession, event: CommentEvent) -> dict[str, Any] | None:
    """The log row of one reader-visible change, or None when readers see no change."""
    kind = live_type(event)
    if kind is None:
        return None
    closed: bool | None = None
    parent_id: int | None = None
    if kind == "comment.created":
        # Posting approved emits both "created" and "approved": readers see one new comment.
        seen: set[int] = session.info.setdefault(_SEEN_KEY, set())
        if event.comment_id in seen:
            return None
        seen.add(event.comment_id or 0)
    if kind == "thread.closed":
        thread = await session.get(Thread, event.thread_id)
        closed = bool(thread.closed) if thread is not None else None
    elif event.comment_id is not None:
        comment = await session.get(Comment, event.comment_id)
        parent_id = comment.parent_id if comment is not None else None
    return {
        "site_id": event.site_id,
        "thread_id": event.thread_id,
        "type": kind,
        "comment_id": event.comment_id,
        "parent_id": parent_id,
        "closed": closed,
        "created_at": utcnow(),
    }


# Built once; Core inserts: the ORM's unit of work would cost several times the insert.
_LOGGED = ("site_id", "thread_id", "type", "comment_id", "parent_id", "closed", "created_at")
# Every column named (a Prepared statement computes no Python-side default); on SQLite the
# event is published as it is written, on PostgreSQL after the commit (app/live/publish.py).
_INSERT_EVENT = Prepared(
    insert(_EVENTS).values({**{name: bindparam(name) for name in _LOGGED}, "published": True})
)
# PostgreSQL's: any number of events, one array per column, in one statement.
_UNNESTED = (
    func.unnest(*(bindparam(name, type_=ARRAY(_EVENTS.c[name].type)) for name in _LOGGED))
    .table_valued(*_LOGGED)
    .render_derived()
)
_INSERT_UNPUBLISHED = Prepared(
    insert(_EVENTS)
    .from_select([*_LOGGED, "published"], select(*(_UNNESTED.c[n] for n in _LOGGED), false()))
    .returning(_EVENTS.c.id, _EVENTS.c.site_id, _EVENTS.c.thread_id),
    only_on="postgresql",
)
