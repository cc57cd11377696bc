"""Thread rows: race-free creation on first comment, and version bumps on every visible change."""

from sqlalchemy import case, func, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.events import CommentEvent, emit
from app.comments.models import Thread
from app.db.base import utcnow


async def lock_thread_for_post(session: AsyncSession, site_id: str, url: str, title: str) -> Thread:
    """The thread for (site, url), created if missing, locked and its version bumped — one
    statement. Concurrent first comments both succeed: the second one's insert becomes an update
    of the winner's row (which also queues it behind the winner's lock on PostgreSQL)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(Thread).values(
        site_id=site_id, url=url, title=title, closed=False, version=1, created_at=utcnow()
    )
    kept_title = case(
        (func.coalesce(Thread.title, "") == "", statement.excluded.title), else_=Thread.title
    )
    row = await session.execute(
        statement.on_conflict_do_update(
            index_elements=["site_id", "url"],
            set_={"version": Thread.version + 1, "title": kept_title},
        )
        .returning(Thread)
        .execution_options(populate_existing=True)
    )
    thread: Thread = row.scalar_one()
    return thread


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
