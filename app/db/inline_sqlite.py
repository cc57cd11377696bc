"""SQLite driven from the event loop's own thread, for SQLAlchemy's aiosqlite dialect.

aiosqlite runs every cursor call on a worker thread and wakes the loop when it is done. A Parley
statement takes SQLite 10–50 µs; the hand-off to the thread and back costs ~100 µs here, and
one ORM statement makes four of them (cursor, execute, fetch, close). This module is the same
asynchronous driver interface (what `create_async_engine(..., async_creator=...)` expects), but
each call runs at once on the loop's thread. What could block the loop is kept off it:

- waiting for the write lock: the connection's busy timeout is 0 and a `SQLITE_BUSY` is waited
  out with `asyncio.sleep` (other requests go on meanwhile) until `busy_timeout` seconds;
- bulk work: `executemany` of more than `BULK_ROWS` rows, and the rest of a result after its
  first `BULK_ROWS` rows, run on a worker thread (as aiosqlite would).

A connection is used by one task at a time (SQLAlchemy's pool and its per-connection mutex).
"""

import asyncio
import random
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

BULK_ROWS = 500
# A write transaction here holds the lock for a millisecond or two without yielding, so a
# waiter polls often; the jitter keeps two processes from polling in step.
_FIRST_WAIT = 0.0005
_LONGEST_WAIT = 0.004


def _is_busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(error) or "busy" in str(error)


async def _patiently(call: Callable[[], Any], busy_timeout: float) -> Any:
    """`call()`, retried after a short sleep while SQLite says the database is busy."""
    deadline = None
    wait = _FIRST_WAIT
    while True:
        try:
            return call()
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                raise
            now = time.monotonic()
            deadline = deadline or now + busy_timeout
            if now >= deadline:
                raise
            await asyncio.sleep(wait * random.uniform(0.5, 1.5))  # noqa: S311 (jitter)
            wait = min(wait * 2, _LONGEST_WAIT)


class _Cursor:
    """The part of aiosqlite's cursor that SQLAlchemy uses."""

    def __init__(self, connection: "InlineConnection") -> None:
        self._connection = connection
        self._cursor = connection._conn.cursor()

    async def __aenter__(self) -> "_Cursor":
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> "_Cursor":
        cursor, args = self._cursor, () if parameters is None else parameters
        await _patiently(lambda: cursor.execute(sql, args), self._connection.busy_timeout)
        return self

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> "_Cursor":
        rows = list(rows)
        if len(rows) > BULK_ROWS:
            await asyncio.to_thread(self._cursor.executemany, sql, rows)
        else:
            cursor = self._cursor
            await _patiently(lambda: cursor.executemany(sql, rows), self._connection.busy_timeout)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        if size is None:
            size = self._cursor.arraysize
        if size > BULK_ROWS:
            return await asyncio.to_thread(self._cursor.fetchmany, size)
        return self._cursor.fetchmany(size)

    async def fetchall(self) -> list[Any]:
        rows = self._cursor.fetchmany(BULK_ROWS)
        if len(rows) == BULK_ROWS:
            rows.extend(await asyncio.to_thread(self._cursor.fetchall))
        return rows

    async def close(self) -> None:
        self._cursor.close()

    async def nextset(self) -> None:
        return None

    async def setinputsizes(self, *_sizes: Any) -> None:
        return None

    def __aiter__(self) -> "_Cursor":
        return self

    async def __anext__(self) -> Any:
        row = self._cursor.fetchone()
        if row is None:
            raise StopAsyncIteration
        return row


class _RunNow:
    """Stands in for aiosqlite's job queue (SQLAlchemy's isolation-level setter posts to it)."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as error:  # handed to the waiting caller, as aiosqlite does
            if future is not None:
                future.set_exception(error)
        else:
            if future is not None:
                future.set_result(result)


class InlineConnection:
    """The part of aiosqlite's connection that SQLAlchemy's aiosqlite dialect uses."""

    def __init__(self, conn: sqlite3.Connection, busy_timeout: float) -> None:
        self._conn = conn
        self._connection: sqlite3.Connection | None = conn  # the dialect checks it is open
        self._tx = _RunNow()
        self.busy_timeout = busy_timeout

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> _Cursor:
        return _Cursor(self)

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> _Cursor:
        return await self.cursor().execute(sql, parameters)

    async def run(self, sql: str, parameters: Sequence[Any]) -> list[Any]:
        """One statement at once, with all its rows (app/db/prepared.py: a row or none)."""
        cursor = self._conn.cursor()
        try:
            await _patiently(lambda: cursor.execute(sql, parameters), self.busy_timeout)
            return cursor.fetchall()
        finally:
            cursor.close()

    async def commit(self) -> None:
        await _patiently(self._conn.commit, self.busy_timeout)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def connector(path: str, *, busy_timeout: float) -> Callable[[], Any]:
    """An `async_creator` for `create_async_engine`: inline connections to the file at `path`."""

    async def connect() -> InlineConnection:
        # Busy waits happen in `_patiently`, never in SQLite's sleeping handler on the loop.
        conn = sqlite3.connect(path, timeout=0, check_same_thread=False)
        return InlineConnection(conn, busy_timeout)

    return connect
