"""The read limit with Redis (app/ratelimit.py): reads are counted where they are served, with no
Redis round trip, and shared in the background, so a client reading through two processes is
held to one limit (plus what it read in one share interval); Redis down, each limits alone."""

import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from app.ratelimit import RateLimits
from tests.conftest import make_settings
from tests.scaleout.servers import OwnRedis, own_redis
from tests.waiting import until

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")
LIMIT = 10
CLIENT = "10.1.2.3"
PATIENCE_SECONDS = 30.0


@pytest.fixture
def redis_server() -> Iterator[OwnRedis]:
    with own_redis() as server:
        yield server


@pytest.fixture
async def processes(redis_server: OwnRedis, tmp_path: Path) -> AsyncIterator[list[RateLimits]]:
    """The rate limits of two processes sharing one Redis."""
    settings = make_settings(
        "sqlite+aiosqlite:///unused.db",
        tmp_path,
        redis_url=redis_server.url,
        read_rate_limit=f"{LIMIT}/minute",
    )
    both = [RateLimits(settings), RateLimits(settings)]
    yield both
    for limits in both:
        await limits.close()


async def evalshas(redis_server: OwnRedis) -> int:
    """Scripts this Redis has run (the limiter's hits); no one else talks to it."""
    client = aioredis.Redis.from_url(redis_server.url)
    try:
        stats = await client.info("commandstats")
    finally:
        await client.aclose()
    return sum(int(v.get("calls", 0)) for k, v in stats.items() if k.startswith("cmdstat_eval"))


class TestSharedReadLimit:
    async def test_a_read_asks_redis_nothing(self, processes, redis_server):
        a, _ = processes
        before = await evalshas(redis_server)
        assert await a.allows_read(CLIENT)
        assert await evalshas(redis_server) == before

    async def test_reads_are_shared_in_the_background(self, processes, redis_server):
        a, _ = processes
        before = await evalshas(redis_server)
        assert await a.allows_read(CLIENT)

        async def shared() -> bool:
            return await evalshas(redis_server) != before

        await until(shared, "the read to be shared", within=PATIENCE_SECONDS, interval=0.01)

    async def test_reads_on_two_processes_share_one_limit(self, processes):
        a, b = processes
        for process in (a, b):
            for _ in range(LIMIT - 4):  # each under the limit on its own, together over it
                assert await process.allows_read(CLIENT)
        # What the background does each interval, now (it may have run already): the first
        # process's 6 are counted, the other's (12 > 10) refused.
        await a.share_reads()
        await b.share_reads()
        more = []
        for process in (a, b):
            served = 0
            while await process.allows_read(CLIENT):
                served += 1
            more.append(served)
        # One refuses at once; the other serves what is left of the limit on its own count.
        assert sorted(more) == [0, 4]

    async def test_another_client_is_not_refused(self, processes):
        a, b = processes
        for process in (a, b):
            for _ in range(LIMIT):
                await process.allows_read(CLIENT)
        assert await a.allows_read("10.9.9.9")
        assert await b.allows_read("10.9.9.9")

    async def test_redis_down_each_process_limits_alone(self, processes, redis_server):
        a, _ = processes
        redis_server.stop()
        for _ in range(LIMIT):
            assert await a.allows_read(CLIENT)
        assert not await a.allows_read(CLIENT)
