"""The cyclic garbage collector's full passes, kept short while many connections stay open.

What start-up built (modules, schemas, routes, statements) is frozen as the app starts. What then
lives long — above all each open event stream: its connection, parser and scope, its subscriber,
the coroutines of the middleware it came through, ~58 tracked objects — would be walked again by
every full pass: with 10,000 streams open under load, a 0.5 s pass every ~5 s (measured), a
pause for every request of the process. So what survives a full pass is frozen too, right after
it, and later passes walk only what is newer. A frozen object is still freed when its last
reference goes; only cycles among objects that died after being frozen wait, until every
`REFRESH_SECONDS` everything is unfrozen and the next full pass reclaims them (one long pass per
period instead of one every few seconds).
"""

import asyncio
import gc
import time
from typing import Any

REFRESH_SECONDS = 600.0


class Collector:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._pending = False  # `_after_full_pass` is scheduled
        self._refreshed = time.monotonic()

    def start(self) -> None:
        gc.freeze()
        gc.callbacks.append(self._on_gc)

    def stop(self) -> None:
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)
        gc.unfreeze()

    def _on_gc(self, phase: str, info: dict[str, Any]) -> None:
        # Runs inside the collector, on whichever thread allocated: only schedule.
        if phase != "stop" or info["generation"] != 2 or self._pending:
            return
        self._pending = True
        try:
            self._loop.call_soon_threadsafe(self._after_full_pass)
        except RuntimeError:  # the loop has closed
            self._pending = False

    def _after_full_pass(self) -> None:
        self._pending = False
        if time.monotonic() - self._refreshed >= REFRESH_SECONDS:
            self._refreshed = time.monotonic()
            gc.unfreeze()  # the next full pass walks everything once
        else:
            gc.freeze()
