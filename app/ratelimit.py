"""Rate limits of writes and public reads per client (an IPv4 address or an IPv6 /64): the
`limits` library, in memory or shared through Redis.

With Redis configured the limits are shared by every process. While Redis does not answer,
each process falls back to its own in-memory limiter (writes go on, limited per process) and
tries Redis again every few seconds; the outage is logged once.

Reads are counted where they are served, with no Redis round trip (a cached read makes none
otherwise, app/db/changes.py): each process limits a client on its own counts at once, and adds
them to the shared counts every `READ_SHARE_SECONDS` in the background; a client that Redis
then finds over the limit is refused by that process until the window lets it in again. So a
client reading through N processes gets at most what it read in the last share interval on top
of the shared limit. Writes and votes are counted in Redis before they are allowed.

The strategy is the sliding-window counter (two counters per client and limit, the previous
window weighted): the moving window keeps every hit, and its in-memory storage then sweeps each
client's list through a worker thread after every hit, a thread hop per client per sweep.
"""

import asyncio
import contextlib
import time
from typing import Annotated, cast

import coredis
from fastapi import Depends, Request
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from limits.storage import storage_from_string
from starlette.types import Scope

from app.config import Settings
from app.errors import RateLimited
from app.net import Client, client_network, get_client_info, resolve_client_ip
from app.observability import outages
from app.runtime import runtime_of

REDIS_RETRY_SECONDS = 2.0
REDIS_TIMEOUT_SECONDS = 1.0
READ_SHARE_SECONDS = 0.1  # how often a process adds the reads it served to the shared counts


class RateLimits:
    """The limiter of one app; storage lives as long as the app (built in the lifespan)."""

    def __init__(self, settings: Settings) -> None:
        self._redis_pool: coredis.ConnectionPool | None = None
        self.shared_storage: Storage | None = None
        self._shared: SlidingWindowCounterRateLimiter | None = None
        if settings.redis_url:
            # Our own pool, so the lifespan can close its sockets on shutdown; short timeouts,
            # so an unreachable Redis costs a write a second at most before the fallback.
            self._redis_pool = coredis.ConnectionPool.from_url(
                settings.redis_url,
                connect_timeout=REDIS_TIMEOUT_SECONDS,
                stream_timeout=REDIS_TIMEOUT_SECONDS,
            )
            self.shared_storage = cast(
                Storage,
                storage_from_string(
                    f"async+{settings.redis_url}",
                    connection_pool=self._redis_pool,  # type: ignore[arg-type]
                ),
            )
            self._shared = SlidingWindowCounterRateLimiter(self.shared_storage)
        self.storage: Storage = self.shared_storage or MemoryStorage()
        self._local = SlidingWindowCounterRateLimiter(MemoryStorage())
        self._shared_retry_at = 0.0
        self._unshared_reads: dict[str, int] = {}  # client -> reads served since the last share
        self._refused_reads: dict[str, float] = {}  # client -> when Redis lets it read again
        self._sharer: asyncio.Task[None] | None = None
        self.write_limit = parse(settings.write_rate_limit)
        self.vote_limit = parse(settings.vote_rate_limit)
        self.read_limit = parse(settings.read_rate_limit)

    async def close(self) -> None:
        if self._sharer is not None:
            self._sharer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sharer
            await self.share_reads()
        if self._redis_pool is not None:
            self._redis_pool.disconnect()

    async def _shared_hit(self, limit: RateLimitItem, *identifiers: str) -> bool:
        """A hit on Redis, tried twice: after a Redis restart the pool's old connections fail
        once each before new ones are made, and that is no outage."""
        assert self._shared is not None
        try:
            return await self._shared.hit(limit, *identifiers)
        except Exception:
            return await self._shared.hit(limit, *identifiers)

    async def _hit(
        self, limit: RateLimitItem, *identifiers: str
    ) -> tuple[bool, SlidingWindowCounterRateLimiter]:
        """Count one hit; (allowed, the limiter that counted it)."""
        if self._shared is not None and time.monotonic() >= self._shared_retry_at:
            try:
                allowed = await self._shared_hit(limit, *identifiers)
            except Exception as exc:  # Redis down or failing: never fail the write for it
                outages.redis.failed(exc)
                self._shared_retry_at = time.monotonic() + REDIS_RETRY_SECONDS
            else:
                outages.redis.recovered()
                return allowed, self._shared
        return await self._local.hit(limit, *identifiers), self._local

    async def hit(self, limit: RateLimitItem, detail: str, *identifiers: str) -> None:
        """Count one request; refuse with 429 and Retry-After when over the limit."""
        allowed, limiter = await self._hit(limit, *identifiers)
        if allowed:
            return
        try:
            stats = await limiter.get_window_stats(limit, *identifiers)
            retry_after = max(1, int(stats.reset_time - time.time()) + 1)
        except Exception:
            retry_after = int(limit.get_expiry())
        raise RateLimited(
            detail.format(retry_after=retry_after), headers={"Retry-After": str(retry_after)}
        )

    async def hit_write(self, client_ip: str) -> None:
        """Count one write by this client; refuse with 429 and Retry-After when over the limit."""
        await self.hit(
            self.write_limit,
            "Too many comments from your address; try again in {retry_after} s.",
            "write",
            client_ip,
        )

    async def hit_vote(self, client_ip: str) -> None:
        """Count one vote by this client, in a bucket of its own (votes never use up posting)."""
        await self.hit(
            self.vote_limit,
            "Too many votes from your address; try again in {retry_after} s.",
            "vote",
            client_ip,
        )

    async def allows_read(self, client_key: str) -> bool:
        """Count one public read; False when over the limit (for callers that answer later)."""
        allowed, _ = await self._read(client_key)
        return allowed

    async def hit_read(self, client_key: str) -> None:
        """Count one public read (thread, counts, site, avatar, feed) by this client."""
        allowed, retry_after = await self._read(client_key)
        if not allowed:
            raise RateLimited(
                f"Too many requests from your address; try again in {retry_after} s.",
                headers={"Retry-After": str(retry_after)},
            )

    async def _read(self, client_key: str) -> tuple[bool, int]:
        """(allowed, Retry-After): counted here, shared later (the module's docstring)."""
        refused_until = self._refused_reads.get(client_key)
        if refused_until is not None:
            if time.monotonic() < refused_until:
                return False, max(1, int(refused_until - time.monotonic()) + 1)
            del self._refused_reads[client_key]
        if not await self._local.hit(self.read_limit, "read", client_key):
            stats = await self._local.get_window_stats(self.read_limit, "read", client_key)
            return False, max(1, int(stats.reset_time - time.time()) + 1)
        if self._shared is not None:
            self._unshared_reads[client_key] = self._unshared_reads.get(client_key, 0) + 1
            if self._sharer is None or self._sharer.done():
                self._sharer = asyncio.get_running_loop().create_task(self._share_reads())
        return True, 0

    async def _share_reads(self) -> None:
        """Every `READ_SHARE_SECONDS` while there are reads to share."""
        while True:
            await asyncio.sleep(READ_SHARE_SECONDS)
            if not self._unshared_reads:
                return  # idle: the next read starts sharing again
            await self.share_reads()

    async def share_reads(self) -> None:
        """Add the reads served here to the shared counts, and learn who is over the limit."""
        reads, self._unshared_reads = self._unshared_reads, {}
        now = time.monotonic()  # refusals that ended go, or clients never seen again stay held
        self._refused_reads = {k: t for k, t in self._refused_reads.items() if t > now}
        if not reads or self._shared is None or time.monotonic() < self._shared_retry_at:
            return  # nothing to share, or Redis is down: each process limits alone meanwhile
        try:
            for client_key, count in reads.items():
                await self._share(client_key, count)
        except Exception as exc:  # Redis down or failing: never fail a read for it
            outages.redis.failed(exc)
            self._shared_retry_at = time.monotonic() + REDIS_RETRY_SECONDS
        else:
            outages.redis.recovered()

    async def _share(self, client_key: str, count: int) -> None:
        assert self._shared is not None
        if await self._shared.hit(self.read_limit, "read", client_key, cost=count):
            return
        stats = await self._shared.get_window_stats(self.read_limit, "read", client_key)
        wait = max(0.0, stats.reset_time - time.time())
        self._refused_reads[client_key] = time.monotonic() + wait


# The scope key of a request whose read the fast path has counted already.
READ_COUNTED = "parley.read_counted"


class ReadLimit:
    """The read limit for pure ASGI layers (the cached-read fast path), built with the app."""

    def __init__(self, limits: RateLimits, trusted_proxies: tuple[str, ...]) -> None:
        self.limits = limits
        self.trusted_proxies = trusted_proxies

    async def __call__(self, scope: Scope) -> bool:
        """Count one read of this client; False when over the limit, so the app answers the
        429 itself. A read counted and allowed here is marked, and the app does not count it
        again if it answers it after all."""
        peer = scope["client"][0] if scope.get("client") else "0.0.0.0"  # noqa: S104 - not a bind
        forwarded = dict(scope["headers"]).get(b"x-forwarded-for")
        ip = resolve_client_ip(
            peer, forwarded.decode("latin-1") if forwarded else None, self.trusted_proxies
        )
        allowed = await self.limits.allows_read(client_network(ip))
        if allowed:
            scope[READ_COUNTED] = True
        return allowed


async def limit_reads(request: Request) -> None:
    """A router-wide dependency: GET and HEAD count against `read_rate_limit`, others pass
    (without working out who the client is: the write routes do that themselves)."""
    if request.method in ("GET", "HEAD") and not request.scope.get(READ_COUNTED):
        client = await get_client_info(request)
        await runtime_of(request.app).require(RateLimits).hit_read(client.network)


async def limit_writes(request: Request, client: Client) -> None:
    await runtime_of(request.app).require(RateLimits).hit_write(client.network)


async def limit_votes(request: Request, client: Client) -> None:
    await runtime_of(request.app).require(RateLimits).hit_vote(client.network)


WriteLimited = Annotated[None, Depends(limit_writes)]
VoteLimited = Annotated[None, Depends(limit_votes)]
READ_LIMITED = Depends(limit_reads)
