"""Which origins may call the API from a browser, per site — for CORS headers only.

The authoritative Origin check on writes reads the site from the database; this map only decides
which CORS headers to send, so a few seconds of staleness after a settings change is harmless.
"""

import time

from sqlalchemy import select

from app.db.session import Database
from app.sites.models import Site

TTL_SECONDS = 5.0
_cache: dict[str, frozenset[str]] = {}
_loaded_at = 0.0


def forget_origins() -> None:
    """Drop the map so the next request reloads it (called after a site changes)."""
    global _loaded_at
    _loaded_at = 0.0


async def site_origins(database: Database) -> dict[str, frozenset[str]]:
    """{site id: its origins}, reloaded at most every few seconds (a session only then: opening
    one on every request with an Origin cost more than the rest of the check)."""
    global _cache, _loaded_at
    now = time.monotonic()
    if now - _loaded_at > TTL_SECONDS:
        async with database.read_sessions() as session:
            rows = (await session.execute(select(Site.id, Site.origins))).all()
        _cache = {site_id: frozenset(origins or ()) for site_id, origins in rows}
        _loaded_at = now
    return _cache
