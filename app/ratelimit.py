"""Write rate limits per client IP: the `limits` library, in memory or shared through Redis."""

import time
from typing import Annotated

from fastapi import Depends, Request
from limits import parse
from limits.storage import storage_from_string
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

from app.config import Settings
from app.errors import RateLimited
from app.net import Client


class RateLimits:
    """The limiter of one app; storage lives as long as the app (built in the lifespan)."""

    def __init__(self, settings: Settings) -> None:
        self.storage: Storage = (
            storage_from_string(f"async+{settings.redis_url}")
            if settings.redis_url
            else MemoryStorage()
        )
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.write_limit = parse(settings.write_rate_limit)

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
