"""Alembic environment: async engine, URL from Parley's settings (or -x url=… / config).

On PostgreSQL the migration runs under a session advisory lock, on a SQLite file under an
exclusive lock of a file beside it: N processes started at once on an empty database queue up,
the first one migrates, the others find the schema at head.
"""

import asyncio
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from logging.config import fileConfig

from alembic import context
from sqlalchemy import pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from app.config import get_settings
from app.models import Base

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata
# Any fixed 64-bit key; every Parley process migrating this database agrees on it.
MIGRATION_LOCK_KEY = 0x7061726C6579  # "parley"


def _url() -> str:
    return str(
        context.get_x_argument(as_dictionary=True).get("url")
        or config.attributes.get("url")
        or get_settings().database_url
    )


def _run_locked(connection: Connection) -> None:
    """Migrate on our own connection, one process at a time."""
    if connection.dialect.name == "sqlite":
        with _sqlite_migration_lock(connection.engine.url.database):
            _run(connection)
        return
    if connection.dialect.name != "postgresql":
        _run(connection)
        return
    connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    connection.commit()  # the lock is the session's; the migration opens its own transaction
    try:
        _run(connection)
    finally:
        connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
        connection.commit()


@contextmanager
def _sqlite_migration_lock(database: str | None) -> Iterator[None]:
    """flock of `<database>-migrate.lock` (SQLite itself has no lock that spans the check of
    the schema's version and the migration). An in-memory database needs none."""
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    fd = os.open(f"{database}-migrate.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_async_engine(_url(), poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(_run_locked)
    await engine.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
    else:
        asyncio.run(_run_async())


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
