"""Real, migrated test databases: SQLite always, PostgreSQL whenever one answers.

PostgreSQL (and Redis, for the shared rate limits and the two-process tests) come from
PARLEY_TEST_POSTGRES_URL / PARLEY_TEST_REDIS_URL; when a variable is unset, the README's local
server is used if it answers, so `make test` runs both databases wherever they are. An empty
value turns that backend off."""

import asyncio
import os
import secrets
import socket
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from app.models import Base

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def _answers(url: str) -> bool:
    """Whether something listens on the URL's host and port (a probe, not a login)."""
    parsed = make_url(url)
    try:
        with socket.create_connection((parsed.host or "127.0.0.1", parsed.port or 0), timeout=0.5):
            return True
    except OSError:
        return False


def _configured(variable: str, default: str) -> str | None:
    value = os.environ.get(variable)
    if value is not None:
        return value or None
    return default if _answers(default) else None


POSTGRES_URL = _configured("PARLEY_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
REDIS_URL = _configured("PARLEY_TEST_REDIS_URL", DEFAULT_REDIS_URL)


# Redis's logical databases 1-14 for tests that need keys of their own (0 is REDIS_URL's own).
PRIVATE_REDIS_DATABASES = range(1, 15)


def private_redis_url() -> str:
    """The test Redis on a database index of this test's own: among the indexes of this
    pytest-xdist worker (workers run at the same moment and must not share counters), one at
    random, so keys left behind by an earlier run are usually elsewhere."""
    assert REDIS_URL
    workers = min(
        int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")), len(PRIVATE_REDIS_DATABASES)
    )
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")) % workers
    mine = [n for i, n in enumerate(PRIVATE_REDIS_DATABASES) if i % workers == worker]
    parts = urlsplit(REDIS_URL)
    return urlunsplit(parts._replace(path=f"/{secrets.choice(mine)}"))


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


def describe() -> str:
    """One line for the test report's header: which databases this run uses."""
    postgres = POSTGRES_URL and make_url(POSTGRES_URL).render_as_string(hide_password=True)
    return (
        f"databases: SQLite and PostgreSQL ({postgres})"
        if postgres
        else "databases: SQLite only (PostgreSQL: none answered, or PARLEY_TEST_POSTGRES_URL is empty)"
    ) + (f"; Redis: {REDIS_URL}" if REDIS_URL else "; Redis: none")


def alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["url"] = url
    config.attributes["configure_logging"] = False
    return config


async def create_postgres_database() -> str:
    """A fresh, empty database on the configured server; returns its async URL."""
    assert POSTGRES_URL
    name = f"parley_test_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(url: str) -> None:
    assert POSTGRES_URL
    name = make_url(url).database
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


async def migrated_database(backend: str, tmp_dir: Path) -> str:
    """A new database of the backend, upgraded to head by Alembic; returns its URL."""
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_dir / 'parley-test.db'}"
    else:
        url = await create_postgres_database()
    await asyncio.to_thread(command.upgrade, alembic_config(url), "head")
    return url


async def empty_all_tables(url: str) -> None:
    """Per-test isolation that also holds for concurrent requests and live servers."""
    engine = create_async_engine(url)
    tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
    async with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            await conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                await conn.execute(text(f"DELETE FROM {table}"))
    await engine.dispose()
