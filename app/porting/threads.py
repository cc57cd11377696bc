"""Where a source thread lands: the site's thread at its remapped URL, found or created.

The site's existing threads are loaded once; new threads get reserved ids and are written in
bulk, before the comments that refer to them.
"""

from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.models import Thread
from app.db.base import utcnow
from app.porting.bookkeeping import IdAllocator, Tally
from app.porting.records import ThreadRecord
from app.porting.urlmap import UrlMapper
from app.sites.urls import InvalidURL

THREADS = cast(Table, Thread.__table__)


class ThreadPlacer:
    """Finds or creates threads by URL, remembering them for the rest of the import."""

    def __init__(
        self,
        session: AsyncSession,
        site_id: str,
        mapper: UrlMapper,
        origins: list[str],
        tally: Tally,
    ) -> None:
        self.session, self.site_id, self.mapper = session, site_id, mapper
        self.origins, self.tally = set(origins), tally
        self.ids = IdAllocator(session, THREADS, block=200)
        self.url_ids: dict[str, int] = {}
        self.unused: dict[str, tuple[int, str]] = {}  # the site's threads not met yet
        self.rows: list[dict[str, Any]] = []
        self.retitled: set[int] = set()  # existing threads whose empty title was filled in

    async def start(self) -> None:
        """Load the site's threads (URL → id, title): one query instead of one per post."""
        rows = await self.session.execute(
            select(Thread.url, Thread.id, Thread.title).where(Thread.site_id == self.site_id)
        )
        self.unused = {url: (thread_id, title) for url, thread_id, title in rows}

    def url_of(self, record: ThreadRecord) -> str | None:
        """The thread's URL on this site, or None (with a warning) when it cannot be used."""
        try:
            return self.mapper.map(record.url)
        except InvalidURL as exc:
            self.tally.warn(
                f"{record.place}: unusable URL {record.url!r} ({exc}); its comments are skipped"
            )
            return None

    async def existing(self, record: ThreadRecord, url: str) -> int | None:
        """The thread already at this URL (its empty title filled in), or None."""
        if url in self.url_ids:
            return self.url_ids[url]
        found = self.unused.pop(url, None)
        if found is None:
            return None
        thread_id, title = found
        self.tally.threads_existing += 1
        if not title and record.title:
            await self.session.execute(
                update(Thread).where(Thread.id == thread_id).values(title=record.title)
            )
            self.retitled.add(thread_id)
        self.url_ids[url] = thread_id
        return thread_id

    async def get_or_create(self, record: ThreadRecord, url: str) -> int:
        found = await self.existing(record, url)
        if found is not None:
            return found
        origin = "/".join(url.split("/", 3)[:3])
        if origin not in self.origins:
            self.tally.foreign_origins[origin] += 1
        thread_id = await self.ids.next()
        self.rows.append(
            {
                "id": thread_id,
                "site_id": self.site_id,
                "url": url,
                "title": record.title,
                "closed": record.closed,
                "pinned_comment_id": None,
                "version": 0,
                "created_at": record.created_at or utcnow(),
            }
        )
        self.tally.threads_created += 1
        self.url_ids[url] = thread_id
        return thread_id

    async def flush(self) -> None:
        """Write the new threads; comments referring to them are written after."""
        if self.rows:
            await self.session.execute(insert(THREADS), self.rows)
            self.rows = []

    def warn_foreign_origins(self) -> None:
        for origin, count in self.tally.foreign_origins.items():
            self.tally.warn(
                f"{count} thread(s) on {origin}, which is not one of the site's "
                "origins: readers will not find them (use --map-origin)"
            )
