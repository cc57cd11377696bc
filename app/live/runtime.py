"""The live machinery of one running app: its hub, its bus and their background tasks."""

import asyncio
import contextlib
from datetime import timedelta

from app.config import Settings
from app.db.session import Database
from app.live.bus import Bus, make_bus
from app.live.hub import Hub


class Live:
    """Built and started in the app's lifespan; closed when it ends."""

    def __init__(self, settings: Settings, database: Database, secret_key: str) -> None:
        self.hub = Hub(
            database,
            secret_key,
            max_streams_per_ip=settings.live_max_streams_per_ip,
            max_streams=settings.live_max_streams,
            retention=timedelta(hours=settings.live_retention_hours),
        )
        self.bus: Bus = make_bus(self.hub, settings.database_url, settings.redis_url)
        self.ping_seconds = settings.live_ping_seconds
        self._pruner: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.bus.start()
        self._pruner = asyncio.get_running_loop().create_task(self.hub.prune_forever())

    def publish(self, site_id: str, thread_id: int) -> None:
        """Announce news of a thread to every process (after commit; never blocks)."""
        self.bus.publish(site_id, thread_id)

    async def close(self) -> None:
        if self._pruner is not None:
            self._pruner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pruner
        await self.hub.close()
        await self.bus.close()
