"""Thread rows: race-free creation on first comment, and version bumps on every visible change.

A post's insert checks that its thread is still open, holding the thread's row FOR KEY SHARE
while it does (app/comments/writes.py): a moderator's close (`SELECT … FOR UPDATE`) committed
before it, or waits for the post's commit. How the post then bumps its thread depends on the
database:
- SQLite has one writer at a time anyway: the post bumps (and so locks) its thread inside its
  transaction (`bump_for_post`).
- PostgreSQL: a post takes no thread lock beyond that KEY SHARE. Holding the row lock of a
  thread from the bump until COMMIT made concurrent posts to one thread queue on one row for
  round trips of a busy event loop (and made PostgreSQL burn CPU re-following the row's update
  chain): it halved the posting rate. The bump follows the commit as one autocommit statement
  (`bump_for_post` on `Database.autocommit`, shared by the posts that committed while the
  previous one ran: `Database.shared_runs`), whose row lock lasts only inside the server,
  and comes before the response: a page built before the commit is always keyed by an older
  version than any reader sees once the post has been answered. A writer that dies between
  commit and bump leaves the live event of its (visible) comment unpublished; the live
  domain's sweeper publishes it and bumps the thread then (app/live/publish.py). A pending
  comment changes no page a cache holds.
Moderators' changes still bump inside their transaction: that bump is their lock (house lock
order: thread rows, then comment rows; a post locks no comment row, its foreign keys take only
KEY SHARE locks, which FOR NO KEY UPDATE does not conflict with)."""

from functools import cache
from typing import Any

from sqlalchemy import String, and_, bindparam, case, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from app.comments.events import CommentEvent, emit
from app.comments.models import Thread
from app.db.base import utcnow
from app.db.prepared import Prepared
from app.validation import LINE_BREAKS

# Built once: building a statement costs more than SQLite takes to run it.
_THREAD_ID = select(Thread.id).where(
    Thread.site_id == bindparam("site_id"), Thread.url == bindparam("url")
)
# The bump of a post: version + 1 (cached pages and ETags change), the title kept unless
# the thread has none yet, or one stored before titles were made one line (it broke the
# Subject of every mail about the thread) and the post brings a title.
_NEW_TITLE = bindparam("title", type_=String)
_TITLE_WANTED = or_(
    func.coalesce(Thread.title, "") == "",
    and_(
        _NEW_TITLE != "",
        or_(*(Thread.title.contains(mark, autoescape=True) for mark in LINE_BREAKS)),
    ),
)
_BUMP_FOR_POST = Prepared(
    update(Thread)
    .where(Thread.id == bindparam("thread_id"))
    .values(
        version=Thread.version + 1,
        title=case((_TITLE_WANTED, _NEW_TITLE), else_=Thread.title),
    )
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
    thread that exists (see this module's docstring). Concurrent
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


def bumps_after_commit(session: AsyncSession) -> bool:
    """Whether a post's bump follows its commit (PostgreSQL) or is part of it (SQLite)."""
    return session.get_bind().dialect.name == "postgresql"


async def bump_for_post(
    executor: AsyncSession | AsyncConnection, thread_id: int, title: str
) -> None:
    """The bump of a post: inside its transaction after its insert (SQLite), or on an
    autocommit connection once it has committed (PostgreSQL, `bumps_after_commit`)."""
    connection = await executor.connection() if isinstance(executor, AsyncSession) else executor
    await _BUMP_FOR_POST.execute(connection, {"thread_id": thread_id, "title": title})


# Marks a thread changed (also run by the live domain's sweeper, app/live/publish.py).
VERSION_BUMP = (
    update(Thread)
    .where(Thread.id == bindparam("thread_id"))
    .values(version=Thread.version + 1)
    .execution_options(synchronize_session=False)
)


async def bump_version(session: AsyncSession, thread_id: int) -> None:
    """Mark the thread changed (invalidates cached pages and ETags).

    Also takes the thread's row lock: every write path but posting calls this before touching
    comment rows, so writers on one thread always lock in the same order.
    """
    await session.execute(VERSION_BUMP, {"thread_id": thread_id})


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
