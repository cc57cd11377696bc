"""Two deployments sharing one Redis (each on its own database) do not hear each other's live
news; the processes of one deployment do."""

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from app.config import Settings
from app.db.session import Database
from app.live.bus import RedisBus
from app.live.hub import Hub
from tests import dbs
from tests.waiting import until

pytestmark = pytest.mark.skipif(not dbs.REDIS_URL, reason="no Redis answered")
DAY = timedelta(days=1)


class Listening(Hub):
    """A hub that records the news its bus hands it."""

    def __init__(self, database: Database) -> None:
        super().__init__(database, "key", max_streams_per_ip=1, max_streams=1, retention=DAY)
        self.news: list[tuple[str, int]] = []

    def poke(self, site_id: str, thread_id: int) -> None:
        self.news.append((site_id, thread_id))


@pytest.fixture
async def database(settings: Settings) -> AsyncIterator[Database]:
    database = Database.from_settings(settings)
    yield database
    await database.dispose()


async def test_only_the_deployment_s_own_processes_hear_its_news(database: Database) -> None:
    redis = dbs.private_redis_url()
    ours, theirs = "postgresql+asyncpg://db/blog", "postgresql+asyncpg://db/shop"
    hubs = [Listening(database) for _ in range(4)]
    buses = [
        RedisBus(hubs[0], redis, ours),  # two processes of one deployment …
        RedisBus(hubs[1], redis, ours),
        RedisBus(hubs[2], redis, theirs),  # … and two of another
        RedisBus(hubs[3], redis, theirs),
    ]
    try:
        for bus in buses:
            await bus.start()
        await until(lambda: all(bus.connected for bus in buses), "every bus subscribed")
        buses[0].publish("blog", 7)
        await until(lambda: ("blog", 7) in hubs[1].news, "news within the deployment")
        buses[3].publish("blog", 8)  # after ours: Redis delivers in order to each subscriber
        await until(lambda: ("blog", 8) in hubs[2].news, "the other deployment's news")
        assert ("blog", 7) not in hubs[2].news
        assert ("blog", 8) not in hubs[1].news
    finally:
        for bus in buses:
            await bus.close()
