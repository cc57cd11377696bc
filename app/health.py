"""Liveness and readiness probes.

`/readyz` is not ready while the database does not answer, while its schema is behind this
code's newest migration (another process is migrating, or nobody has yet), or while the
configured Redis does not answer: a load balancer sends traffic elsewhere meanwhile.
"""

import asyncio
from functools import lru_cache
from pathlib import Path

from alembic.script import ScriptDirectory
from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy import text

from app.db.session import SessionDep
from app.errors import AppError, problems

router = APIRouter(tags=["health"])

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
REDIS_TIMEOUT_SECONDS = 1.0


class Health(BaseModel):
    status: str


class NotReady(AppError):
    status, type, title = 503, "not-ready", "Database unreachable"


class MigrationsPending(AppError):
    status, type, title = 503, "migrations-pending", "Database schema is behind"


class RedisUnreachable(AppError):
    status, type, title = 503, "not-ready", "Redis unreachable"


@lru_cache
def _revisions() -> tuple[frozenset[str], frozenset[str]]:
    """(this code's head revisions, every revision it knows)."""
    script = ScriptDirectory(str(MIGRATIONS))
    known = frozenset(rev.revision for rev in script.walk_revisions())
    return frozenset(script.get_heads()), known


def _retry_after() -> dict[str, str]:
    return {"Retry-After": "5"}


@router.get("/healthz")
async def healthz() -> Health:
    """The process is up."""
    return Health(status="ok")


@router.get(
    "/readyz", responses=problems(503, e503="Not ready: the database is unreachable or behind")
)
async def readyz(request: Request, session: SessionDep) -> Health:
    """The database answers with an up-to-date schema, and Redis (when configured) answers."""
    try:
        versions = set(await session.scalars(text("SELECT version_num FROM alembic_version")))
    except Exception as exc:  # any driver error means "not ready", never a 500
        raise NotReady("The database did not answer.", headers=_retry_after()) from exc
    heads, known = _revisions()
    if versions != heads and (not versions or versions <= known):
        raise MigrationsPending(
            f"Schema at {sorted(versions) or 'nothing'}, this code needs {sorted(heads)}.",
            headers=_retry_after(),
        )
    storage = getattr(request.app.state.rate_limits, "shared_storage", None)
    if storage is not None:
        try:
            answered = await asyncio.wait_for(storage.check(), REDIS_TIMEOUT_SECONDS)
        except Exception:
            answered = False
        if not answered:
            raise RedisUnreachable("Redis did not answer.", headers=_retry_after())
    return Health(status="ok")
