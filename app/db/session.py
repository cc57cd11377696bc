"""Engines and sessions. Built in the app's lifespan; nothing connects at import time.

SQLite gets WAL, a busy timeout, and `BEGIN IMMEDIATE` for write transactions so concurrent
writers queue instead of failing with "database is locked"; reads stay deferred and never block.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import inline_sqlite
from app.db.changes import ChangeToken, NoChangeToken, change_token_for
from app.db.checkpoints import WalCheckpoints
from app.db.group_commit import GroupCommit, Work
from app.db.shared_runs import SharedRuns
from app.db.wiring import UNWIRED, Wiring
from app.files import private_sqlite_file
from app.runtime import runtime_of

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
T = TypeVar("T")


SQLITE_BUSY_TIMEOUT = 30.0  # seconds a statement waits for another process's write lock
POOL_OVERFLOW = 10  # PostgreSQL: connections beyond the pool, for bursts


def _prepare_sqlite(
    engine: AsyncEngine, begin_sql: str | None, checkpoints: WalCheckpoints | None
) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let the "begin" hook below issue BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        if checkpoints is not None and checkpoints.running:  # they run off the loop instead
            cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()

    if begin_sql is None:
        return

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql(begin_sql)


def make_engine(
    url: str,
    *,
    write: bool = True,
    pool_size: int = 20,
    checkpoints: WalCheckpoints | None = None,
) -> AsyncEngine:
    """An engine for the URL. On SQLite, writers take the write lock up front (BEGIN IMMEDIATE);
    readers run in autocommit: each SELECT sees a consistent WAL snapshot, and no BEGIN/ROLLBACK
    round trips to aiosqlite's thread are spent on a request that only reads."""
    if url.startswith("sqlite"):
        private_sqlite_file(url)
        path = make_url(url).database or ":memory:"
        # Statements run on the loop's thread (app/db/inline_sqlite.py), which waits out a busy
        # database itself: SQLite's own busy handler (timeout) would sleep the whole loop.
        creator = inline_sqlite.connector(str(path), busy_timeout=SQLITE_BUSY_TIMEOUT)
        if write:
            engine = create_async_engine(url, async_creator=creator)
            _prepare_sqlite(engine, "BEGIN IMMEDIATE", checkpoints)
        else:
            engine = create_async_engine(
                url,
                async_creator=creator,
                isolation_level="AUTOCOMMIT",
                pool_reset_on_return=None,
            )
            _prepare_sqlite(engine, None, checkpoints)
        return engine
    # No pre-ping: it is a round trip on every checkout (two per posted comment). A connection
    # the server dropped fails its request instead (a 503, app/observability), and SQLAlchemy
    # then replaces every pooled connection older than the failure.
    connect_args: dict[str, Any] = {}
    if make_url(url).get_driver_name() == "asyncpg":
        # Every statement is planned for its parameters. A prepared statement's generic plan is
        # made once per connection, after five executions, from the tables' size then: made
        # while a site's comments were few, the admission query's plan walked all of them for
        # every post as they grew (PostgreSQL's CPU per post 1.3 -> 5 ms over 10,000 posts on
        # a server without autovacuum, whose ANALYZE would have replanned). Custom plans cost
        # PostgreSQL ~0.4 ms of CPU per post more in planning, and stay right as data grows.
        connect_args["server_settings"] = {"plan_cache_mode": "force_custom_plan"}
    return create_async_engine(
        url, pool_size=pool_size, max_overflow=POOL_OVERFLOW, connect_args=connect_args
    )


class WiredSession(AsyncSession):
    """A session that carries its Database's wiring (app/db/wiring.py)."""

    def __init__(self, *args: Any, wiring: Wiring, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wiring = wiring


def wiring_of(session: AsyncSession) -> Wiring:
    """The parts registered for this session's Database (none for a session built elsewhere)."""
    return session.wiring if isinstance(session, WiredSession) else UNWIRED


class WriteSession(WiredSession):
    """A write session that tells the read caches after each commit (app/db/changes.py), before
    the caller goes on to answer: a read that starts after the answer sees a new token."""

    def __init__(self, *args: Any, changes: ChangeToken, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._changes = changes

    async def commit(self) -> None:
        # Writes a transaction gathered for its end (`before_commit`), in the order registered;
        # one that registers another runs it too.
        while callbacks := self.sync_session.info.pop(_BEFORE_COMMIT, None):
            for callback in callbacks:
                await callback(self)
        await super().commit()
        await self._changes.changed()


@dataclass
class Database:
    """The engines and session factories of one running app."""

    write_engine: AsyncEngine
    read_engine: AsyncEngine
    write_sessions: async_sessionmaker[AsyncSession]
    read_sessions: async_sessionmaker[AsyncSession]
    # SQLite has one write lock per file: taking turns here is cheaper than contending for it.
    _write_turn: AbstractAsyncContextManager[object] = field(default_factory=nullcontext)
    # Writes that follow commits and that concurrent requests share (app/db/shared_runs.py).
    shared_runs: SharedRuns = field(default_factory=SharedRuns)
    # What read caches file answers under; every write here changes it (app/db/changes.py).
    changes: ChangeToken = field(default_factory=NoChangeToken)
    # The line of posts waiting to be written (`write`); on SQLite it is the write turn's.
    _group_commit: GroupCommit | None = None
    # SQLite: WAL checkpoints off the loop once `start` is called (app/db/checkpoints.py).
    checkpoints: WalCheckpoints | None = None

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        wiring: Wiring | None = None,
        changes: ChangeToken | None = None,
    ) -> "Database":
        """`wiring`: what the domains above registered for every session (app/assembly.py);
        `changes`: the read caches' token (by default the best the settings allow)."""
        url = settings.database_url
        path = make_url(url).database if settings.is_sqlite else None
        checkpoints = WalCheckpoints(path) if path and path != ":memory:" else None
        write_engine = make_engine(
            url, write=True, pool_size=settings.database_pool_size, checkpoints=checkpoints
        )
        if settings.is_sqlite:
            read_engine = make_engine(url, write=False, checkpoints=checkpoints)
        else:
            # The same pool; reads in autocommit, as on SQLite: no BEGIN and ROLLBACK round trips,
            # and under READ COMMITTED every statement saw its own snapshot anyway.
            read_engine = write_engine.execution_options(isolation_level="AUTOCOMMIT")
        wiring = wiring or Wiring()
        changes = changes or change_token_for(url, settings.redis_url)
        write_sessions: async_sessionmaker[AsyncSession] = async_sessionmaker(
            write_engine,
            class_=WriteSession,
            expire_on_commit=False,
            wiring=wiring,
            changes=changes,
        )
        write_turn = asyncio.Lock() if settings.is_sqlite else None
        return cls(
            write_engine=write_engine,
            read_engine=read_engine,
            write_sessions=write_sessions,
            read_sessions=async_sessionmaker(
                read_engine, class_=WiredSession, expire_on_commit=False, wiring=wiring
            ),
            _write_turn=write_turn or nullcontext(),
            changes=changes,
            # PostgreSQL too: the posts of one process share commits there as well (a lock of
            # their own; other writes still run side by side).
            _group_commit=GroupCommit(write_turn or asyncio.Lock(), write_sessions),
            checkpoints=checkpoints,
        )

    def start(self) -> None:
        """What a long-running process adds (the app's lifespan): SQLite's WAL checkpoints on
        a worker thread, before any connection is made; `dispose` stops them."""
        if self.checkpoints is not None:
            self.checkpoints.start()

    def read_connection(self) -> AsyncConnection:
        """A pooled connection that only reads (`async with`): for reads that load no objects."""
        return self.read_engine.connect()

    async def write(self, work: Work[T]) -> T:
        """`work(session)` in a write transaction, committed before this returns; the writes
        waiting behind the one being written share one transaction (app/db/group_commit.py).
        On SQLite they wait for the write turn; on PostgreSQL for the process's previous group
        (other writes there still run side by side)."""
        if self._group_commit is not None:
            return await self._group_commit.run(work)
        async with self.write_sessions() as session:
            result = await work(session)
            await session.commit()
        return result

    @asynccontextmanager
    async def write_transaction(self) -> AsyncIterator[AsyncSession]:
        """A write session, entered in turn: on SQLite one writer per process at a time, queued
        in the event loop rather than in SQLite's sleeping busy handler. The caller commits."""
        async with self._write_turn, self.write_sessions() as session:
            yield session

    @asynccontextmanager
    async def autocommit(self, *, changes_pages: bool = True) -> AsyncIterator[AsyncConnection]:
        """A connection on which each statement commits alone: for the one write that follows
        a commit and must hold its row lock only inside the server (a post's thread bump on
        PostgreSQL). Not for reads (use `read_sessions`), nor for more than one statement.
        `changes_pages=False`: what it writes is in no cached page (live event ids)."""
        async with self.read_engine.connect() as connection:
            yield connection
        if changes_pages:
            await self.changes.changed()

    async def dispose(self) -> None:
        if self.checkpoints is not None:
            await self.checkpoints.stop()
        await self.write_engine.dispose()
        if self.read_engine.pool is not self.write_engine.pool:
            await self.read_engine.dispose()
        # Last: closing the SQLite token's descriptor drops this process's locks on the WAL
        # index, which open connections still rely on (app/db/changes.py).
        await self.changes.close()


async def get_database(request: Request) -> Database:
    return runtime_of(request.app).require(Database)


DatabaseDep = Annotated[Database, Depends(get_database)]


async def get_session(request: Request, database: DatabaseDep) -> AsyncIterator[AsyncSession]:
    """One session per request; writes use the writer engine. The domain function the route
    calls commits (docs/architecture.md); never commit after this `yield`."""
    factory = database.write_sessions if request.method in WRITE_METHODS else database.read_sessions
    async with factory() as session:
        yield session


async def get_read_session(database: DatabaseDep) -> AsyncIterator[AsyncSession]:
    """A session that only reads, whatever the method: what a write decides before it writes."""
    async with database.read_sessions() as session:
        yield session


async def get_write_session(database: DatabaseDep) -> AsyncIterator[AsyncSession]:
    """A write session whatever the method (the login callback is a GET that writes); the
    domain function the route calls commits it."""
    async with database.write_sessions() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]
ReadSessionDep = Annotated[AsyncSession, Depends(get_read_session)]
WriteSessionDep = Annotated[AsyncSession, Depends(get_write_session)]


_AFTER_COMMIT = "after_commit_callbacks"
_BEFORE_COMMIT = "before_commit_writes"


def before_commit(session: AsyncSession, write: Callable[[AsyncSession], Awaitable[None]]) -> None:
    """Run `write(session)` in the session's current transaction just before it commits;
    dropped on rollback. For rows a transaction gathers as it goes and writes in one statement
    (a group's live events: one round trip instead of one per post). Only a write session runs
    them, so registering on any other session is an error, not a silent loss."""
    if not isinstance(session, WriteSession):
        raise TypeError("before_commit needs a write session (Database.write_sessions)")
    session.sync_session.info.setdefault(_BEFORE_COMMIT, []).append(write)


def on_commit(session: AsyncSession, callback: Callable[[], None]) -> None:
    """Run `callback` once the session's current transaction has committed; dropped on rollback.

    This is how work that must never see uncommitted data (publishing live events, waking the
    outbox worker) is scheduled from inside a service. Callbacks must not block: schedule
    coroutines with `asyncio.get_running_loop().create_task(...)`.
    """
    session.sync_session.info.setdefault(_AFTER_COMMIT, []).append(callback)


_MEMO = "transaction_memo"


def transaction_memo(session: AsyncSession) -> dict[Any, Any]:
    """A dict that lives as long as the session's current transaction: for facts read once
    per transaction (e.g. a site's webhooks while one change emits several events)."""
    memo: dict[Any, Any] = session.sync_session.info.setdefault(_MEMO, {})
    return memo


@event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    session.info.pop(_MEMO, None)
    for callback in session.info.pop(_AFTER_COMMIT, []):
        callback()


@event.listens_for(Session, "after_rollback")
def _drop_after_commit(session: Session) -> None:
    session.info.pop(_MEMO, None)
    session.info.pop(_AFTER_COMMIT, None)
    session.info.pop(_BEFORE_COMMIT, None)
