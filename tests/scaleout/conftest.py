"""Several real `python -m app.serve` processes on one PostgreSQL database (and one Redis).

Run when PostgreSQL and Redis both answer (tests/dbs.py: the variables, or the local servers)."""

import asyncio
import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests import dbs
from tests.builders import ADMIN, ADMIN_TOKEN, SITE_ID, SITE_ORIGIN
from tests.live import ServerProcess, live_servers

POSTGRES_URL = dbs.POSTGRES_URL
REDIS_URL = dbs.REDIS_URL
METRICS_TOKEN = "test-metrics-token"
WRITE_LIMIT = 6  # per minute and client address, shared by all processes

needs_postgres_and_redis = pytest.mark.skipif(
    not (POSTGRES_URL and REDIS_URL),
    reason="two-process tests need PostgreSQL and Redis (PARLEY_TEST_POSTGRES_URL, _REDIS_URL)",
)


def run(coro: Any) -> Any:
    """Run a coroutine to completion from a sync fixture (no loop of ours is running there)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def server_env(**extra: str) -> dict[str, str]:
    return {
        "PARLEY_SECRET_KEY": "scaleout-" + secrets.token_hex(16),
        "PARLEY_ADMIN_TOKEN": ADMIN_TOKEN,
        "PARLEY_TRUSTED_PROXIES": "127.0.0.1",
        "PARLEY_WRITE_RATE_LIMIT": f"{WRITE_LIMIT}/minute",
        "PARLEY_METRICS_TOKEN": METRICS_TOKEN,
        "PARLEY_LOG_FORMAT": "json",
        **extra,
    }


@pytest.fixture(scope="module")
def empty_postgres() -> Iterator[str]:
    url = run(dbs.create_postgres_database())
    yield url
    run(dbs.drop_postgres_database(url))


def _pair(database_url: str, tmp: Path, env: dict[str, str]) -> Iterator[list[ServerProcess]]:
    with live_servers(database_url, [tmp / "a", tmp / "b"], env=env) as servers:
        response = httpx.post(
            f"{servers[0].url}/api/v1/admin/sites",
            json={"id": SITE_ID, "name": "Blog", "origins": [SITE_ORIGIN]},
            headers=ADMIN,
        )
        assert response.status_code == 201, response.text
        yield servers


@pytest.fixture(scope="module")
def redis_pair(empty_postgres, tmp_path_factory) -> Iterator[list[ServerProcess]]:
    """A and B, started at the same moment on an empty database, sharing Redis."""
    env = server_env(PARLEY_REDIS_URL=dbs.private_redis_url())
    yield from _pair(empty_postgres, tmp_path_factory.mktemp("redis-pair"), env)


@pytest.fixture(scope="module")
def postgres_pair(tmp_path_factory) -> Iterator[list[ServerProcess]]:
    """A and B on another empty database, without Redis: fan-out by LISTEN/NOTIFY."""
    url = run(dbs.create_postgres_database())
    try:
        yield from _pair(url, tmp_path_factory.mktemp("pg-pair"), server_env())
    finally:
        run(dbs.drop_postgres_database(url))


def client_ip() -> str:
    """A fresh client address (through the trusted proxy header): its own rate-limit budget."""
    return f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"


def as_client(ip: str | None = None) -> dict[str, str]:
    return {"X-Forwarded-For": ip or client_ip(), "Origin": SITE_ORIGIN}
