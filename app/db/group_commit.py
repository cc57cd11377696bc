"""Group commit: posts waiting to be written share one transaction.

SQLite has one writer per file, and a process already takes turns for it (an asyncio lock,
`Database.write_transaction`). Under load many posts wait in that line; each then paid for a
session, a pooled connection, `BEGIN IMMEDIATE`, a commit and the session's teardown — more
than its own statements cost. Here the write that gets the turn runs every write waiting
behind it (up to `GROUP_LIMIT`) in one transaction and commits once: each caller is answered
only after that commit, with its own result. On PostgreSQL the posts of one process take the
same kind of turn (a lock of their own; other writes run side by side): what a post costs
there is mostly the client's CPU per round trip, and a group saves each post its BEGIN, its
COMMIT and its session (~12 % of a post's CPU, measured in process).

A failure never becomes another caller's answer: when one write raises, the transaction is
rolled back and each write of the group runs again alone, in its own transaction (works run
before their commit only write to the session, so running one again is safe). Only a database
outage (app/observability/outages.py) fails the whole group at once: running each alone would
wait out the same outage once per write.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from app.observability import outages

T = TypeVar("T")
Work = Callable[[AsyncSession], Awaitable[T]]

GROUP_LIMIT = 64  # writes in one transaction: bounds the wait of the group's first caller
log = logging.getLogger("parley.db")


@dataclass
class _Job(Generic[T]):
    work: Work[T]
    future: asyncio.Future[T] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class GroupCommit:
    """The write line of one process's SQLite database."""

    def __init__(
        self,
        turn: asyncio.Lock,
        sessions: Callable[[], AbstractAsyncContextManager[AsyncSession]],
    ) -> None:
        self._turn = turn
        self._sessions = sessions
        self._waiting: list[_Job[Any]] = []

    async def run(self, work: Work[T]) -> T:
        """`work(session)` in a write transaction that is committed before this returns."""
        job: _Job[T] = _Job(work)
        self._waiting.append(job)
        try:
            # Whoever gets the turn runs the writes waiting longest, its own among them unless
            # more than a group's worth waited before it (then it takes another turn), and
            # none when a group that ran before took it along.
            while not job.future.done():
                async with self._turn:
                    if not job.future.done():
                        group = self._waiting[:GROUP_LIMIT]
                        del self._waiting[:GROUP_LIMIT]
                        await self._run(group)
        finally:
            if not job.future.done() and job in self._waiting:  # cancelled while waiting
                self._waiting.remove(job)
        return await job.future

    async def _run(self, group: list[_Job[Any]]) -> None:
        try:
            if len(group) == 1 or not await self._together(group):
                for job in group:
                    await self._alone(job)
        finally:  # cancelled (the server stops): nobody waits for ever
            for job in group:
                if not job.future.done():
                    job.future.set_exception(asyncio.CancelledError())

    async def _together(self, group: list[_Job[Any]]) -> bool:
        """True when the group committed (or failed as a whole); False: run each alone."""
        results: list[Any] = []
        try:
            async with self._sessions() as session:
                for job in group:
                    results.append(await job.work(session))
                await session.commit()
        except Exception as error:
            if outages.classify(error) is None:
                log.info("a group of %d writes failed; each runs alone", len(group))
                return False
            for job in group:
                job.future.set_exception(error)
            return True
        for job, result in zip(group, results, strict=True):
            job.future.set_result(result)
        return True

    async def _alone(self, job: _Job[Any]) -> None:
        try:
            async with self._sessions() as session:
                result = await job.work(session)
                await session.commit()
        except Exception as error:
            job.future.set_exception(error)
        else:
            job.future.set_result(result)
