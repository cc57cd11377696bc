"""Porting fixtures: a session on the shared migrated databases (tests/conftest.py), inside one
outer transaction per test that is rolled back at the end; sites and counting helpers."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.models import Comment, Thread
from app.db.session import make_engine
from app.sites.models import Site

FIXTURES = Path(__file__).parent / "fixtures"
IP_KEY = "test-secret-key"


@pytest.fixture
async def session(database_url: str) -> AsyncIterator[AsyncSession]:
    """A session inside an outer transaction that is rolled back after the test."""
    engine = make_engine(database_url, pool_size=1)
    try:
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
    finally:
        await engine.dispose()


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
