""" "Has the database changed since?" answered without a database query, for read caches.

A `ChangeToken` is an opaque value that differs after every commit that can change a cached
answer. Readers take it *before* their query and file the answer under it; a commit after that
read must change it, so a later reader misses the cache. `None` means "cannot tell": callers ask
the database.

- **SQLite** (`WalChangeToken`): in WAL mode every committed write transaction, by any connection
  of any process on this host (app workers, `python -m app.cli import …`, a sqlite3 shell),
  rewrites the WAL-index header at the start of the `-shm` file
  (https://sqlite.org/walformat.html#the_wal_index_file_format: `iChange`, `mxFrame`, salts and
  checksums). Reading those 48 bytes from a shared mapping costs a `stat` and a memory copy.
- **PostgreSQL with Redis** (`RedisChangeToken`): a counter in Redis that every committing writer
  of Parley increments after its commit and before it answers (`Database` does it for every write
  session and autocommit write), so a read that starts after a write was answered, on any process,
  sees a new token: one Redis GET instead of a PostgreSQL query. The token also carries the current
  second, so an increment that was lost (Redis unreachable just then) or a write made outside
  Parley (a psql shell) is seen within one second at the most.
- **PostgreSQL without Redis**: no token; every read asks the database.
"""

import contextlib
import hashlib
import logging
import mmap
import os
import time
from pathlib import Path
from typing import Any, Protocol

import redis.asyncio as aioredis
from redis.exceptions import RedisError
from sqlalchemy.engine import make_url

HEADER_BYTES = 48
STALENESS_SECONDS = 1  # the most a lost increment (or a write outside Parley) can stay unseen

log = logging.getLogger("parley.db")


class ChangeToken(Protocol):
    """Readers: `current()` before the query; writers: `changed()` after each commit."""

    async def current(self) -> bytes | None: ...

    async def changed(self) -> None: ...

    async def close(self) -> None: ...


class NoChangeToken:
    """Cannot tell: every read asks the database."""

    async def current(self) -> bytes | None:
        return None

    async def changed(self) -> None:
        return None

    async def close(self) -> None:
        return None


class WalChangeToken:
    """SQLite: the WAL-index header, which every commit of every process rewrites."""

    def __init__(self, shm_path: Path) -> None:
        self._path = shm_path
        self._inode: tuple[int, int] | None = None
        self._map: mmap.mmap | None = None

    async def current(self) -> bytes | None:
        return self.read()

    def read(self) -> bytes | None:
        try:
            info = os.stat(self._path)
        except OSError:
            return None  # no WAL index yet (no connection has opened the database)
        if self._map is None or self._inode != (info.st_dev, info.st_ino):
            self._remap(info)
        if self._map is None:
            return None
        return self._map[:HEADER_BYTES]

    async def changed(self) -> None:
        return None  # SQLite itself rewrote the header

    def _remap(self, info: os.stat_result) -> None:
        self._unmap()
        if info.st_size < HEADER_BYTES:
            return
        fd = os.open(self._path, os.O_RDONLY)
        try:
            self._map = mmap.mmap(fd, HEADER_BYTES, access=mmap.ACCESS_READ)
            self._inode = (info.st_dev, info.st_ino)
        finally:
            os.close(fd)

    def _unmap(self) -> None:
        if self._map is not None:
            self._map.close()
        self._map, self._inode = None, None

    async def close(self) -> None:
        self._unmap()


class RedisChangeToken:
    """PostgreSQL: a commit counter in Redis, shared by every process of the deployment."""

    def __init__(self, redis_url: str, database_url: str) -> None:
        # One counter per database, so two deployments sharing a Redis never mix.
        database = make_url(database_url).render_as_string(hide_password=True)
        self.key = "parley:changes:" + hashlib.sha256(database.encode()).hexdigest()[:16]
        self._client: Any = aioredis.Redis.from_url(
            redis_url, socket_connect_timeout=1, socket_timeout=1
        )

    async def current(self) -> bytes | None:
        try:
            value = await self._client.get(self.key)
        except (RedisError, OSError):
            return None  # cannot tell: ask the database
        second = int(time.time()) // STALENESS_SECONDS
        return b"%s:%d" % (value or b"0", second)

    async def changed(self) -> None:
        try:
            await self._client.incr(self.key)
        except (RedisError, OSError):
            log.warning(
                "could not signal a commit to Redis; caches catch up within %ss", STALENESS_SECONDS
            )

    async def close(self) -> None:
        with contextlib.suppress(RedisError, OSError):
            await self._client.aclose()


def change_token_for(database_url: str, redis_url: str | None) -> ChangeToken:
    """The best token the deployment allows (see the module's docstring)."""
    parsed = make_url(database_url)
    if parsed.drivername.startswith("sqlite"):
        if parsed.database in (None, "", ":memory:"):
            return NoChangeToken()
        return WalChangeToken(Path(f"{parsed.database}-shm").resolve())
    if redis_url:
        return RedisChangeToken(redis_url, database_url)
    return NoChangeToken()
