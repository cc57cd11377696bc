"""The outbox worker: claim due messages in one short transaction, deliver them with no
transaction open, record each outcome in another short transaction.

It runs inside the app process (started in the lifespan) and as `python -m app.cli worker`. Any
number of workers may share a PostgreSQL database (`SKIP LOCKED` hands each row to one of
them); on SQLite run one.
"""

import asyncio
import contextlib
import logging
import time

from app.config import Settings
from app.db.session import Database
from app.notifications import outbox, retention
from app.notifications.outbox import DeliveryContext, Kinds, Message, PermanentFailure

log = logging.getLogger("parley.outbox")


class OutboxWorker:
    def __init__(self, database: Database, settings: Settings, kinds: Kinds) -> None:
        self.database = database
        self.settings = settings
        self.kinds = kinds
        self.context = DeliveryContext(database, settings, settings.resolved_secret_key())
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._next_prune = 0.0  # monotonic time of the next pruning (at once on start)

    def wake(self) -> None:
        """Deliver now rather than at the next poll (called after a commit that enqueued)."""
        self._wake.set()

    async def run_once(self) -> int:
        """Deliver one batch of due messages; returns how many were claimed."""
        names = list(self.kinds.kinds)
        if not names:
            return 0
        async with self.database.read_sessions() as session:
            if not await outbox.has_due(session, names):
                return 0
        async with self.database.write_sessions() as session:
            batch = await outbox.claim_due(
                session,
                limit=self.settings.outbox_batch_size,
                lease_seconds=self.settings.outbox_lease_seconds,
                kinds=names,
            )
            await session.commit()
        results = await asyncio.gather(
            *(self._deliver(message) for message in batch), return_exceptions=True
        )
        for result in results:
            if isinstance(result, BaseException):  # recording failed: the lease runs out, retried
                log.error("outbox delivery bookkeeping failed", exc_info=result)
        return len(batch)

    async def _deliver(self, message: Message) -> None:
        kind = self.kinds.get(message.kind)
        assert kind is not None  # only registered kinds are claimed
        error: str | None = None
        retry_in: float | None = None
        try:
            await kind.deliver(self.context, message)
        except PermanentFailure as exc:
            error = f"permanent: {exc}"
        except Exception as exc:  # any failure of a peer is retried
            error = f"{type(exc).__name__}: {exc}"
            if message.attempt < kind.max_attempts:
                retry_in = kind.backoff(message.attempt)
        async with self.database.write_sessions() as session:
            if error is None:
                await outbox.mark_done(session, message)
            else:
                await outbox.mark_failed(session, message, error, retry_in=retry_in)
            await session.commit()
        if error is not None:
            log.warning("outbox message %s (%s) failed: %s", message.id, message.kind, error)
            if retry_in is None and kind.on_give_up is not None:
                await kind.on_give_up(self.context, message, error)

    async def prune(self) -> int:
        """Delete what was delivered (or given up) longer than the retention ago."""
        return await retention.prune(self.database, self.settings.outbox_retention_days)

    async def _prune_when_due(self) -> None:
        if time.monotonic() < self._next_prune:
            return
        self._next_prune = time.monotonic() + retention.PRUNE_EVERY_SECONDS
        removed = await self.prune()
        if removed:
            log.info("outbox: deleted %d finished message(s) and deliveries", removed)

    async def run(self) -> None:
        """Deliver until cancelled; sleep until woken or the poll interval passes."""
        while True:
            try:
                await self._prune_when_due()
                claimed = await self.run_once()
            except Exception:  # a database hiccup must not kill the worker
                log.exception("outbox worker iteration failed")
                claimed = 0
            if claimed:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.settings.outbox_poll_seconds)
            self._wake.clear()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self.run(), name="outbox-worker")

    async def stop(self) -> None:
        """Cancel the loop; messages being delivered keep their lease and are retried later."""
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
