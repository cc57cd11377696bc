"""Site administration routes: create, list, read and change sites (settings are owners')."""

from fastapi import APIRouter, status

from app.db.session import SessionDep
from app.errors import Problem
from app.identity.access import Admin
from app.identity.deps import CurrentAdmin, IdentityDep, RootAdmin, SiteAdmin, SiteOwner
from app.identity.schemas import AdminProviderList, AdminProviderRead
from app.identity.service import check_login_available, check_providers_known
from app.sites import service
from app.sites.router import ERRORS
from app.sites.schemas import SiteCreate, SiteList, SiteRead, SiteUpdate

router = APIRouter(tags=["sites"])


def _site_read(site: object, admin: Admin) -> SiteRead:
    """The site as this credential may see it: moderators never see the Akismet key."""
    read = SiteRead.model_validate(site)
    settings = read.spam_settings
    if not admin.can_own(read.id) and settings.akismet.api_key:
        hidden = settings.akismet.model_copy(update={"api_key": ""})
        read.spam_settings = settings.model_copy(update={"akismet": hidden})
    return read


@router.post(
    "/api/v1/admin/sites",
    status_code=status.HTTP_201_CREATED,
    responses={**ERRORS, 409: {"model": Problem, "description": "Site id taken"}},
    tags=["admin"],
)
async def create_site(
    data: SiteCreate, session: SessionDep, _: RootAdmin, identity: IdentityDep
) -> SiteRead:
    """Create a site (root admin token or an all-sites admin token only)."""
    check_providers_known(identity.registry, data.disabled_providers, None)
    site = await service.create_site(session, data)
    return SiteRead.model_validate(site)


@router.get("/api/v1/admin/sites", responses=ERRORS, tags=["admin"])
async def list_sites(session: SessionDep, admin: CurrentAdmin) -> SiteList:
    """Sites this credential administers."""
    sites = await service.list_sites(session, admin.site_ids)
    return SiteList(sites=[_site_read(site, admin) for site in sites])


@router.get("/api/v1/admin/sites/{site_id}", responses=ERRORS, tags=["admin"])
async def read_site(site_id: str, session: SessionDep, admin: SiteAdmin) -> SiteRead:
    """All settings of one site (moderators see them without the Akismet key)."""
    return _site_read(await service.get_site(session, site_id), admin)


@router.patch(
    "/api/v1/admin/sites/{site_id}",
    responses={
        **ERRORS,
        422: {"model": Problem, "description": "Invalid settings, or oauth_only without a login"},
    },
    tags=["admin"],
)
async def update_site(
    site_id: str,
    data: SiteUpdate,
    session: SessionDep,
    admin: SiteOwner,
    identity: IdentityDep,
) -> SiteRead:
    """Change a site's settings (owners only); only the fields sent are changed, and audited."""
    site = await service.get_site(session, site_id)
    registry = identity.registry
    check_providers_known(registry, data.disabled_providers, site.disabled_providers)
    check_login_available(
        registry,
        data.guest_policy or site.guest_policy,
        data.disabled_providers if data.disabled_providers is not None else site.disabled_providers,
    )
    site = await service.update_site(session, site, data, actor=admin)
    return SiteRead.model_validate(site)


@router.get("/api/v1/admin/sites/{site_id}/providers", responses=ERRORS, tags=["admin"])
async def list_site_providers(
    site_id: str, session: SessionDep, _: SiteAdmin, identity: IdentityDep
) -> AdminProviderList:
    """Every login provider configured on this server, and whether the site offers it."""
    site = await service.get_site(session, site_id)
    disabled = set(site.disabled_providers or [])
    return AdminProviderList(
        providers=[
            AdminProviderRead(
                name=p.name, label=p.label, icon=p.icon, enabled=p.name not in disabled
            )
            for p in identity.registry.all()
        ]
    )
