"""Site use cases: create, read, update; and the checks every site-scoped request makes."""

import hashlib
import re
from collections.abc import Sequence
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import AppError, Conflict, NotFound
from app.sites import audit
from app.sites.models import Site
from app.sites.origins import forget_origins
from app.sites.schemas import SITE_ID_PATTERN, SiteCreate, SiteUpdate
from app.sites.spam_settings import effective_spam_settings
from app.sites.urls import InvalidURL, origin_of

SITE_ID = re.compile(SITE_ID_PATTERN)


class OriginNotAllowed(AppError):
    status, type, title = 403, "origin-not-allowed", "Origin not allowed"


class URLNotOnSite(AppError):
    status, type, title = 422, "url-not-on-site", "URL is not on this site"


def check_site_id(site_id: str) -> None:
    """A 404 for text that cannot be a site id, without asking the database."""
    if not SITE_ID.fullmatch(site_id):
        raise NotFound(f"No site '{site_id[:64]}'.")


async def get_site(session: AsyncSession, site_id: str) -> Site:
    """The site, or a 404 (also for text that cannot be a site id, without asking the database)."""
    check_site_id(site_id)
    site = await session.get(Site, site_id)
    if site is None:
        raise NotFound(f"No site '{site_id}'.")
    return site


async def list_sites(session: AsyncSession, site_ids: frozenset[str] | None) -> Sequence[Site]:
    """Sites visible to an admin (all when site_ids is None)."""
    query = select(Site).order_by(Site.id)
    if site_ids is not None:
        query = query.where(Site.id.in_(site_ids))
    return (await session.scalars(query)).all()


async def create_site(session: AsyncSession, data: SiteCreate) -> Site:
    """Create a site and commit; the id must be free."""
    if await session.get(Site, data.id) is not None:
        raise Conflict(f"Site '{data.id}' already exists.")
    values = data.model_dump(exclude_unset=True, exclude_none=True)
    values.setdefault("name", data.id)
    values.setdefault("origins", [])
    site = Site(**values)
    session.add(site)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict(f"Site '{data.id}' already exists.") from exc
    await session.commit()
    forget_origins()
    return site


async def update_site(
    session: AsyncSession, site: Site, data: SiteUpdate, *, actor: audit.Actor
) -> Site:
    """Apply the fields that were sent and commit; the audit log gets each change with before
    and after."""
    changes: dict[str, Any] = {}
    for field, value in data.model_dump(exclude_unset=True).items():
        if value is None:
            continue
        before, after = _auditable(field, getattr(site, field)), _auditable(field, value)
        if before != after:
            changes[field] = {"before": before, "after": after}
        setattr(site, field, value)
    if changes:
        audit.record(session, site.id, actor, "site.update", changes=changes)
    await session.flush()
    await session.refresh(site)
    await session.commit()
    forget_origins()
    return site


def _auditable(field: str, value: Any) -> Any:
    """A settings value as the audit log keeps it: JSON, and never a secret in clear."""
    if field != "spam_settings":
        return value.value if isinstance(value, Enum) else value
    settings = effective_spam_settings(value).model_dump(mode="json")
    key = settings["akismet"]["api_key"]
    # Enough to tell one key from another, nothing to use: a short digest of a random key.
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    settings["akismet"]["api_key"] = f"sha256:{digest}" if key else ""
    return settings


def check_origin(site: Site, origin: str | None) -> None:
    """Browsers send Origin on every cross-site write; it must be one of the site's origins.

    Requests without Origin (curl, servers) are not browser-driven and carry no ambient
    credentials (Parley uses no cookies), so they are allowed.
    """
    if origin is None:
        return
    if origin not in site.origins:
        raise OriginNotAllowed(f"Origin {origin} is not one of site '{site.id}''s origins.")


def check_url_on_site(site: Site, url: str) -> None:
    """A thread URL must live on one of the site's origins."""
    try:
        origin = origin_of(url)
    except InvalidURL as exc:
        raise URLNotOnSite(f"Invalid post URL: {exc}") from exc
    if origin not in site.origins:
        raise URLNotOnSite(f"{origin} is not one of site '{site.id}''s origins.")
