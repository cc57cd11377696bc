"""The SQLite change token (app/db/changes.py) never releases SQLite's locks on the WAL index.

Closing any descriptor of a file drops every POSIX lock the process holds on it. The token
once opened and closed the `-shm` file beside SQLite's connections: the process lost its hold on
the WAL index, the next process to open the database took the file for unused and truncated
it, and every worker's mapping of it raised SIGBUS (both bench workers died mid-load).

The probe runs in another process, as the next opener would: it asks for the exclusive lock
SQLite's connections hold shared (the "DMS" byte, offset 128 of the `-shm` file) while
they are open.
"""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from app.db.changes import WalChangeToken
from app.db.session import Database
from tests.builders import make_site, post_comment

_PROBE = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 128)
except OSError:
    print("held")
else:
    print("free")
"""


def lock_from_another_process(shm: Path) -> str:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(shm)], capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def open_wal_database(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE t (x INTEGER)")
    connection.execute("INSERT INTO t VALUES (1)")
    connection.commit()
    return connection


class TestTheWalIndexStaysLocked:
    async def test_reading_the_token_keeps_the_processes_locks(self, tmp_path):
        database = tmp_path / "locks.db"
        shm = Path(f"{database}-shm")
        connection = open_wal_database(database)
        try:
            assert lock_from_another_process(shm) == "held"  # the probe sees SQLite's lock
            token = WalChangeToken(shm)
            first = await token.current()
            connection.execute("INSERT INTO t VALUES (2)")
            connection.commit()
            assert first is not None and await token.current() not in (None, first)
            assert lock_from_another_process(shm) == "held"
            await token.close()
        finally:
            connection.close()

    async def test_a_replaced_index_file_is_followed_without_closing_the_old_one(self, tmp_path):
        database = tmp_path / "replaced.db"
        shm = Path(f"{database}-shm")
        connection = open_wal_database(database)
        token = WalChangeToken(shm)
        try:
            assert await token.current() is not None
            connection.close()  # the last connection: SQLite removes the -shm file
            connection = open_wal_database_again(database)
            assert await token.current() is not None  # the new file's header
            assert lock_from_another_process(shm) == "held"
        finally:
            connection.close()
            await token.close()

    async def test_a_second_database_on_the_apps_file_leaves_its_locks_alone(
        self, settings, client
    ):
        """The CLI builds a `Database` of its own; a test process may hold one beside the
        app's. Reading and disposing it must not release what the app's connections hold."""
        if not settings.is_sqlite:
            pytest.skip("SQLite only")
        path = make_url(settings.database_url).database
        assert path is not None
        shm = Path(f"{path}-shm")
        await make_site(client)
        await post_comment(client, "The app's connections now hold the WAL index.")
        assert lock_from_another_process(shm) == "held"
        second = Database.from_settings(settings)
        async with second.read_connection() as connection:
            await connection.exec_driver_sql("SELECT count(*) FROM sites")
        assert await second.changes.current() is not None
        await second.dispose()
        assert lock_from_another_process(shm) == "held"


def open_wal_database_again(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.execute("INSERT INTO t VALUES (3)")
    connection.commit()
    return connection
