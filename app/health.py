"""Liveness and readiness probes.

`/readyz` is not ready while the database does not answer, while its schema is behind this
code's newest migration (another process is migrating, or nobody has yet), or while the
configured Redis does not answer: a load balancer sends traffic elsewhere meanwhile.
"""

import asyncio

from fastapi import APIRouter, Request
from pydantic import BaseModel

from app.db.revisions import applied_revisions, code_revisions
from app.db.session import SessionDep
from app.errors import AppError, problems
from app.ratelimit import RateLimits
from app.runtime import runtime_of

router = APIRouter(tags=["health"])

REDIS_TIMEOUT_SECONDS = 1.0


class Health(BaseModel):
    status: str


class NotReady(AppError):
    status, type, title = 503, "not-ready", "Database unreachable"


class MigrationsPending(AppError):
    status, type, title = 503, "migrations-pending", "Database schema is behind"


class RedisUnreachable(AppError):
    status, type, title = 503, "not-ready", "Redis unreachable"


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
        versions = await applied_revisions(session)
    except Exception as exc:  # any driver error means "not ready", never a 500
        raise NotReady("The database did not answer.", headers=_retry_after()) from exc
    heads, known = code_revisions()
    if versions != heads and (not versions or versions <= known):
        raise MigrationsPending(
            f"Schema at {sorted(versions) or 'nothing'}, this code needs {sorted(heads)}.",
            headers=_retry_after(),
        )
    storage = runtime_of(request.app).require(RateLimits).shared_storage
    if storage is not None:
        try:
            answered = await asyncio.wait_for(storage.check(), REDIS_TIMEOUT_SECONDS)
        except Exception:
            answered = False
        if not answered:
            raise RedisUnreachable("Redis did not answer.", headers=_retry_after())
    return Health(status="ok")
