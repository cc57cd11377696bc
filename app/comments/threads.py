"""Thread rows: race-free creation on first comment, and version bumps on every visible change."""

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import bindparam, case, func, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.events import CommentEvent, emit
from app.comments.models import Thread
from app.db.base import utcnow


@dataclass(frozen=True)
class PostedThread:
    """What posting needs of the thread it locked: its id and whether it is closed."""

    id: int
    closed: bool


@cache
def _upsert(dialect: str) -> Any:
    """The create-or-bump statement, built once per dialect (building it costs more than
    SQLite takes to run it); the values come as bind parameters."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(Thread).values(
        site_id=bindparam("site_id"),
        url=bindparam("url"),
        title=bindparam("title"),
        closed=False,
        version=1,
        created_at=bindparam("now"),
    )
    kept_title = case(
        (func.coalesce(Thread.title, "") == "", statement.excluded.title), else_=Thread.title
    )
    return statement.on_conflict_do_update(
        index_elements=["site_id", "url"],
        set_={"version": Thread.version + 1, "title": kept_title},
    ).returning(Thread.id, Thread.closed)


async def lock_thread_for_post(
    session: AsyncSession, site_id: str, url: str, title: str
) -> PostedThread:
    """The thread for (site, url), created if missing, locked and its version bumped — one
    statement. Concurrent first comments both succeed: the second one's insert becomes an update
    of the winner's row (which also queues it behind the winner's lock on PostgreSQL)."""
    statement = _upsert(session.get_bind().dialect.name)
    values = {"site_id": site_id, "url": url, "title": title, "now": utcnow()}
    row = (await session.execute(statement, values)).one()
    return PostedThread(id=row.id, closed=bool(row.closed))


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
