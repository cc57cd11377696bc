"""SQLite's WAL checkpoints while the app runs (app/db/checkpoints.py): never inside a commit on
the loop's thread (every app connection has `wal_autocheckpoint=0`), and done all the same, by a
worker thread, so the database file itself soon holds what was written."""

import asyncio
import contextlib
import sqlite3

import pytest
from fastapi import FastAPI
from sqlalchemy import make_url

from app.config import Settings
from app.db.checkpoints import WalCheckpoints
from app.db.session import Database
from tests.builders import make_site, post_comment
from tests.parts import part
from tests.waiting import until


def _in_database_file(path: str, body: str) -> bool:
    # immutable=1: SQLite reads the database file alone, ignoring the WAL
    with contextlib.closing(sqlite3.connect(f"file:{path}?immutable=1", uri=True)) as db:
        return db.execute("SELECT 1 FROM comments WHERE body = ?", (body,)).fetchone() is not None


async def test_checkpoints_run_off_the_loop(settings: Settings, app: FastAPI, client) -> None:
    if not settings.is_sqlite:
        pytest.skip("PostgreSQL has no WAL file of ours to checkpoint")
    database = part(app, Database)
    assert database.checkpoints is not None and database.checkpoints.running
    await make_site(client)
    await post_comment(client, "checkpointed by the worker thread")
    for engine in (database.write_engine, database.read_engine):
        async with engine.connect() as connection:
            pragma = await connection.exec_driver_sql("PRAGMA wal_autocheckpoint")
            assert pragma.scalar() == 0
    path = make_url(settings.database_url).database
    assert path is not None
    await until(
        lambda: _in_database_file(path, "checkpointed by the worker thread"),
        "the comment copied from the WAL into the database file",
    )


async def test_a_process_without_them_keeps_sqlite_s_own(settings: Settings, app) -> None:
    if not settings.is_sqlite:
        pytest.skip("SQLite only")
    database = Database.from_settings(settings)  # as the CLI builds it: never started
    try:
        async with database.read_connection() as connection:
            pragma = await connection.exec_driver_sql("PRAGMA wal_autocheckpoint")
            assert pragma.scalar() == 1000
    finally:
        await database.dispose()


async def test_stopping_waits_for_a_checkpoint_under_way(settings: Settings, app) -> None:
    """The worker thread cannot be cancelled: `stop` closes the connection only after it ends
    (closing it under the thread crashed the process)."""
    if not settings.is_sqlite:
        pytest.skip("SQLite only")
    path = make_url(settings.database_url).database
    assert path is not None
    for _ in range(20):
        checkpoints = WalCheckpoints(path)
        checkpoints.start()
        under_way = asyncio.ensure_future(checkpoints.checkpoint())
        await asyncio.sleep(0)  # its thread has started
        under_way.cancel()
        await checkpoints.stop()
        assert under_way.cancelled()
        assert not checkpoints.running
    busy, _, _ = await checkpoints.checkpoint()  # a stopped one still checkpoints on request
    assert busy == 0
    await checkpoints.stop()
