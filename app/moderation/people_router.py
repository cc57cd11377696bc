"""Site roles, bans and privacy requests (under a site), and admin tokens (root only)."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status

from app.db.session import SessionDep
from app.identity import roles
from app.identity.deps import (
    SITE_ADMIN,
    SITE_OWNER,
    CurrentAdmin,
    RootAdmin,
    SiteAdmin,
    SiteOwner,
)
from app.identity.schemas import (
    AdminMe,
    AdminTokenCreate,
    AdminTokenCreated,
    AdminTokenList,
    AdminTokenRead,
    ModeratorList,
    ModeratorRead,
    PersonList,
)
from app.moderation import bans, people, privacy
from app.moderation.schemas import (
    BanCreate,
    BanList,
    BanRead,
    Commenter,
    ErasureReport,
)
from app.runtime import SecretKey
from app.validation import DB_INT_MAX, Text

router = APIRouter()
RowIdPath = Annotated[int, Path(ge=1, le=DB_INT_MAX)]


@router.get("/bans", dependencies=[SITE_ADMIN])
async def list_bans(
    site_id: str,
    session: SessionDep,
    cursor: Annotated[Text | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> BanList:
    """The site's bans, newest first."""
    return await bans.list_bans(session, site_id, cursor=cursor, limit=limit)


@router.post("/bans", status_code=status.HTTP_201_CREATED)
async def create_ban(
    data: BanCreate, secret_key: SecretKey, admin: SiteAdmin, site_id: str, session: SessionDep
) -> BanRead:
    """Ban an identity, an email, or the address a comment came from (never shown), until a time."""
    ban = await bans.create_ban(session, site_id, data, admin=admin, secret_key=secret_key)
    return await bans.present_ban(session, ban)


@router.delete("/bans/{ban_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_ban(
    ban_id: RowIdPath, admin: SiteAdmin, site_id: str, session: SessionDep
) -> None:
    """Lift a ban."""
    await bans.delete_ban(session, site_id, ban_id, admin=admin)


@router.get("/moderators", dependencies=[SITE_OWNER])
async def list_moderators(site_id: str, session: SessionDep) -> ModeratorList:
    """Identities with the moderator role on the site (admin tokens only)."""
    return await roles.list_moderators(session, site_id)


@router.get("/people", dependencies=[SITE_OWNER])
async def search_people(
    site_id: str,
    session: SessionDep,
    q: Annotated[
        Text, Query(min_length=1, max_length=100, description="Part of a name, or a provider")
    ],
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> PersonList:
    """Commenters with an account on this site, found by name or provider (to grant a role)."""
    return await people.search_people(session, site_id, q, limit=limit)


@router.put("/moderators/{identity_id}")
async def grant_moderator(
    identity_id: RowIdPath, admin: SiteOwner, site_id: str, session: SessionDep
) -> ModeratorRead:
    """Grant the moderator role to an identity of the site (see author.identity_id in the queue)."""
    await people.person_on_site(session, site_id, identity_id)
    return await roles.grant_moderator(session, site_id, identity_id, admin=admin)


@router.delete("/moderators/{identity_id}", status_code=status.HTTP_204_NO_CONTENT)
async def revoke_moderator(
    identity_id: RowIdPath, admin: SiteOwner, site_id: str, session: SessionDep
) -> None:
    """Take the moderator role away."""
    await people.person_on_site(session, site_id, identity_id)
    await roles.revoke_moderator(session, site_id, identity_id, admin=admin)


@router.post("/privacy/export")
async def export_commenter(
    data: Commenter, secret_key: SecretKey, admin: SiteOwner, site_id: str, session: SessionDep
) -> dict[str, Any]:
    """Everything stored about one commenter (identity id or email) on this site, as JSON."""
    return await privacy.export_commenter(
        session, site_id, data, admin=admin, secret_key=secret_key
    )


@router.post("/privacy/erase")
async def erase_commenter(
    data: Commenter, admin: SiteOwner, site_id: str, session: SessionDep
) -> ErasureReport:
    """Erase one commenter's data on this site; their comments stay as deleted placeholders."""
    return await privacy.erase_commenter(session, site_id, data, admin=admin)


me_router = APIRouter(tags=["moderation"])


@me_router.get("/api/v1/admin/me")
async def read_admin_me(admin: CurrentAdmin) -> AdminMe:
    """Who this admin credential is: its role (root, owner or moderator) and its sites."""
    sites = None if admin.site_ids is None else sorted(admin.site_ids)
    return AdminMe(actor=admin.actor, role=admin.role, site_ids=sites)


tokens_router = APIRouter(prefix="/api/v1/admin/tokens", tags=["moderation"])


@tokens_router.post(
    "", status_code=status.HTTP_201_CREATED, responses={404: {"description": "No such site"}}
)
async def create_token(
    data: AdminTokenCreate, admin: RootAdmin, session: SessionDep
) -> AdminTokenCreated:
    """Create an admin token for one site or all (all-sites tokens only); shown once."""
    return await roles.create_token(session, data.name, data.site_id, admin=admin)


@tokens_router.get("")
async def list_tokens(_: RootAdmin, session: SessionDep) -> AdminTokenList:
    """Every admin token (never their secrets)."""
    return AdminTokenList(
        tokens=[AdminTokenRead.model_validate(t) for t in await roles.list_tokens(session)]
    )


@tokens_router.delete("/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
async def revoke_token(token_id: RowIdPath, admin: RootAdmin, session: SessionDep) -> None:
    """Revoke an admin token at once."""
    await roles.revoke_token(session, token_id, admin=admin)
