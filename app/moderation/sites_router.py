"""Site administration routes: create, list, read and change sites (settings are owners')."""

from fastapi import APIRouter, status

from app.db.session import SessionDep
from app.errors import Problem
from app.identity.deps import CurrentAdmin
from app.sites import service
from app.sites.origins import forget_origins
from app.sites.router import ERRORS
from app.sites.schemas import SiteCreate, SiteList, SiteRead, SiteUpdate

router = APIRouter(tags=["sites"])


@router.post(
    "/api/v1/admin/sites",
    status_code=status.HTTP_201_CREATED,
    responses={**ERRORS, 409: {"model": Problem, "description": "Site id taken"}},
    tags=["admin"],
)
async def create_site(data: SiteCreate, session: SessionDep, admin: CurrentAdmin) -> SiteRead:
    """Create a site (root admin token or an all-sites admin token only)."""
    admin.require_root()
    site = await service.create_site(session, data)
    await session.commit()
    forget_origins()
    return SiteRead.model_validate(site)


@router.get("/api/v1/admin/sites", responses=ERRORS, tags=["admin"])
async def list_sites(session: SessionDep, admin: CurrentAdmin) -> SiteList:
    """Sites this credential administers."""
    sites = await service.list_sites(session, admin.site_ids)
    return SiteList(sites=[SiteRead.model_validate(site) for site in sites])


@router.get("/api/v1/admin/sites/{site_id}", responses=ERRORS, tags=["admin"])
async def read_site(site_id: str, session: SessionDep, admin: CurrentAdmin) -> SiteRead:
    """All settings of one site."""
    admin.require(site_id)
    return SiteRead.model_validate(await service.get_site(session, site_id))


@router.patch("/api/v1/admin/sites/{site_id}", responses=ERRORS, tags=["admin"])
async def update_site(
    site_id: str, data: SiteUpdate, session: SessionDep, admin: CurrentAdmin
) -> SiteRead:
    """Change a site's settings; only the fields sent are changed."""
    admin.require(site_id)
    site = await service.update_site(session, await service.get_site(session, site_id), data)
    await session.commit()
    forget_origins()
    return SiteRead.model_validate(site)
