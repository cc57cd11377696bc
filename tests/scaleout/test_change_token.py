"""The PostgreSQL + Redis change token on a Redis of the test's own (app/db/changes.py): reads
are answered from memory while the subscription hears every change, a change announced by
another process is heard, and a process whose subscription is down asks Redis on every read."""

import asyncio
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import pytest
import redis.asyncio as aioredis

from app.db.changes import RedisChangeToken
from tests.scaleout.servers import OwnRedis, own_redis
from tests.waiting import until

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")
DATABASE_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/change-token-test"
POLL_SECONDS = 0.01
PATIENCE_SECONDS = 30.0  # generous: a shared 2-core machine


async def poll(condition: Callable[[], Awaitable[bool]]) -> None:
    await until(
        condition, "the change token's condition", within=PATIENCE_SECONDS, interval=POLL_SECONDS
    )


def changes_part(token: bytes | None) -> bytes:
    """The token without its second (after the last colon), which changes on its own."""
    assert token is not None
    return token.rsplit(b":", 1)[0]


@pytest.fixture
def redis_server() -> Iterator[OwnRedis]:
    with own_redis() as server:
        yield server


@pytest.fixture
async def admin(redis_server: OwnRedis) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(redis_server.url)
    yield client
    await client.aclose()


@pytest.fixture
async def token(redis_server: OwnRedis) -> AsyncIterator[RedisChangeToken]:
    token = RedisChangeToken(redis_server.url, DATABASE_URL)
    await token.current()  # starts the subscription

    async def following() -> bool:
        return token.following

    await poll(following)
    yield token
    await token.close()


async def gets(admin: aioredis.Redis) -> int:
    """GET commands this Redis has answered (no one else talks to it)."""
    stats = await admin.info("commandstats")
    return int(stats.get("cmdstat_get", {}).get("calls", 0))


def signal_from_another_process(redis_url: str) -> None:
    """A commit signalled by another Python process, through the same code as Parley's writers."""
    script = (
        "import asyncio\n"
        "from app.db.changes import RedisChangeToken\n"
        "async def main():\n"
        f"    token = RedisChangeToken({redis_url!r}, {DATABASE_URL!r})\n"
        "    await token.changed()\n"
        "    await token.close()\n"
        "asyncio.run(main())\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


class TestFollowing:
    async def test_reads_ask_redis_nothing_while_subscribed(self, token, admin):
        before = await gets(admin)
        tokens = {changes_part(await token.current()) for _ in range(50)}
        assert len(tokens) == 1
        assert await gets(admin) == before

    async def test_an_own_commit_changes_the_token_at_once(self, token):
        before = changes_part(await token.current())
        await token.changed()
        assert changes_part(await token.current()) != before

    async def test_a_commit_signalled_by_another_process_is_heard(self, token, admin, redis_server):
        before_token = changes_part(await token.current())
        before_gets = await gets(admin)
        await asyncio.to_thread(signal_from_another_process, redis_server.url)

        async def heard() -> bool:
            return changes_part(await token.current()) != before_token

        await poll(heard)
        assert token.following
        assert await gets(admin) == before_gets, "heard from the subscription, not asked"


class TestFallingBack:
    async def test_a_dropped_subscription_asks_redis_until_it_is_back(self, token, admin):
        await admin.execute_command("CLIENT", "KILL", "TYPE", "pubsub")

        async def asks() -> bool:
            before = await gets(admin)
            await token.current()
            return await gets(admin) > before

        await poll(asks)

        async def following_again() -> bool:
            return token.following

        await poll(following_again)
        before = await gets(admin)
        await token.current()
        assert await gets(admin) == before

    async def test_redis_down_is_cannot_tell_and_commits_go_on(self, token, redis_server):
        redis_server.stop()

        async def cannot_tell() -> bool:
            return await token.current() is None

        await poll(cannot_tell)
        await token.changed()  # logged, not raised: the write it follows is committed
        redis_server.start()

        async def following_again() -> bool:
            await token.current()
            return token.following

        await poll(following_again)
        assert await token.current() is not None
