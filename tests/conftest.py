"""Shared fixtures: a migrated database per backend, the app with its lifespan, an httpx client."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from app.config import Settings
from app.main import create_app
from tests import dbs
from tests.builders import ADMIN_TOKEN, SITE_ORIGIN


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    terminalreporter.write_line(dbs.describe())


@pytest.fixture(scope="session", params=dbs.backends())
async def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    url = await dbs.migrated_database(request.param, tmp_path_factory.mktemp(request.param))
    yield url
    if request.param == "postgresql":
        await dbs.drop_postgres_database(url)


def make_settings(database_url: str, data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "env": "test",
        "database_url": database_url,
        "data_dir": data_dir,
        "admin_token": ADMIN_TOKEN,
        "secret_key": "test-secret-key-not-for-production",
        "write_rate_limit": "10000/second",
        "read_rate_limit": "10000/second",
        "redis_url": None,
        "trusted_proxies": [],
        "oidc_providers": [],
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return make_settings(database_url, tmp_path)


@asynccontextmanager
async def running_app(settings: Settings) -> AsyncIterator[FastAPI]:
    """The app with its lifespan; its database emptied afterwards (for fixtures with own settings)."""
    application = create_app(settings)
    try:
        async with LifespanManager(application):
            yield application
    finally:  # also when the shutdown failed: the next test on this worker starts empty
        await dbs.empty_all_tables(settings.database_url)


@asynccontextmanager
async def client_of(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client talking to the app in process, as a page of the test site would."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers={"Origin": SITE_ORIGIN}
    ) as http:
        yield http


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    async with running_app(settings) as application:
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(app) as http:
        yield http
