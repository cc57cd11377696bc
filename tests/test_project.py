"""The project's own contracts: migrations match the models, OpenAPI is current, the Dockerfile lints."""

import asyncio
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from app.models import Base
from tests import dbs


def _diff(sync_conn):
    context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


async def test_migrations_match_models(database_url):
    engine = create_async_engine(database_url)
    async with engine.connect() as conn:
        diff = await conn.run_sync(_diff)
    await engine.dispose()
    assert diff == []


@asynccontextmanager
async def scratch_database(backend: str, tmp_path: Path) -> AsyncIterator[tuple[str, Config]]:
    """A database of its own at head (dropped afterwards), and its Alembic config."""
    url = await dbs.migrated_database(backend, tmp_path)
    try:
        yield url, dbs.alembic_config(url)
    finally:
        if backend == "postgresql":
            await dbs.drop_postgres_database(url)


@pytest.mark.parametrize("backend", dbs.backends())
async def test_upgrade_downgrade_round_trip(backend, tmp_path):
    async with scratch_database(backend, tmp_path) as (url, config):
        await asyncio.to_thread(command.downgrade, config, "base")
        await asyncio.to_thread(command.upgrade, config, "head")
        engine = create_async_engine(url)
        async with engine.connect() as conn:
            assert await conn.run_sync(_diff) == []
        await engine.dispose()


def test_openapi_file_is_current():
    result = subprocess.run(
        [sys.executable, "-m", "app.openapi", "--check"],
        cwd=dbs.ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_dockerfile_lints_clean_and_runs_the_make_run_entry_point():
    hadolint = shutil.which("hadolint") or str(dbs.ROOT / ".venv" / "bin" / "hadolint")
    result = subprocess.run([hadolint, "Dockerfile"], cwd=dbs.ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    dockerfile = (dbs.ROOT / "Dockerfile").read_text()
    makefile = (dbs.ROOT / "Makefile").read_text()
    assert '"-m", "app.serve"' in dockerfile
    assert "-m app.serve" in makefile


@pytest.mark.parametrize("backend", dbs.backends())
async def test_upgrade_fills_the_name_key_of_existing_identities(backend, tmp_path):
    async with scratch_database(backend, tmp_path) as (url, config):
        await asyncio.to_thread(command.downgrade, config, "0009")
        engine = create_async_engine(url)
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO identities (provider, subject, display_name, created_at) "
                    "VALUES ('github', '1', 'Ärger Ada', CURRENT_TIMESTAMP)"
                )
            )
        await asyncio.to_thread(command.upgrade, config, "head")
        async with engine.connect() as conn:
            keys = (await conn.execute(text("SELECT name_key FROM identities"))).scalars().all()
        await engine.dispose()
        assert keys == ["ärger ada"]  # Python's folding: SQLite's lower() leaves the Ä
