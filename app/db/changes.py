""" "Has the database changed since?" answered without a database query, for read caches.

A `ChangeToken` is an opaque value that differs after every commit that can change a cached
answer. Readers take it *before* their query and file the answer under it; a commit after that
read must change it, so a later reader misses the cache. `None` means "cannot tell": callers ask
the database.

- **SQLite** (`WalChangeToken`): in WAL mode every committed write transaction, by any connection
  of any process on this host (app workers, `python -m app.cli import …`, a sqlite3 shell),
  rewrites the WAL-index header at the start of the `-shm` file
  (https://sqlite.org/walformat.html#the_wal_index_file_format: `iChange`, `mxFrame`, salts and
  checksums). Reading those 48 bytes costs a `stat` and a `pread`.
- **PostgreSQL with Redis** (`RedisChangeToken`): a counter in Redis that every committing writer
  of Parley increments after its commit and before it answers (`Database` does it for every write
  session and autocommit write), in one pipeline with a PUBLISH on the counter's channel. Each
  process subscribes to that channel and answers reads from memory, with no round trip: a token
  made of its subscription's generation (one more for every message heard, and for every new
  subscription) and the number of commits this process signalled itself.
  - *Own writes*: `changed()` bumps the process's own count before the request answers, so a
    reader on the same process never gets a page older than that process's answered write.
  - *Other processes*: Redis sends the message to every subscriber as it answers the writer, so
    in practice the next read anywhere sees it; the bound is `STALENESS_SECONDS` (1 s). The
    subscription PINGs through itself every `HEARTBEAT_SECONDS`; a PONG proves every change
    published before the PING was sent has been heard, and memory is trusted only while the
    last proof is less than one second old.
  - *No subscription* (start-up, Redis reconnecting, a PONG overdue): each read GETs the counter,
    one round trip, and a read that starts after a write was answered on any process sees it.
    Redis unreachable: "cannot tell", reads ask the database, writes go on.
  Every token also carries the current second, so an increment that was lost (Redis unreachable
  just then) or a write made outside Parley (a psql shell) is seen within one second at the most.
- **PostgreSQL without Redis**: no token; every read asks the database.
"""

import asyncio
import contextlib
import hashlib
import logging
import math
import os
import time
from pathlib import Path
from typing import Any, ClassVar, Protocol

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from sqlalchemy.engine import make_url

HEADER_BYTES = 48
STALENESS_SECONDS = 1  # the most a change made on another process (or outside Parley) stays unseen
HEARTBEAT_SECONDS = 0.25  # how often a subscription proves it is still hearing every change
RESUBSCRIBE_SECONDS = 0.5  # the pause before subscribing again after the subscription dropped

# Commits signalled by this process, per counter: its readers see them without waiting for Redis.
_own_commits: dict[str, int] = {}

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
    """SQLite: the WAL-index header, which every commit of every process rewrites.

    Read with `pread` from a descriptor the process keeps open while any token of that file is
    open (`Database.dispose` closes its token after its connections). Closing *any* descriptor of
    a file drops every POSIX lock the process holds on it, SQLite's included
    (https://sqlite.org/howtocorrupt.html, section 2.2): a descriptor opened and closed beside
    SQLite's connections released their hold on the `-shm` file, the next process to open the
    database took the file for unused and truncated it, and the workers' mappings of it raised
    SIGBUS (both bench workers died mid-load)."""

    def __init__(self, shm_path: Path) -> None:
        self._file = _IndexFile.share(shm_path)
        self._closed = False

    async def current(self) -> bytes | None:
        return self.read()

    def read(self) -> bytes | None:
        return self._file.header()

    async def changed(self) -> None:
        return None  # SQLite itself rewrote the header

    async def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._file.release()


class _IndexFile:
    """One process's descriptors of one `-shm` path, shared by its tokens (a test or the CLI
    may open a second `Database` on the app's file) and closed when the last token closes."""

    _open: ClassVar[dict[Path, "_IndexFile"]] = {}

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tokens = 0
        self.fd: int | None = None
        self.inode: tuple[int, int] | None = None
        # Descriptors of a `-shm` file since replaced: SQLite in this process may still hold
        # locks through that file, so they are closed with the last token, not before.
        self.replaced: list[int] = []

    @classmethod
    def share(cls, path: Path) -> "_IndexFile":
        file = cls._open.get(path)
        if file is None:
            file = cls._open[path] = cls(path)
        file.tokens += 1
        return file

    def header(self) -> bytes | None:
        try:
            info = os.stat(self.path)
        except OSError:
            return None  # no WAL index yet (no connection has opened the database)
        if self.inode != (info.st_dev, info.st_ino) and not self._reopen():
            return None
        assert self.fd is not None
        header = os.pread(self.fd, HEADER_BYTES, 0)
        return header if len(header) == HEADER_BYTES else None  # being created: cannot tell

    def _reopen(self) -> bool:
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return False
        if self.fd is not None:
            self.replaced.append(self.fd)
        opened = os.fstat(fd)  # the file this descriptor holds, whatever the path holds now
        self.fd, self.inode = fd, (opened.st_dev, opened.st_ino)
        return True

    def release(self) -> None:
        self.tokens -= 1
        if self.tokens > 0:
            return
        del self._open[self.path]
        for fd in [*self.replaced, *([self.fd] if self.fd is not None else [])]:
            os.close(fd)


def deployment_key(database_url: str) -> str:
    """A short name of the database a deployment runs on: its Redis keys and pub/sub channels
    carry it, so deployments sharing one Redis never hear each other."""
    database = make_url(database_url).render_as_string(hide_password=True)
    return hashlib.sha256(database.encode()).hexdigest()[:16]


def redis_channel(client: Any, name: str) -> str:
    """`name` made the Redis database's own: pub/sub ignores database numbers."""
    return f"{name}:{client.connection_pool.connection_kwargs.get('db', 0)}"


class RedisChangeToken:
    """PostgreSQL: a commit counter in Redis, shared by every process of the deployment, and a
    copy of "what changed" in each process's memory, kept current by a subscription."""

    def __init__(self, redis_url: str, database_url: str) -> None:
        # One counter per database, so two deployments sharing a Redis never mix.
        self.key = "parley:changes:" + deployment_key(database_url)
        options: dict[str, Any] = {"socket_connect_timeout": 1, "socket_timeout": 1}
        self._client: Any = aioredis.Redis.from_url(redis_url, **options)
        self.channel = redis_channel(self._client, self.key)
        # No silent reconnects: a dropped subscription must end `following` (messages sent while
        # it was down are lost), and a new one starts a new generation.
        self._subscriber: Any = aioredis.Redis.from_url(
            redis_url, retry=Retry(NoBackoff(), 0), **options
        )
        self._follower: asyncio.Task[None] | None = None
        self._following = False
        self._generation = 0  # subscriptions started and changes announced, as seen here
        self._proven_at = -math.inf  # every change announced before this moment has been seen

    @property
    def following(self) -> bool:
        """Whether reads are answered from memory now (else they ask Redis)."""
        return self._following and time.monotonic() - self._proven_at < STALENESS_SECONDS

    async def current(self) -> bytes | None:
        if self._follower is None or self._follower.done():
            self._follower = asyncio.get_running_loop().create_task(self._follow())
        second = int(time.time()) // STALENESS_SECONDS
        if self.following:
            own = _own_commits.get(self.key, 0)
            return b"s%d.%d:%d" % (self._generation, own, second)
        try:
            value = await self._client.get(self.key)
        except (RedisError, OSError):
            return None  # cannot tell: ask the database
        return b"%s:%d" % (value or b"0", second)

    async def changed(self) -> None:
        # This process's readers see its own commit at once, whatever Redis does next.
        _own_commits[self.key] = _own_commits.get(self.key, 0) + 1
        try:
            async with self._client.pipeline(transaction=False) as pipe:
                pipe.incr(self.key)
                pipe.publish(self.channel, b"")
                await pipe.execute()
        except (RedisError, OSError):
            log.warning(
                "could not signal a commit to Redis; caches catch up within %ss", STALENESS_SECONDS
            )

    async def _follow(self) -> None:
        """Subscribe, and subscribe again whenever the subscription drops."""
        while True:
            try:
                await self._listen()
            except Exception as exc:  # whatever broke it: reads ask Redis until it is back
                if self._following:
                    log.info("change subscription lost (%s); reads ask Redis until it is back", exc)
            finally:
                self._following = False
            await asyncio.sleep(RESUBSCRIBE_SECONDS)

    async def _listen(self) -> None:
        async with self._subscriber.pubsub() as pubsub:
            await pubsub.subscribe(self.channel)
            pinged = -math.inf
            while True:
                now = time.monotonic()
                if now - pinged >= HEARTBEAT_SECONDS:
                    # Its answer comes after every message published before Redis read it.
                    await pubsub.ping(repr(now))
                    pinged = now
                message = await pubsub.get_message(timeout=HEARTBEAT_SECONDS)
                if message is not None:
                    self._note(message)

    def _note(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "message":
            self._generation += 1
        elif kind == "pong":
            self._proven_at = max(self._proven_at, float(message["data"]))
        elif kind == "subscribe":
            # Changes announced before now were not heard: a new generation misses them all.
            self._generation += 1
            self._proven_at = time.monotonic()
            self._following = True

    async def close(self) -> None:
        if self._follower is not None:
            self._follower.cancel()
            with contextlib.suppress(asyncio.CancelledError, RedisError, OSError):
                await self._follower
        for client in (self._subscriber, self._client):
            with contextlib.suppress(RedisError, OSError):
                await client.aclose()


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
