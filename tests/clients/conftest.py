"""A live Parley (`python -m app.serve`, fresh SQLite database) for the generated clients."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live import ROOT, live_server
from tests.npm import npm_ci

ADMIN_TOKEN = "clients-smoke-root-token-0123456789"
TYPESCRIPT = ROOT / "clients" / "typescript"
# The committed Python client, importable as `parley_client` as if installed from clients/python.
sys.path.insert(0, str(ROOT / "clients" / "python"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("clients")
    database_url = f"sqlite+aiosqlite:///{data / 'parley.db'}"
    with live_server(database_url, data, PARLEY_ADMIN_TOKEN=ADMIN_TOKEN) as url:
        yield url


@pytest.fixture(scope="session")
def typescript_tools() -> Path:
    """`npm ci` in clients/typescript when its node_modules is missing (a fresh clone, CI)."""
    npm_ci(TYPESCRIPT, [".bin/tsc"], "to test the TypeScript client")
    return TYPESCRIPT / "node_modules" / ".bin"
