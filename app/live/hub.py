"""The subscribers of one process and their delivery: news of a thread -> read the log -> send.

A bus (memory, Redis or PostgreSQL, see `bus.py`) only says "thread T has news"; the hub reads
what is new from the event log, once per thread whatever its number of subscribers, and queues
it to each of them. Every read starts from the oldest position a subscriber of the thread has
seen, so a late or lost announcement is caught up by the next one.
"""

import asyncio
import logging
import signal
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.db.base import utcnow
from app.db.session import Database
from app.errors import AppError
from app.live import queries
from app.live.models import LiveEvent
from app.live.subscriber import PING, Batch, Message, Slot, Subscriber, event_frame
from app.observability import outages

log = logging.getLogger("parley.live")

RETRY_AFTER_SECONDS = 30  # how soon a refused reader may try again
SHUTDOWN_POLL_SECONDS = 0.5  # how soon streams end once the server is stopping


class TooManyStreams(AppError):
    status, type, title = 429, "too-many-streams", "Too many open event streams"


class StreamsFull(TooManyStreams):
    """The process holds all the streams it can: not the reader's fault, so 503."""

    status = 503


class Hub:
    def __init__(
        self,
        database: Database,
        secret_key: str,
        *,
        max_streams_per_ip: int,
        max_streams: int,
        retention: timedelta,
        settle: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.database = database
        # Waits until this process's committed events are in the log (PostgreSQL publishes
        # them after the commit, app/live/publish.py): a reader who arrives after a write this
        # process answered starts after that write's events.
        self._settle = settle
        self.secret_key = secret_key
        self.max_streams_per_ip = max_streams_per_ip
        self.max_streams = max_streams
        self.retention = retention
        self._by_thread: dict[int, set[Subscriber]] = defaultdict(set)
        self._waiting: dict[tuple[str, str], set[Subscriber]] = defaultdict(set)
        self._per_ip: dict[str, int] = defaultdict(int)
        self._locks: dict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._dirty: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self.count = 0

    # -- subscriptions --------------------------------------------------------------------

    def reserve(self, ip: str) -> Slot:
        """Take a place for a stream, or refuse one over the per-address cap (429) or the
        per-process cap (503). The one place the caps are checked: check and count happen with
        no await between them, before the response starts, so a stream once answered 200 is
        never refused mid-body."""
        retry = {"headers": {"Retry-After": str(RETRY_AFTER_SECONDS)}}
        if self._per_ip[ip] >= self.max_streams_per_ip:
            limit = self.max_streams_per_ip
            raise TooManyStreams(f"At most {limit} open event streams per address.", **retry)
        if self.count >= self.max_streams:
            raise StreamsFull("This server holds as many event streams as it can.", **retry)
        self._per_ip[ip] += 1
        self.count += 1
        return Slot(ip)

    def release(self, slot: Slot) -> None:
        """Give a place back (once; later calls do nothing)."""
        if slot.released:
            return
        slot.released = True
        self.count -= 1
        self._per_ip[slot.ip] -= 1
        if self._per_ip[slot.ip] <= 0:
            del self._per_ip[slot.ip]

    async def subscribe(
        self,
        site_id: str,
        url: str,
        thread_id: int | None,
        *,
        base_url: str,
        slot: Slot,
        last_event_id: int | None,
    ) -> Subscriber:
        """A subscriber of the thread in a reserved place, first given what it missed after
        `last_event_id`; `unsubscribe` it when its stream ends."""
        sub = Subscriber(site_id, url, base_url, slot.ip, thread_id)
        if thread_id is None:
            self._waiting[(site_id, url)].add(sub)
            return sub
        try:
            async with self._locks[thread_id]:
                await self._start(sub, thread_id, last_event_id)
                self._by_thread[thread_id].add(sub)
        except BaseException:
            self._drop(sub)  # the thread's lock goes too when no one else reads it
            raise
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        """Stop delivering to a stream that ended."""
        self._drop(sub)

    async def _start(self, sub: Subscriber, thread_id: int, last_event_id: int | None) -> None:
        if self._settle is not None:
            await self._settle()
        async with self.database.read_sessions() as session:
            newest = await queries.last_event_id(session, thread_id)
            if last_event_id is None or last_event_id >= newest:
                sub.last_id = newest
                return
            sub.last_id = last_event_id
            missed = await queries.events_after(session, thread_id, last_event_id, newest=True)
            for message in await self._messages(session, missed, {sub.base_url}):
                if message[0] == sub.base_url:
                    sub.offer(message[1])
            sub.last_id = max(sub.last_id, newest)

    def _drop(self, sub: Subscriber) -> None:
        waiting = self._waiting.get((sub.site_id, sub.url))
        if waiting is not None:
            waiting.discard(sub)
            if not waiting:
                del self._waiting[(sub.site_id, sub.url)]
        if sub.thread_id is not None:
            subs = self._by_thread.get(sub.thread_id)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self._by_thread[sub.thread_id]
                    self._locks.pop(sub.thread_id, None)

    # -- news -------------------------------------------------------------------------------

    def poke(self, site_id: str, thread_id: int) -> None:
        """A thread has news (called by the bus, on the event loop; never blocks)."""
        if thread_id not in self._by_thread and not self._has_waiting(site_id):
            return
        if thread_id in self._dirty:
            return
        self._dirty.add(thread_id)
        self._spawn(self._deliver(site_id, thread_id))

    def poke_all(self) -> None:
        """Catch up every subscribed thread (after the bus reconnected)."""
        for thread_id, subs in list(self._by_thread.items()):
            sub = next(iter(subs), None)
            if sub is not None:
                self.poke(sub.site_id, thread_id)
        for site_id, _url in list(self._waiting):
            self._spawn(self._adopt_all(site_id))

    def _has_waiting(self, site_id: str) -> bool:
        return any(key[0] == site_id for key in self._waiting)

    def _spawn(self, coro: "asyncio._CoroutineLike[None]") -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _adopt(self, thread_id: int) -> None:
        """Move readers of a post that had no thread yet onto the thread just created."""
        async with self.database.read_sessions() as session:
            found = await queries.thread_url(session, thread_id)
        if found is None:
            return
        subs = self._waiting.pop(found, set())
        for sub in subs:
            sub.thread_id = thread_id
            self._by_thread[thread_id].add(sub)

    async def _adopt_all(self, site_id: str) -> None:
        async with self.database.read_sessions() as session:
            for key in [k for k in self._waiting if k[0] == site_id]:
                _exists, thread_id = await queries.find_thread(session, *key)
                if thread_id is not None:
                    await self._adopt(thread_id)
                    self.poke(site_id, thread_id)

    async def _deliver(self, site_id: str, thread_id: int) -> None:
        try:
            if thread_id not in self._by_thread and self._has_waiting(site_id):
                await self._adopt(thread_id)
            async with self._locks[thread_id]:
                self._dirty.discard(thread_id)
                await self._fetch_and_send(thread_id)
        except Exception as exc:
            self._dirty.discard(thread_id)
            dependency = outages.classify(exc)
            if dependency is not None:
                dependency.failed(exc)  # logged once per outage; the next news catches up
            else:
                log.warning("live: could not deliver news of thread %s", thread_id, exc_info=True)

    async def _fetch_and_send(self, thread_id: int) -> None:
        while True:
            subs = list(self._by_thread.get(thread_id, ()))
            if not subs:
                return
            since = min(sub.last_id for sub in subs)
            async with self.database.read_sessions() as session:
                events = await queries.events_after(session, thread_id, since)
                if not events:
                    return
                messages = await self._messages(session, events, {s.base_url for s in subs})
            by_base_url: dict[str, list[Message]] = defaultdict(list)
            for base_url, message in messages:
                by_base_url[base_url].append(message)
            batches = {base_url: Batch.of(group) for base_url, group in by_base_url.items()}
            through = events[-1].id  # stale events (not sent) still move every reader on
            for sub in subs:
                sub.offer_batch(batches.get(sub.base_url), through)
            if len(events) < queries.REPLAY_LIMIT:
                return

    async def _messages(
        self, session: AsyncSession, events: list[LiveEvent], base_urls: set[str]
    ) -> list[tuple[str, Message]]:
        data = await queries.render(session, events, base_urls, self.secret_key)
        out = []
        for event in events:
            for base_url in base_urls:
                text = data.get((event.id, base_url))
                if text is not None:
                    frame = event_frame(event.id, event.type, text)
                    out.append((base_url, Message(event.id, frame)))
        return out

    async def newest_event_id(self) -> int:
        async with self.database.read_sessions() as session:
            return await queries.newest_event_id(session)

    # -- housekeeping -------------------------------------------------------------------------

    async def prune_forever(self, every: float = 600.0) -> None:
        """Drop events older than the retention (replay is bounded anyway)."""
        while True:
            await asyncio.sleep(every)
            try:
                async with self.database.write_sessions() as session:
                    await queries.prune(session, utcnow() - self.retention)
                    await session.commit()
            except Exception as exc:
                if outages.classify(exc) is None:
                    log.warning("live: could not prune old events", exc_info=True)

    async def heartbeat_forever(self, ping_seconds: float) -> None:
        """One timer for every stream of the process: a ping to each every `ping_seconds` (the
        first within that time), and the end of every stream as soon as the server stops."""
        waited = 0.0
        step = min(ping_seconds, SHUTDOWN_POLL_SECONDS)
        while True:
            await asyncio.sleep(step)
            if _server_stopping():
                self._end_all()
                continue
            waited += step
            if waited >= ping_seconds:
                waited = 0.0
                for sub in self._subscribers():
                    sub.push(PING)

    def _subscribers(self) -> Iterator[Subscriber]:
        for subs in [*self._by_thread.values(), *self._waiting.values()]:
            yield from subs

    def _end_all(self) -> None:
        for sub in list(self._subscribers()):
            sub.end()

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        self._end_all()


def _server_stopping() -> bool:
    """Whether the uvicorn server running this process is stopping (SIGTERM or SIGINT): its
    signal handler is a method of the server. Uvicorn waits for open responses before it
    stops, so event streams, which never end by themselves, are ended here."""
    server = getattr(signal.getsignal(signal.SIGTERM), "__self__", None)
    return bool(getattr(server, "should_exit", False))
