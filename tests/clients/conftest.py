"""A live Parley (`python -m app.serve`, fresh SQLite database) for the generated clients."""

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live import ROOT, live_server

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
    if not (TYPESCRIPT / "node_modules" / ".bin" / "tsc").exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is needed to test the TypeScript client")
        command = [npm, "ci", "--no-audit", "--no-fund"]
        subprocess.run(command, cwd=TYPESCRIPT, check=True, timeout=300)
    return TYPESCRIPT / "node_modules" / ".bin"
