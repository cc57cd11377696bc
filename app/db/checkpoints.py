"""SQLite's WAL checkpoints, off the event loop while the app runs.

By default the connection whose commit takes the WAL past 1,000 pages copies the WAL back into
the database file, fsync included, inside that commit. Commits run on the loop's thread here
(app/db/inline_sqlite.py), so that stalled every request of the process for 30–100 ms, about
once a second under a stream of posts. While `WalCheckpoints` runs, the app's connections skip
it (`PRAGMA wal_autocheckpoint=0`, set as each connects) and a PASSIVE checkpoint runs on a
worker thread every `INTERVAL` seconds instead: it copies back what no reader still needs,
waits for no one, and takes no lock a writer waits for. Processes without it (the CLI) keep
SQLite's own checkpoints.
"""

import asyncio
import logging
import sqlite3
from contextlib import suppress

log = logging.getLogger(__name__)

INTERVAL = 0.5  # seconds: the WAL holds at most about this much of the writes


class WalCheckpoints:
    def __init__(self, path: str) -> None:
        self.path = path
        self._task: asyncio.Task[None] | None = None
        self._connection: sqlite3.Connection | None = None
        self._turn = asyncio.Lock()  # one checkpoint at a time: the connection is never shared

    @property
    def running(self) -> bool:
        return self._task is not None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
        async with self._turn:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    async def checkpoint(self) -> tuple[int, int, int]:
        """One PASSIVE checkpoint: (busy, frames in the WAL, frames copied back)."""
        async with self._turn:
            done = asyncio.ensure_future(asyncio.to_thread(self._checkpoint))
            try:
                return await asyncio.shield(done)
            except asyncio.CancelledError:
                # The thread goes on: the turn (and the connection) stay taken until it ends,
                # or `stop` would close the connection under it.
                await asyncio.wait({done})
                raise

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(INTERVAL)
            try:
                await self.checkpoint()
            except sqlite3.Error as error:  # the next round tries again; SQLite's data is safe
                log.warning("WAL checkpoint failed: %s", error)

    def _checkpoint(self) -> tuple[int, int, int]:
        if self._connection is None:
            self._connection = sqlite3.connect(
                self.path, timeout=0, isolation_level=None, check_same_thread=False
            )
        busy, frames, copied = self._connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return int(busy), int(frames), int(copied)
