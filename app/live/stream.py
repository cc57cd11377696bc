"""Event streams served as plain ASGI: thousands stay open while idle, so each holds only its
subscriber and its own coroutine, waiting for the reader to leave; a task writes only while there
is something to write (no task group, no per-stream timer: pings come from the hub's one timer,
frames are encoded once per event).

The route checks and reserves as any route does, and its response sends the head through the
whole stack (CORS, request id). The body is then written from `LiveStreams`, a middleware just
inside the outermost one: the frames of the routing, the exception handlers and the inner
middleware are not held for the hours a stream may stay open."""

import asyncio

from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from app.live.hub import Hub
from app.live.subscriber import Slot, Subscriber, ready_frame

HANDOFF = "parley.live.handoff"  # the scope key through which a stream reaches `LiveStreams`
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
        handed_off = False
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
                handoff: Handoff | None = scope.get(HANDOFF)
                if handoff is not None:
                    handoff.stream, handed_off = _Stream(self._hub, sub, self._slot), True
                    return
                await _pump(sub, receive, send)
            finally:
                if not handed_off:
                    self._hub.unsubscribe(sub)
        finally:
            if not handed_off:
                self._hub.release(self._slot)


class _Stream:
    """A stream whose head is sent: its body is `LiveStreams`' to write."""

    __slots__ = ("hub", "slot", "sub")

    def __init__(self, hub: Hub, sub: Subscriber, slot: Slot) -> None:
        self.hub, self.sub, self.slot = hub, sub, slot

    async def run(self, receive: Receive, send: Send) -> None:
        try:
            await _pump(self.sub, receive, send)
        finally:
            self.close()

    def close(self) -> None:
        self.hub.unsubscribe(self.sub)
        self.hub.release(self.slot)


class Handoff:
    __slots__ = ("stream",)

    def __init__(self) -> None:
        self.stream: _Stream | None = None


class LiveStreams:
    """Writes the body of event streams once the app has answered their head (pure ASGI,
    installed just inside the outermost middleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].endswith("/events"):
            await self.app(scope, receive, send)
            return
        handoff = Handoff()
        scope[HANDOFF] = handoff
        before = set(scope)
        try:
            await self.app(scope, receive, send)
        except BaseException:
            if handoff.stream is not None:
                handoff.stream.close()
            raise
        stream = handoff.stream
        if stream is None:
            return
        handoff.stream = None
        _forget_routing(scope, before)
        del before, handoff  # nothing more is held while the body streams
        await stream.run(receive, send)


def _forget_routing(scope: Scope, before: set[str]) -> None:
    """What routing added to the scope (the endpoint, its exit stacks, its state) is not
    needed while the body streams; the server holds the scope until the connection ends.
    The route stays: the request log names it."""
    for key in [k for k in scope if k not in before and k != "route"]:
        del scope[key]


async def _pump(sub: Subscriber, receive: Receive, send: Send) -> None:
    """Stream until the reader leaves, falls too far behind or the server stops. While idle,
    only this coroutine waits (for the reader to leave); a write task lives while there is
    something to write. Ending the response from the server side completes it, which ends
    the wait."""
    writer = _Writer(sub, send)
    await send({"type": "http.response.body", "body": READY + sub.take(), "more_body": True})
    sub.on_news = writer.wake
    if sub.ended:
        writer.wake()
    try:
        while (await receive())["type"] != "http.disconnect":
            pass
    finally:
        sub.on_news = None
        sub.end()
        writer.cancel()


class _Writer:
    __slots__ = ("send", "sub", "task")

    def __init__(self, sub: Subscriber, send: Send) -> None:
        self.sub, self.send = sub, send
        self.task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        if self.task is None:
            self.task = asyncio.get_running_loop().create_task(self._write())

    async def _write(self) -> None:
        try:
            while True:
                if self.sub.ended:
                    await self.send({"type": "http.response.body", "body": b""})
                    return
                if not self.sub.frames:
                    return
                body = self.sub.take()
                await self.send({"type": "http.response.body", "body": body, "more_body": True})
        finally:
            self.task = None

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
