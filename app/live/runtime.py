"""The live machinery of one running app: its hub, its bus and their background tasks."""

import asyncio
import contextlib
from datetime import timedelta
from typing import Annotated

from fastapi import Depends

from app.config import Settings
from app.db.session import Database
from app.live.bus import Bus, make_bus
from app.live.hub import Hub
from app.live.publish import Publisher
from app.runtime import part


class Live:
    """Built and started in the app's lifespan; closed when it ends."""

    def __init__(self, settings: Settings, database: Database, secret_key: str) -> None:
        self.hub = Hub(
            database,
            secret_key,
            max_streams_per_ip=settings.live_max_streams_per_ip,
            max_streams=settings.live_max_streams,
            retention=timedelta(hours=settings.live_retention_hours),
            settle=lambda: self.publisher.drain(),
        )
        self.bus: Bus = make_bus(self.hub, settings.database_url, settings.redis_url)
        self.publisher = Publisher(database, self.bus.publish)
        self.ping_seconds = settings.live_ping_seconds
        self._sweeps_unpublished = not settings.is_sqlite
        self._background: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        await self.bus.start()
        loop = asyncio.get_running_loop()
        self._background.append(loop.create_task(self.hub.prune_forever()))
        self._background.append(loop.create_task(self.hub.heartbeat_forever(self.ping_seconds)))
        if self._sweeps_unpublished:  # PostgreSQL: app/live/publish.py
            self._background.append(loop.create_task(self.publisher.sweep_forever()))

    def publish(self, site_id: str, thread_id: int) -> None:
        """Announce news of a thread to every process (after commit; never blocks)."""
        self.bus.publish(site_id, thread_id)

    async def close(self) -> None:
        for task in self._background:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.publisher.close()
        await self.hub.close()
        await self.bus.close()


LiveDep = Annotated[Live, Depends(part(Live))]
