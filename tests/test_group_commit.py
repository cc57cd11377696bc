"""`Database.write` and group commit (app/db/group_commit.py), on both databases: writes that
wait behind one being written share one transaction and each caller gets its own result after
the commit; one failing write fails alone; a database outage fails its group at once."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.models import Thread
from app.config import Settings
from app.db.group_commit import Work
from app.db.session import Database
from app.errors import Conflict
from tests.builders import make_site


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
