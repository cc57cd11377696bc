"""Publishing live events on PostgreSQL: each gets its final id once its change has committed.

A post on PostgreSQL holds no thread lock (app/comments/threads.py), so ids given at insert
could commit out of order and a reader asking for "ids after the last one I saw" would skip one.
Its event is therefore written unpublished (readers never see it) and, right after the commit,
one autocommit statement bumps the thread — taking its row lock inside the server only — and
gives the event a fresh id from the sequence under that lock. Every later publication of the
thread waits for that lock, so a thread's published ids grow in the order readers can see them.
The bump also invalidates cached pages once more, which makes this step the safety net of the
post's own bump: if a writer died between its commit and its bump, the sweeper here publishes
what it left (after `GRACE`) and so bumps the thread then. Then the thread is announced.
"""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import cast

from sqlalchemy import Table, bindparam, false, func, select, update

from app.comments.models import Thread
from app.comments.threads import VERSION_BUMP
from app.db.base import utcnow
from app.db.session import Database
from app.live.models import LiveEvent
from app.observability import outages

log = logging.getLogger("parley.live")

GRACE = timedelta(seconds=10)  # an unpublished event older than this lost its writer
SWEEP_SECONDS = 10.0
SWEEP_BATCH = 500

_EVENTS = cast(Table, LiveEvent.__table__)
_BUMP = VERSION_BUMP.returning(Thread.id).cte("bump")
# The bump runs first: the event's row qualifies only through the bumped thread's id (a
# scalar subquery evaluated before any row's new id is drawn), so nextval runs under the lock.
_PUBLISH = (
    update(_EVENTS)
    .where(
        _EVENTS.c.id == bindparam("event_id"),
        _EVENTS.c.published.is_(False),
        _EVENTS.c.thread_id == select(_BUMP.c.id).scalar_subquery(),
    )
    .values(id=func.nextval(func.pg_get_serial_sequence("live_events", "id")), published=True)
)
_LEFTOVERS = (
    select(_EVENTS.c.id, _EVENTS.c.site_id, _EVENTS.c.thread_id)
    .where(_EVENTS.c.published == false(), _EVENTS.c.created_at < bindparam("before"))
    .order_by(_EVENTS.c.id)
    .limit(SWEEP_BATCH)
)


@dataclass(frozen=True)
class Unpublished:
    event_id: int
    site_id: str
    thread_id: int


class Publisher:
    """Publishes committed events (`publish_soon`, an after-commit callback) and sweeps up
    those whose writer died; announces each thread once its events are published."""

    def __init__(self, database: Database, announce: Callable[[str, int], None]) -> None:
        self.database = database
        self.announce = announce
        self._tasks: set[asyncio.Task[None]] = set()

    def publish_soon(self, events: list[Unpublished]) -> None:
        """Publish a committed transaction's events in the background (never blocks)."""
        task = asyncio.get_running_loop().create_task(self.publish(events))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def publish(self, events: list[Unpublished]) -> None:
        """In order of their provisional ids; one that fails is left to the sweeper."""
        try:
            async with self.database.autocommit() as connection:
                for event in events:
                    values = {"event_id": event.event_id, "bump_thread_id": event.thread_id}
                    await connection.execute(_PUBLISH, values)
        except Exception as exc:
            dependency = outages.classify(exc)
            if dependency is not None:
                dependency.failed(exc)
            else:
                log.warning("live: could not publish events", exc_info=True)
            return
        for site_id, thread_id in dict.fromkeys((e.site_id, e.thread_id) for e in events):
            self.announce(site_id, thread_id)

    async def sweep(self) -> int:
        """Publish what writers left unpublished for longer than `GRACE`; how many were found."""
        async with self.database.read_sessions() as session:
            rows = (await session.execute(_LEFTOVERS, {"before": utcnow() - GRACE})).all()
        if rows:
            log.warning("live: publishing %d event(s) their writers left unpublished", len(rows))
            await self.publish([Unpublished(*row) for row in rows])
        return len(rows)

    async def sweep_forever(self, every: float = SWEEP_SECONDS) -> None:
        while True:
            await asyncio.sleep(every)
            try:
                await self.sweep()
            except Exception as exc:
                if outages.classify(exc) is None:
                    log.warning("live: could not sweep unpublished events", exc_info=True)

    async def close(self, wait: float = 5.0) -> None:
        """Let publications in flight finish (what is cut short, the sweep of another process
        or of the next start publishes)."""
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=wait)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
