"""An event stream served as a plain ASGI response: thousands stay open while idle, so each holds
only its subscriber, its own coroutine and one task that notices the reader leave (no task group,
no per-stream timer: pings come from the hub's one timer, frames are encoded once per event)."""

import asyncio
import contextlib

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from app.live.hub import Hub
from app.live.subscriber import Slot, Subscriber, ready_frame

RETRY_MILLISECONDS = 3000
READY = ready_frame(RETRY_MILLISECONDS)
HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-store"),
    (b"connection", b"keep-alive"),
    (b"x-accel-buffering", b"no"),
]


class EventStream(Response):
    """`text/event-stream` of one thread for one reader, in a place the route reserved (given
    back however the response ends: streamed, a HEAD, or a failure before it started)."""

    def __init__(
        self,
        hub: Hub,
        thread: tuple[str, str, int | None],
        *,
        base_url: str,
        slot: Slot,
        last_event_id: int | None,
    ) -> None:
        self.status_code = 200
        self.background = None
        self.raw_headers = HEADERS
        self._hub, self._thread, self._base_url = hub, thread, base_url
        self._slot, self._last_event_id = slot, last_event_id

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            if scope["method"] == "HEAD":
                await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
                await send({"type": "http.response.body", "body": b""})
                return
            site_id, url, thread_id = self._thread
            sub = await self._hub.subscribe(
                site_id,
                url,
                thread_id,
                base_url=self._base_url,
                slot=self._slot,
                last_event_id=self._last_event_id,
            )
            try:
                await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
                await _pump(sub, receive, send)
            finally:
                self._hub.unsubscribe(sub)
        finally:
            self._hub.release(self._slot)


async def _pump(sub: Subscriber, receive: Receive, send: Send) -> None:
    """Write what the hub queues until the stream ends (the reader left, it fell too far
    behind, or the server is stopping)."""
    watcher = asyncio.ensure_future(_until_gone(receive, sub))
    try:
        body = READY
        while True:
            await send({"type": "http.response.body", "body": body, "more_body": True})
            await sub.wait()
            if sub.ended:
                break
            body = sub.take()
        if not watcher.done():
            await send({"type": "http.response.body", "body": b"", "more_body": False})
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher


async def _until_gone(receive: Receive, sub: Subscriber) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
    sub.end()
