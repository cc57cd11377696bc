"""Who may act on which site: the one place a permission is decided.

Plain value types with no FastAPI in them, so services take an `Admin` and ask it; the
dependencies that build one from a request live in app.identity.deps.
"""

from dataclasses import dataclass

from app.errors import Forbidden


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

    def require_owner(self, site_id: str) -> None:
        """Site owners hold admin tokens; moderators (identities) cannot manage roles or erase."""
        self.require(site_id)
        if self.identity_id is not None:
            raise Forbidden("Moderators cannot do this; use an admin token of the site.")
