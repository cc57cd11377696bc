"""Who may administer which site: the root admin token, scoped admin tokens, and moderators."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select

from app.crypto import hash_token, tokens_equal
from app.db.base import utcnow
from app.db.session import SessionDep
from app.errors import Forbidden, Unauthorized
from app.identity.deps import bearer_token, get_optional_viewer
from app.moderation.models import AdminToken, Moderator


@dataclass(frozen=True)
class Admin:
    """An authenticated administrator. `site_ids` None means every site."""

    actor: str
    site_ids: frozenset[str] | None
    identity_id: int | None = None

    def can_manage(self, site_id: str) -> bool:
        return self.site_ids is None or site_id in self.site_ids

    def require(self, site_id: str) -> None:
        """Refuse any action on a site outside this credential's scope."""
        if not self.can_manage(site_id):
            raise Forbidden(f"This credential cannot administer site '{site_id}'.")

    def require_root(self) -> None:
        if self.site_ids is not None:
            raise Forbidden("Only an all-sites admin token can do this.")


async def get_admin(request: Request, session: SessionDep) -> Admin:
    """Resolve the bearer credential: root token, a stored admin token, or a moderator's session."""
    token = bearer_token(request)
    if token is None:
        raise Unauthorized("Send Authorization: Bearer <admin token>.")
    root = request.app.state.settings.admin_token.get_secret_value()
    if root and tokens_equal(token, root):
        return Admin(actor="root", site_ids=None)
    stored = await session.scalar(
        select(AdminToken).where(AdminToken.token_hash == hash_token(token))
    )
    if stored is not None:
        if stored.revoked_at is not None:
            raise Unauthorized("This admin token was revoked.")
        stored.last_used_at = utcnow()
        scope = None if stored.site_id is None else frozenset({stored.site_id})
        return Admin(actor=f"token:{stored.id}:{stored.name}", site_ids=scope)
    viewer = await get_optional_viewer(request, session)
    assert viewer is not None  # a token was sent, so the viewer is resolved or an error raised
    moderated = await session.scalar(
        select(Moderator.site_id).where(
            Moderator.identity_id == viewer.identity.id, Moderator.site_id == viewer.site_id
        )
    )
    if moderated is None:
        raise Forbidden("This identity is not a moderator of this site.")
    return Admin(
        actor=f"identity:{viewer.identity.id}:{viewer.identity.display_name}",
        site_ids=frozenset({viewer.site_id}),
        identity_id=viewer.identity.id,
    )


CurrentAdmin = Annotated[Admin, Depends(get_admin)]
