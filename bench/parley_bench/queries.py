"""Statements of one uncached thread read, counted in process on a benchmark database: a read
should cost a constant number of queries whatever the thread's size."""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

from .common import PYTHON, SITE, WORK, app_root

QUERY_COUNT_SCRIPT = '''
"""Statements (and their time) of one uncached thread read, in process, on the bench database."""
import asyncio, json, sys, time
import httpx
from asgi_lifespan import LifespanManager
from sqlalchemy import event
from sqlalchemy.engine import Engine
from app.main import create_app

statements = []


@event.listens_for(Engine, "before_cursor_execute")
def _before(conn, cursor, statement, params, context, executemany):
    conn.info["t0"] = time.perf_counter()


@event.listens_for(Engine, "after_cursor_execute")
def _after(conn, cursor, statement, params, context, executemany):
    statements.append((statement, time.perf_counter() - conn.info["t0"]))


async def main(site, cases):
    app = create_app()
    out = []
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            for url, limit in cases:
                params = {"url": url, "limit": limit}
                await client.get(f"/api/v1/sites/{site}/comments", params=params)  # warm
                statements.clear()
                t0 = time.perf_counter()
                r = await client.get(f"/api/v1/sites/{site}/comments", params=params)
                elapsed = time.perf_counter() - t0
                skip = {"BEGIN", "ROLLBACK", "COMMIT"}
                sql = [s for s, _ in statements if s.split()[0].upper() not in skip]
                out.append({"url": url, "limit": limit, "status": r.status_code,
                            "queries": len(sql), "sql_ms": sum(t for _, t in statements) * 1000,
                            "ms": elapsed * 1000, "bytes": len(r.content)})
    print(json.dumps(out))


asyncio.run(main(sys.argv[1], json.loads(sys.argv[2])))
'''


def query_counts(env: dict[str, str], cases: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """Run QUERY_COUNT_SCRIPT with Parley's page cache off, so every read builds its page."""
    script = WORK / "query_count.py"
    script.write_text(QUERY_COUNT_SCRIPT)
    out = subprocess.run(
        [PYTHON, "-W", "ignore", str(script), SITE, json.dumps(cases)],
        cwd=app_root(),
        env={
            **os.environ,
            **env,
            "PYTHONPATH": str(app_root()),
            "PARLEY_THREAD_CACHE_ENTRIES": "0",
        },
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    return list(json.loads(out.strip().splitlines()[-1]))
