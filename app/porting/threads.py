"""Where a source thread lands: the site's thread at its remapped URL, found or created."""

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.models import Thread
from app.comments.urls import InvalidURL
from app.db.base import utcnow
from app.porting.bookkeeping import Tally
from app.porting.records import ThreadRecord
from app.porting.urlmap import UrlMapper


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
        self.url_ids: dict[str, int] = {}

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
        row = (
            await self.session.execute(
                select(Thread.id, Thread.title).where(
                    Thread.site_id == self.site_id, Thread.url == url
                )
            )
        ).first()
        if row is None:
            return None
        self.tally.threads_existing += 1
        if not row.title and record.title:
            await self.session.execute(
                update(Thread).where(Thread.id == row.id).values(title=record.title)
            )
        self.url_ids[url] = int(row.id)
        return int(row.id)

    async def get_or_create(self, record: ThreadRecord, url: str, *, looked_up: bool) -> int:
        """`looked_up`: `existing` was asked already and found nothing."""
        if url in self.url_ids:
            return self.url_ids[url]
        if not looked_up:
            found = await self.existing(record, url)
            if found is not None:
                return found
        origin = "/".join(url.split("/", 3)[:3])
        if origin not in self.origins:
            self.tally.foreign_origins[origin] += 1
        values = {
            "site_id": self.site_id,
            "url": url,
            "title": record.title,
            "closed": record.closed,
            "created_at": record.created_at or utcnow(),
        }
        thread_id = await self.session.scalar(insert(Thread).values(values).returning(Thread.id))
        if thread_id is None:  # pragma: no cover - INSERT … RETURNING always returns the id
            raise RuntimeError("no id returned for a new thread")
        self.tally.threads_created += 1
        self.url_ids[url] = int(thread_id)
        return int(thread_id)

    def warn_foreign_origins(self) -> None:
        for origin, count in self.tally.foreign_origins.items():
            self.tally.warn(
                f"{count} thread(s) on {origin}, which is not one of the site's "
                "origins: readers will not find them (use --map-origin)"
            )
