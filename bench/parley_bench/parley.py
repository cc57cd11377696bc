"""Parley as production serves it: `python -m app.serve --workers N` (migrates, then uvicorn),
on a SQLite file or a PostgreSQL database made for the run."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.metadata as md
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from .common import ORIGIN, PYTHON, SITE, WORK, app_root, log
from .procs import free_port
from .servers import Launch, Server, launch

POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
SECRET_KEY = secrets.token_urlsafe(32)  # one per run: every Parley server of the run agrees


@dataclass
class Database:
    url: str  # SQLAlchemy URL given to Parley
    kind: str  # "sqlite" | "postgres"
    name: str  # file path or database name


def sqlite_database(path: Path, fresh: bool = True) -> Database:
    if fresh:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return Database(f"sqlite+aiosqlite:///{path}", "sqlite", str(path))


async def _admin(sql: str, admin_url: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin_url, timeout=10)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def postgres_database(admin_url: str = POSTGRES_ADMIN) -> Database:
    """A database of its own for this run (dropped by `drop_database`)."""
    name = f"parley_bench_{secrets.token_hex(4)}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"', admin_url))
    host = admin_url.split("://", 1)[1].rsplit("/", 1)[0]
    return Database(f"postgresql+asyncpg://{host}/{name}", "postgres", name)


def postgres_available(admin_url: str = POSTGRES_ADMIN) -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        asyncio.run(_admin("SELECT 1", admin_url))
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def copy_postgres_database(source: str, target: str, admin_url: str = POSTGRES_ADMIN) -> None:
    """`target` made anew as a copy of `source` (nobody may be connected to `source`)."""
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)', admin_url))
    asyncio.run(_admin(f'CREATE DATABASE "{target}" TEMPLATE "{source}"', admin_url))


def drop_postgres_database(name: str, admin_url: str = POSTGRES_ADMIN) -> None:
    with contextlib.suppress(Exception):
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', admin_url))
        log(f"dropped PostgreSQL database {name}")


def drop_database(db: Database, admin_url: str = POSTGRES_ADMIN) -> None:
    if db.kind == "postgres":
        drop_postgres_database(db.name, admin_url)


def versions() -> dict[str, str]:
    names = ["fastapi", "starlette", "pydantic", "sqlalchemy", "aiosqlite", "asyncpg", "uvicorn"]
    names += ["uvloop", "httptools"]
    found = {}
    for name in names:
        with contextlib.suppress(md.PackageNotFoundError):
            found[name] = md.version(name)
    commit = subprocess.run(
        ["git", "-C", str(app_root()), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(app_root()), "status", "--porcelain", "--", "app", "migrations"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    found["parley"] = (commit or str(app_root())) + (
        " + uncommitted changes in app/" if dirty else ""
    )
    return found


def parley_env(db: Database, admin_token: str, data_dir: Path) -> dict[str, str]:
    return {
        "PARLEY_DATABASE_URL": db.url,
        "PARLEY_DATA_DIR": str(data_dir),
        "PARLEY_ADMIN_TOKEN": admin_token,
        "PARLEY_SECRET_KEY": SECRET_KEY,
        "PARLEY_WRITE_RATE_LIMIT": "1000000/second",
        "PARLEY_READ_RATE_LIMIT": "1000000/second",
        "PARLEY_ENV": "prod",
    }


def start_parley(
    name: str,
    db: Database,
    admin_token: str,
    workers: int = 2,
    extra_env: dict[str, str] | None = None,
) -> Server:
    data_dir = WORK / f"{name}-data"
    shutil.rmtree(data_dir, ignore_errors=True)
    port = free_port()
    env = {**parley_env(db, admin_token, data_dir), **(extra_env or {})}
    argv = [PYTHON, "-m", "app.serve", "--host", "127.0.0.1", "--port", str(port)]
    argv += ["--workers", str(workers)]
    spec = Launch(name, argv, env, app_root(), "/healthz")
    proc = launch(spec)
    db_label = "SQLite" if db.kind == "sqlite" else "PostgreSQL"
    info = {
        **versions(),
        "command": " ".join(argv),
        "label": f"Parley {db_label}"
        + (" + Redis" if "PARLEY_REDIS_URL" in (extra_env or {}) else "")
        + (f" {workers}w" if workers != 2 else ""),
        "database": db.kind,
        "workers": str(workers),
        **({"sqlite_file": db.name} if db.kind == "sqlite" else {"postgres_database": db.name}),
    }
    return Server(name, "parley", f"http://127.0.0.1:{port}", proc, spec, info)


def auth(admin_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {admin_token}"}


def create_site(server: Server, admin_token: str) -> None:
    r = httpx.post(
        f"{server.base}/api/v1/admin/sites",
        headers=auth(admin_token),
        json={
            "id": SITE,
            "name": "Bench blog",
            "origins": [ORIGIN],
            "moderation": "none",
            "guest_policy": "name_email",
        },
        timeout=30,
    )
    if r.status_code != 201:
        raise RuntimeError(f"creating the Parley site failed: {r.status_code} {r.text}")


def openapi(server: Server) -> dict[str, Any]:
    r = httpx.get(f"{server.base}/api/v1/openapi.json", timeout=30)
    r.raise_for_status()
    return dict(r.json())
