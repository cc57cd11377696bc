"""Publishing live events on PostgreSQL: each gets its final id once its change has committed.

A post on PostgreSQL holds no thread lock (app/comments/threads.py), so ids given at insert
could commit out of order and a reader asking for "ids after the last one I saw" would skip one.
Every event is therefore written unpublished (readers never see it) and, once committed, one
autocommit statement takes the thread's advisory lock and gives the event a fresh id from the
sequence under it; the lock is held until that statement commits. Every later publication of
the thread waits for it, so a thread's published ids grow in the order readers can see them.
One worker per process publishes what has committed since its last statement, one statement per
thread: a busy thread's concurrent posts share a round trip. Then the thread is announced.

A writer that died after its commit left its events unpublished and perhaps its thread not
bumped (the post's bump follows its commit): the sweeper publishes what is older than `GRACE`
and bumps those threads. The worker itself does not bump: that would change a page's ETag
with nothing new on it, just after every post."""

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import cast

from sqlalchemy import Integer, Table, any_, bindparam, false, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY

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
LOCK_SPACE = 0x4C495645  # "LIVE": the first key of the thread locks below (advisory locks are
# per database; the second key is the thread id)
# The lock is taken first: the events' rows qualify only through it (a scalar subquery
# evaluated before any row's new id is drawn), so nextval runs under it, and it is held until
# the statement's own commit.
_THREAD_LOCK = select(
    func.pg_advisory_xact_lock(LOCK_SPACE, bindparam("lock_thread_id", type_=Integer))
)
_PUBLISH = (
    update(_EVENTS)
    .where(
        _EVENTS.c.id == any_(bindparam("event_ids", type_=ARRAY(Integer))),
        _EVENTS.c.published == false(),
        _THREAD_LOCK.scalar_subquery().is_not(None),
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
        self._pending: list[Unpublished] = []
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._worker: asyncio.Task[None] | None = None

    def publish_soon(self, events: list[Unpublished]) -> None:
        """Queue a committed transaction's events for the worker (never blocks)."""
        self._pending.extend(events)
        self._idle.clear()
        self._wake.set()
        if self._worker is None:
            self._worker = asyncio.get_running_loop().create_task(self._work())

    async def _work(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            batch, self._pending = self._pending, []
            await self.publish(batch)
            if not self._pending:
                self._idle.set()

    async def drain(self, within: float = 2.0) -> None:
        """Wait until what has been queued so far is published (or has failed)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), within)

    async def publish(self, events: list[Unpublished], *, bump: bool = False) -> None:
        """Each thread's events in one statement; what fails is left to the sweeper. With
        `bump`, each thread's pages are invalidated too (what a dead writer may have skipped)."""
        by_thread: dict[tuple[str, int], list[int]] = {}
        for event in events:
            by_thread.setdefault((event.site_id, event.thread_id), []).append(event.event_id)
        published = []
        try:
            async with self.database.autocommit(changes_pages=bump) as connection:
                for (site_id, thread_id), ids in by_thread.items():
                    values = {"event_ids": sorted(ids), "lock_thread_id": thread_id}
                    await connection.execute(_PUBLISH, values)
                    if bump:
                        await connection.execute(VERSION_BUMP, {"thread_id": thread_id})
                    published.append((site_id, thread_id))
        except Exception as exc:
            dependency = outages.classify(exc)
            if dependency is not None:
                dependency.failed(exc)
            else:
                log.warning("live: could not publish events", exc_info=True)
        for site_id, thread_id in published:
            self.announce(site_id, thread_id)

    async def sweep(self) -> int:
        """Publish what writers left unpublished for longer than `GRACE`; how many were found."""
        async with self.database.read_sessions() as session:
            rows = (await session.execute(_LEFTOVERS, {"before": utcnow() - GRACE})).all()
        if rows:
            log.warning("live: publishing %d event(s) their writers left unpublished", len(rows))
            await self.publish([Unpublished(*row) for row in rows], bump=True)
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
        """Publish what is queued (what is cut short, the sweep of another process or of the
        next start publishes)."""
        if self._worker is None:
            return
        self._worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._worker
        if self._pending:
            batch, self._pending = self._pending, []
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.publish(batch), wait)
