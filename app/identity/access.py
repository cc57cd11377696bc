"""Who may act on which site: the one place a permission is decided.

Three roles (docs/permissions.md):
- **root**: the root token or an all-sites admin token; everything, on every site.
- **owner**: a site admin token; everything on its site (settings, export, import, moderators,
  privacy requests, webhooks, notifications), nothing elsewhere.
- **moderator**: an identity's *admin* session on a site where it holds the moderator role; the
  queue, comment actions, threads, bans and the audit log of that site only.

Sessions have a scope (`SessionScope`). A login made for a site's page (the comment widget) is a
"commenter" session: it posts, edits, votes and reads `me`, and no admin route accepts it, even
for a moderator — a script on the blog must never hold admin power. Only a login made on /admin,
Parley's own origin, gives an "admin" session (`login_scope`, `moderator_admin`).

Plain value types with no FastAPI in them, so services take an `Admin` and ask it; the
dependencies that build one from a request live in app.identity.deps.
"""

from dataclasses import dataclass
from typing import Literal

from typing_extensions import TypeAliasType

from app.errors import Forbidden

Role = TypeAliasType("Role", Literal["root", "owner", "moderator"])
SessionScope = Literal["commenter", "admin"]


def login_scope(login_origin: str, own_origin: str) -> SessionScope:
    """A login is for /admin only when it was made for Parley's own origin."""
    return "admin" if own_origin and login_origin == own_origin else "commenter"


@dataclass(frozen=True)
class Admin:
    """An authenticated administrator. `site_ids` None means every site."""

    actor: str
    site_ids: frozenset[str] | None
    identity_id: int | None = None

    @property
    def role(self) -> Role:
        if self.identity_id is not None:
            return "moderator"
        return "root" if self.site_ids is None else "owner"

    def can_manage(self, site_id: str) -> bool:
        return self.site_ids is None or site_id in self.site_ids

    def can_own(self, site_id: str) -> bool:
        return self.can_manage(site_id) and self.role != "moderator"

    def require(self, site_id: str) -> None:
        """Refuse any action on a site outside this credential's scope."""
        if not self.can_manage(site_id):
            raise Forbidden(f"This credential cannot administer site '{site_id}'.")

    def require_moderator(self, site_id: str) -> None:
        """Moderation (queue, comment actions, threads, bans, audit): any role on the site."""
        self.require(site_id)

    def require_root(self) -> None:
        if self.role != "root":
            raise Forbidden("Only an all-sites admin token can do this.")

    def require_owner(self, site_id: str) -> None:
        """Owner actions (settings, export, import, roles, privacy, webhooks): admin tokens only."""
        self.require(site_id)
        if self.role == "moderator":
            raise Forbidden("Moderators cannot do this; use an admin token of the site.")


def moderator_admin(
    scope: str, *, identity_id: int, name: str, site_id: str, moderates: bool
) -> Admin:
    """The admin an identity's session is: only an admin-scope session of a moderator."""
    if scope != "admin":
        raise Forbidden(
            "A comment-widget login is a commenter session and opens no admin route; "
            "moderators log in on /admin."
        )
    if not moderates:
        raise Forbidden("This identity is not a moderator of this site.")
    return Admin(
        actor=f"identity:{identity_id}:{name}",
        site_ids=frozenset({site_id}),
        identity_id=identity_id,
    )
