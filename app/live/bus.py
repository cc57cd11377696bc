"""How processes tell each other "thread T has news": memory, Redis pub/sub or PostgreSQL
LISTEN/NOTIFY. Announcements carry no data (the event log does), so a bus may lose one: every
(re)connection is followed by a catch-up of all subscribed threads."""

import asyncio
import contextlib
import logging
from typing import Any, Protocol

import asyncpg
import redis.asyncio as aioredis
from sqlalchemy.engine import make_url

from app.db.changes import deployment_key, redis_channel
from app.live.hub import Hub
from app.observability import outages

log = logging.getLogger("parley.live")

CHANNEL = "parley_live"  # PostgreSQL's NOTIFY channel (per database already)
PING_SECONDS = 5.0
POLL_SECONDS = 2.0  # memory bus: how soon news from another worker on the same SQLite arrives
MAX_BACKOFF_SECONDS = 5.0


class Bus(Protocol):
    name: str

    async def start(self) -> None: ...
    def publish(self, site_id: str, thread_id: int) -> None: ...
    async def close(self) -> None: ...
    @property
    def connected(self) -> bool: ...


def _payload(site_id: str, thread_id: int) -> str:
    return f"{site_id} {thread_id}"


def _parse(hub: Hub, payload: str | bytes) -> None:
    text = payload.decode() if isinstance(payload, bytes) else payload
    site_id, _, thread = text.partition(" ")
    if thread.isdigit():
        hub.poke(site_id, int(thread))


class MemoryBus:
    """One process: announcements go straight to the hub. Several workers on one SQLite file
    (`--workers N`) do not share memory, so while anyone listens the log is also polled."""

    name = "memory"
    connected = True

    def __init__(self, hub: Hub, poll_seconds: float = POLL_SECONDS) -> None:
        self.hub = hub
        self.poll_seconds = poll_seconds
        self._poller: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._poller = asyncio.get_running_loop().create_task(self._poll_forever())

    def publish(self, site_id: str, thread_id: int) -> None:
        self.hub.poke(site_id, thread_id)

    async def _poll_forever(self) -> None:
        newest: int | None = None
        while True:
            await asyncio.sleep(self.poll_seconds)
            if not self.hub.count:
                newest = None
                continue
            try:
                latest = await self.hub.newest_event_id()
            except Exception as exc:
                if outages.classify(exc) is None:
                    log.warning("live: could not poll the event log", exc_info=True)
                continue
            # The first look after readers arrived has nothing to compare with: catch up anyway
            # (a comment another worker wrote between a reader's start and this look would
            # otherwise wait for the next one). Each reader is caught up from its own position.
            if newest is None or latest > newest:
                self.hub.poke_all()
            newest = latest

    async def close(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller


class _Remote:
    """A bus with a listening connection kept alive by a task, and a fallback to local news."""

    name = "remote"

    def __init__(self, hub: Hub, dependency: outages.Dependency) -> None:
        self.hub = hub
        self.dependency = dependency
        self._listener: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._connected = False

    @property
    def connected(self) -> bool:
        return self._connected

    async def start(self) -> None:
        self._listener = asyncio.get_running_loop().create_task(self._listen_forever())

    def publish(self, site_id: str, thread_id: int) -> None:
        task = asyncio.get_running_loop().create_task(self._publish(site_id, thread_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _publish(self, site_id: str, thread_id: int) -> None:
        try:
            await self._send(_payload(site_id, thread_id))
        except Exception as exc:
            # Readers on this process still get the news; other processes catch up on reconnect.
            self.dependency.failed(exc)
            self.hub.poke(site_id, thread_id)

    async def _listen_forever(self) -> None:
        backoff = 0.2
        while True:
            try:
                await self._listen()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.dependency.failed(exc)
            self._connected = False
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)

    def _on_connected(self) -> None:
        self._connected = True
        self.dependency.recovered()
        self.hub.poke_all()

    async def _send(self, payload: str) -> None:
        raise NotImplementedError

    async def _listen(self) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener
        for task in list(self._tasks):
            task.cancel()


class RedisBus(_Remote):
    """Across processes through Redis pub/sub."""

    name = "redis"

    def __init__(self, hub: Hub, url: str, database_url: str) -> None:
        super().__init__(hub, outages.redis)
        self.client: Any = aioredis.Redis.from_url(
            url, socket_connect_timeout=2, socket_timeout=None, health_check_interval=PING_SECONDS
        )
        # The deployment's own channel: another one sharing this Redis would poke our readers.
        self.channel = redis_channel(self.client, "parley:live:" + deployment_key(database_url))

    async def _send(self, payload: str) -> None:
        await self.client.publish(self.channel, payload)

    async def _listen(self) -> None:
        pubsub = self.client.pubsub(ignore_subscribe_messages=True)
        try:
            await pubsub.subscribe(self.channel)
            self._on_connected()
            while True:
                message = await pubsub.get_message(timeout=PING_SECONDS)
                if message is None:
                    await pubsub.ping()
                elif message.get("type") == "message":
                    _parse(self.hub, message["data"])
        finally:
            with contextlib.suppress(Exception):
                await pubsub.aclose()

    async def close(self) -> None:
        await super().close()
        with contextlib.suppress(Exception):
            await self.client.aclose()


class PostgresBus(_Remote):
    """Across processes through PostgreSQL LISTEN/NOTIFY, on one connection of our own."""

    name = "postgresql"

    def __init__(self, hub: Hub, database_url: str) -> None:
        super().__init__(hub, outages.database)
        self.dsn = (
            make_url(database_url)
            .set(drivername="postgresql")
            .render_as_string(hide_password=False)
        )
        self._conn: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()

    async def _send(self, payload: str) -> None:
        conn = self._conn
        if conn is None or conn.is_closed():
            raise ConnectionError("not listening")
        async with self._lock:
            await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, payload)

    async def _listen(self) -> None:
        conn = await asyncpg.connect(self.dsn, timeout=5)
        try:
            await conn.add_listener(CHANNEL, lambda _c, _pid, _ch, data: _parse(self.hub, data))
            self._conn = conn
            self._on_connected()
            while not conn.is_closed():
                await asyncio.sleep(PING_SECONDS)
                async with self._lock:
                    await conn.fetchval("SELECT 1", timeout=PING_SECONDS)
        finally:
            self._conn = None
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.close(), 2)


def make_bus(hub: Hub, database_url: str, redis_url: str | None) -> Bus:
    """Redis when configured, else LISTEN/NOTIFY on PostgreSQL, else memory (one process)."""
    if redis_url:
        return RedisBus(hub, redis_url, database_url)
    if database_url.startswith("postgresql"):
        return PostgresBus(hub, database_url)
    return MemoryBus(hub)
