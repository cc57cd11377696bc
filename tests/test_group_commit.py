"""`Database.write` and group commit (app/db/group_commit.py), on both databases: writes that
wait behind one being written share one transaction and each caller gets its own result after
the commit; one failing write fails alone; a database outage fails its group at once; a real
deadlock on PostgreSQL is not an outage (the group's writes run again alone)."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.models import Thread
from app.config import Settings
from app.db.group_commit import Work
from app.db.session import Database, before_commit
from app.errors import Conflict
from tests.builders import make_site
from tests.waiting import until


@pytest.fixture
async def database(settings: Settings, client: object) -> AsyncIterator[Database]:
    database = Database.from_settings(settings)  # `client`: the app (and its sites) is up
    yield database
    await database.dispose()


@pytest.fixture
def commits(database: Database) -> list[int]:
    seen: list[int] = []
    event.listen(database.write_engine.sync_engine, "commit", lambda _conn: seen.append(1))
    return seen


def new_thread(n: int, *, fail: Exception | None = None) -> Work[int]:
    async def work(session: AsyncSession) -> int:
        await session.execute(
            text(
                "INSERT INTO threads (site_id, url, title, closed, version, created_at) "
                "VALUES ('grp', :url, '', false, 1, CURRENT_TIMESTAMP)"
            ),
            {"url": f"https://blog.example/{n}"},
        )
        if fail is not None:
            raise fail
        return n

    return work


async def stored_urls(database: Database) -> set[str]:
    async with database.read_sessions() as session:
        rows = await session.scalars(select(Thread.url).where(Thread.site_id == "grp"))
        return {url.rsplit("/", 1)[1] for url in rows}


async def writes_behind_a_write_in_progress(
    database: Database, works: list[Work[int]]
) -> list[object]:
    """Start every write while another is being written, then let that one finish."""
    started, release = asyncio.Event(), asyncio.Event()

    async def first(_session: AsyncSession) -> int:  # writes nothing: no commit of its own
        started.set()
        await release.wait()
        return -1

    head = asyncio.create_task(database.write(first))
    await started.wait()
    tasks = [asyncio.create_task(database.write(work)) for work in works]
    await asyncio.sleep(0)  # every write is now waiting
    release.set()
    assert await head == -1
    return await asyncio.gather(*tasks, return_exceptions=True)


async def test_waiting_writes_share_one_commit_and_each_gets_its_own_result(
    database: Database, commits: list[int], client
) -> None:
    await make_site(client, "grp")
    results = await writes_behind_a_write_in_progress(database, [new_thread(n) for n in range(12)])
    assert results == list(range(12))
    assert await stored_urls(database) == {str(n) for n in range(12)}
    assert len(commits) == 1


async def test_a_failing_write_fails_alone(database: Database, client) -> None:
    await make_site(client, "grp")
    works = [new_thread(n, fail=Conflict("taken") if n == 3 else None) for n in range(6)]
    results = await writes_behind_a_write_in_progress(database, works)
    assert [r if not isinstance(r, Exception) else type(r) for r in results] == [
        0,
        1,
        2,
        Conflict,
        4,
        5,
    ]
    assert await stored_urls(database) == {"0", "1", "2", "4", "5"}


async def test_an_outage_fails_the_whole_group_without_running_each_again(
    database: Database, client
) -> None:
    await make_site(client, "grp")
    outage = OperationalError("COMMIT", {}, Exception("disk I/O error"))
    calls: list[int] = []

    def counted(n: int) -> Work[int]:
        work = new_thread(n, fail=outage if n == 1 else None)

        async def run(session: AsyncSession) -> int:
            calls.append(n)
            return await work(session)

        return run

    results = await writes_behind_a_write_in_progress(database, [counted(n) for n in range(4)])
    assert all(isinstance(r, OperationalError) for r in results)
    assert calls == [0, 1]  # the group stopped at the outage; nobody ran again
    assert await stored_urls(database) == set()


A, B = "https://blog.example/100", "https://blog.example/101"


async def test_a_deadlock_in_a_group_fails_nobody_each_write_runs_again_alone(
    database: Database, client
) -> None:
    """A real deadlock (PostgreSQL aborts the group's transaction) is not an outage: the
    group's writes run again one by one and all of them succeed."""
    if database.write_engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time: no deadlock to provoke")
    await make_site(client, "grp")
    await writes_behind_a_write_in_progress(database, [new_thread(n) for n in (100, 101)])
    retitle = text("UPDATE threads SET title = :title WHERE site_id = 'grp' AND url = :url")
    tries: list[int] = []

    async def b_then_a(session: AsyncSession) -> int:
        tries.append(1)
        for row in (B, A):
            await session.execute(retitle, {"title": "group", "url": row})
        return 1

    async with database.write_engine.connect() as other:
        await other.begin()
        await other.execute(retitle, {"title": "other", "url": A})
        group = asyncio.create_task(
            writes_behind_a_write_in_progress(database, [new_thread(0), b_then_a, new_thread(2)])
        )
        await until(lambda: waiting_on_a_lock(database), "the group waiting for row A")
        # Row B, which the group holds: PostgreSQL finds the cycle and aborts the group's
        # transaction (its backend waited first, so its deadlock check runs first).
        await other.execute(retitle, {"title": "other", "url": B})
        await other.commit()
    assert await group == [0, 1, 2]
    assert len(tries) == 2  # in the group, then alone
    assert await stored_urls(database) == {"100", "101", "0", "2"}
    async with database.read_sessions() as session:
        rows = await session.execute(select(Thread.url, Thread.title))
    titles: dict[str, str] = dict(rows.all())
    assert titles[A] == titles[B] == "group"  # the group's write came last


async def waiting_on_a_lock(database: Database) -> bool:
    async with database.read_sessions() as session:
        waiting = await session.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            )
        )
    return bool(waiting)


async def test_before_commit_writes_run_in_the_transaction_and_a_rollback_drops_them(
    database: Database, client
) -> None:
    """`before_commit`: what a transaction gathered is written just before its commit, inside
    it; a rolled-back transaction's are dropped; only a write session takes them."""
    await make_site(client, site_id="grp")
    ran: list[str] = []

    def gathered(n: int):
        async def write(session: AsyncSession) -> None:
            ran.append(str(n))
            await new_thread(n)(session)

        return write

    async with database.write_sessions() as session:
        await new_thread(0)(session)  # as a write does: its transaction has begun
        before_commit(session, gathered(1))
        await session.rollback()
        before_commit(session, gathered(2))
        assert ran == []  # nothing runs before the commit
        await session.commit()
    assert ran == ["2"]
    assert await stored_urls(database) == {"2"}
    async with database.read_sessions() as session:
        with pytest.raises(TypeError, match="write session"):
            before_commit(session, gathered(3))
