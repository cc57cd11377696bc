"""The public site route: the configuration the widget reads."""

from typing import Any

from fastapi import APIRouter

from app.db.session import SessionDep
from app.errors import Problem
from app.ratelimit import READ_LIMITED
from app.sites import service
from app.sites.schemas import SitePublic

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Missing or invalid admin token"},
    403: {"model": Problem, "description": "Token not allowed on this site"},
    404: {"model": Problem, "description": "No such site"},
}
router = APIRouter(tags=["sites"], dependencies=[READ_LIMITED])


@router.get("/api/v1/sites/{site_id}", responses={404: ERRORS[404]})
async def read_site_public(site_id: str, session: SessionDep) -> SitePublic:
    """Public configuration of a site: guest policy, moderation mode, display depth, edit window."""
    site = await service.get_site(session, site_id)
    return SitePublic.model_validate(site)
