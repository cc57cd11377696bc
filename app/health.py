"""Liveness and readiness probes."""

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from app.db.session import SessionDep
from app.errors import AppError, Problem

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


class NotReady(AppError):
    status, type, title = 503, "not-ready", "Database unreachable"


@router.get("/healthz")
async def healthz() -> Health:
    """The process is up."""
    return Health(status="ok")


@router.get("/readyz", responses={503: {"model": Problem}})
async def readyz(session: SessionDep) -> Health:
    """The database answers."""
    try:
        await session.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means "not ready", never a 500
        raise NotReady("The database did not answer.") from exc
    return Health(status="ok")
