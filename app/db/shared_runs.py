"""One run of an action per key at a time, shared by every caller that asked before it began.

For an idempotent write that must follow each caller's own commit (a post's thread bump on
PostgreSQL, app/comments/service.py): a caller joins the next run of its key, never one already
under way (that one may have read the row before the caller's commit). While a run is under
way, every caller that arrives waits for one more run, which they all share: concurrent posts
to one thread cost one statement per round trip of it, not one each.
"""

import asyncio
from collections.abc import Awaitable, Callable, Hashable

Action = Callable[[], Awaitable[None]]


def _retrieve(future: "asyncio.Future[None]") -> None:
    # Every caller of a run may have been cancelled: its failure is then nobody's to report.
    if not future.cancelled():
        future.exception()


class SharedRuns:
    def __init__(self) -> None:
        self._next: dict[Hashable, tuple[asyncio.Future[None], Action]] = {}
        self._drivers: dict[Hashable, asyncio.Task[None]] = {}

    async def run(self, key: Hashable, action: Action) -> None:
        """Run `action` for `key`, or share the next run another caller asked for (whose
        action is the one run: callers of one key must ask for the same effect). Raises what
        the run raised. Cancelling a caller does not cancel the run."""
        queued = self._next.get(key)
        if queued is None:
            future = asyncio.get_running_loop().create_future()
            future.add_done_callback(_retrieve)
            self._next[key] = queued = (future, action)
            if key not in self._drivers:
                self._drivers[key] = asyncio.create_task(self._drive(key))
        await asyncio.shield(queued[0])

    async def _drive(self, key: Hashable) -> None:
        try:
            while key in self._next:
                future, action = self._next.pop(key)
                try:
                    await action()
                except asyncio.CancelledError:
                    future.cancel()
                    raise
                except Exception as exc:  # handed to every caller of this run
                    future.set_exception(exc)
                else:
                    future.set_result(None)
        finally:
            del self._drivers[key]
            queued = self._next.pop(key, None)
            if queued is not None:  # cancelled (shutdown) before this run began
                queued[0].cancel()
