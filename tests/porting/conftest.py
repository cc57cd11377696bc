"""Porting fixtures: migrated SQLite (always) and PostgreSQL (when PARLEY_TEST_POSTGRES_URL is
set), one outer transaction per test rolled back at the end; sites and files to import."""

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.comments.models import Comment, Thread
from app.db.session import make_engine
from app.sites.models import Site

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = os.environ.get("PARLEY_TEST_POSTGRES_URL")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not POSTGRES_URL, reason="set PARLEY_TEST_POSTGRES_URL to run on PostgreSQL"
        ),
    ),
]
IP_KEY = "test-secret-key"


def migrate(url: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "alembic", "-x", f"url={url}", "upgrade", "head"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('porting') / 'porting.db'}"
    migrate(url)
    return url


@pytest.fixture(scope="session")
async def engines(sqlite_url: str) -> AsyncIterator[dict[str, AsyncEngine]]:
    built = {"sqlite": make_engine(sqlite_url)}
    if POSTGRES_URL:
        migrate(POSTGRES_URL)
        built["postgresql"] = make_engine(POSTGRES_URL, pool_size=2)
    yield built
    for engine in built.values():
        await engine.dispose()


@pytest.fixture(params=BACKENDS)
async def session(
    request: pytest.FixtureRequest, engines: dict[str, AsyncEngine]
) -> AsyncIterator[AsyncSession]:
    """A session inside an outer transaction that is rolled back after the test."""
    engine = engines[request.param]
    async with engine.connect() as connection:
        outer = await connection.begin()
        db = AsyncSession(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        try:
            yield db
        finally:
            await db.close()
            await outer.rollback()


async def make_site(
    session: AsyncSession,
    site_id: str = "blog",
    origins: tuple[str, ...] = ("https://new.example",),
) -> Site:
    site = Site(id=site_id, name=site_id.title(), origins=list(origins))
    session.add(site)
    await session.flush()
    return site


@pytest.fixture
async def site(session: AsyncSession) -> Site:
    return await make_site(session)


async def count_comments(session: AsyncSession, site_id: str = "blog") -> int:
    return int(
        await session.scalar(
            select(func.count()).select_from(Comment).where(Comment.site_id == site_id)
        )
        or 0
    )


async def count_threads(session: AsyncSession, site_id: str = "blog") -> int:
    return int(
        await session.scalar(
            select(func.count()).select_from(Thread).where(Thread.site_id == site_id)
        )
        or 0
    )


async def comments_by_source(session: AsyncSession, site_id: str = "blog") -> dict[str, Comment]:
    rows = await session.scalars(select(Comment).where(Comment.site_id == site_id))
    return {c.source_id or str(c.id): c for c in rows}
