"""Real, migrated test databases: SQLite always, PostgreSQL when PARLEY_TEST_POSTGRES_URL is set."""

import asyncio
import os
import uuid
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from app.models import Base

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("PARLEY_TEST_POSTGRES_URL")


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


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
