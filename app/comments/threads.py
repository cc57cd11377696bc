"""Thread rows: race-free creation on first comment, and version bumps on every visible change.

A post takes the thread's row lock with its bump (`bump_for_post`), after inserting its row and
before its events are written, so on PostgreSQL concurrent posts to one thread queue for the
bump, the event rows and the COMMIT, not for the whole transaction; the live log's ids of a
thread still follow its commit order. That is safe with the house lock order (thread rows, then
comment rows) because a post locks no comment row: its foreign keys take only KEY SHARE locks,
which the moderators' FOR NO KEY UPDATE locks do not conflict with."""

from functools import cache
from typing import Any

from sqlalchemy import bindparam, case, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.events import CommentEvent, emit
from app.comments.models import Thread
from app.db.base import utcnow

# Built once: building a statement costs more than SQLite takes to run it.
_THREAD_ID = select(Thread.id).where(
    Thread.site_id == bindparam("site_id"), Thread.url == bindparam("url")
)
# The bump of a post: version + 1 (cached pages and ETags change), the title kept unless
# the thread has none yet, and whether the thread closed meanwhile.
_BUMP_FOR_POST = (
    update(Thread)
    .where(Thread.id == bindparam("thread_id"))
    .values(
        version=Thread.version + 1,
        title=case((func.coalesce(Thread.title, "") == "", bindparam("title")), else_=Thread.title),
    )
    .returning(Thread.closed)
    .execution_options(synchronize_session=False)
)


@cache
def _create(dialect: str) -> Any:
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(Thread).values(
        site_id=bindparam("site_id"),
        url=bindparam("url"),
        title=bindparam("title"),
        closed=False,
        version=1,
        created_at=bindparam("now"),
    )
    return statement.on_conflict_do_nothing(index_elements=["site_id", "url"]).returning(Thread.id)


async def thread_for_post(session: AsyncSession, site_id: str, url: str, title: str) -> int:
    """The id of the thread for (site, url), created on its first comment. Takes no lock on a
    thread that exists: posting locks it after its insert (`bump_for_post`). Concurrent
    first comments both succeed: the loser's insert does nothing and it reads the winner's row."""
    where = {"site_id": site_id, "url": url}
    thread_id: int | None = await session.scalar(_THREAD_ID, where)
    if thread_id is None:
        values = {**where, "title": title, "now": utcnow()}
        dialect = session.get_bind().dialect.name
        thread_id = await session.scalar(_create(dialect), values)
    if thread_id is None:
        thread_id = await session.scalar(_THREAD_ID, where)
    assert thread_id is not None  # inserted, or inserted by the winner of the race
    return thread_id


async def bump_for_post(session: AsyncSession, thread_id: int, title: str) -> bool:
    """Bump (and lock) the thread of a new comment; True if it is closed."""
    closed = await session.scalar(_BUMP_FOR_POST, {"thread_id": thread_id, "title": title})
    return bool(closed)


async def bump_version(session: AsyncSession, thread_id: int) -> None:
    """Mark the thread changed (invalidates cached pages and ETags).

    Also takes the thread's row lock: every write path calls this (or lock_thread_for_post)
    before touching comment rows, so writers on one thread always lock in the same order.
    """
    await session.execute(
        update(Thread)
        .where(Thread.id == thread_id)
        .values(version=Thread.version + 1)
        .execution_options(synchronize_session=False)
    )


async def thread_state_changed(session: AsyncSession, thread: Thread, *, actor: str) -> None:
    """Bump a thread whose closed/pinned state changed and tell the listeners it closed or
    reopened (readers' widgets hide or show the form)."""
    await bump_version(session, thread.id)
    event = CommentEvent(
        type="thread.closed",
        site_id=thread.site_id,
        thread_id=thread.id,
        comment_id=None,
        status=None,
        actor=actor,
    )
    await emit(session, event)
