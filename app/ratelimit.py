"""Write rate limits per client IP: the `limits` library, in memory or shared through Redis."""

import time
from typing import Annotated, cast

import coredis
from fastapi import Depends, Request
from limits import parse
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from app.config import Settings
from app.errors import RateLimited
from app.net import Client


class RateLimits:
    """The limiter of one app; storage lives as long as the app (built in the lifespan)."""

    def __init__(self, settings: Settings) -> None:
        self._redis_pool: coredis.ConnectionPool | None = None
        if settings.redis_url:
            # Our own pool, so the lifespan can close its sockets on shutdown.
            self._redis_pool = coredis.ConnectionPool.from_url(settings.redis_url)
            self.storage: Storage = cast(
                Storage,
                storage_from_string(
                    f"async+{settings.redis_url}",
                    connection_pool=self._redis_pool,  # type: ignore[arg-type]
                ),
            )
        else:
            self.storage = MemoryStorage()
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.write_limit = parse(settings.write_rate_limit)

    async def close(self) -> None:
        if self._redis_pool is not None:
            self._redis_pool.disconnect()

    async def hit_write(self, client_ip: str) -> None:
        """Count one write by this client; refuse with 429 and Retry-After when over the limit."""
        if await self.limiter.hit(self.write_limit, "write", client_ip):
            return
        stats = await self.limiter.get_window_stats(self.write_limit, "write", client_ip)
        retry_after = max(1, int(stats.reset_time - time.time()) + 1)
        raise RateLimited(
            f"Too many comments or votes from your address; try again in {retry_after} s.",
            headers={"Retry-After": str(retry_after)},
        )


async def limit_writes(request: Request, client: Client) -> None:
    limits: RateLimits = request.app.state.rate_limits
    await limits.hit_write(client.ip)


WriteLimited = Annotated[None, Depends(limit_writes)]
