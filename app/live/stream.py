"""Event streams served as plain ASGI: thousands stay open while idle, so each holds only its
subscriber and its own coroutine, waiting for the reader to leave; a task writes only while there
is something to write (no task group, no per-stream timer: pings come from the hub's one timer,
frames are encoded once per event).

The route checks and reserves as any route does, and its response sends the head through the
whole stack (CORS, request id). The body is then written from `LiveStreams`, a middleware just
inside the outermost one: the frames of the routing, the exception handlers and the inner
middleware are not held for the hours a stream may stay open."""

import asyncio
import logging
import types
import weakref
from collections.abc import Awaitable, Coroutine, Generator
from typing import Any

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.live.hub import Hub
from app.live.subscriber import Slot, Subscriber, ready_frame

log = logging.getLogger("parley.live")

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
    only this coroutine waits (for the reader to leave); frames are written by the loop's
    `Flusher` (no task per write). Ending the response from the server side completes it,
    which ends the wait."""
    writer = _Writer(sub, send)
    await send({"type": "http.response.body", "body": READY + sub.take(), "more_body": True})
    sub.on_news = writer.wake
    if sub.ended or sub.frames:  # while the first write was in flight
        writer.wake()
    try:
        while (await receive())["type"] != "http.disconnect":
            pass
    finally:
        sub.on_news = None
        sub.end()
        writer.close()


class Flusher:
    """Writes what the streams of one event loop have waiting, once per burst: a news fan-out
    marks each reader's writer ready (a list append), and one callback scheduled on the loop
    then writes to every ready stream in turn. Each write calls the ASGI `send` and drives it
    right there: the server's send returns at once unless the reader's socket is full (flow
    control), and only then does a task take over that one stream, whose later frames wait and
    go out together once it is done. So a delivery costs one `send` and one syscall — no task,
    no handle of the loop per reader."""

    __slots__ = ("loop", "ready", "scheduled")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.ready: list[_Writer] = []
        self.scheduled = False

    def add(self, writer: "_Writer") -> None:
        self.ready.append(writer)
        if not self.scheduled:
            self.scheduled = True
            if COALESCE_SECONDS > 0:
                self.loop.call_later(COALESCE_SECONDS, self.flush)
            else:
                self.loop.call_soon(self.flush)

    def flush(self) -> None:
        ready, self.ready, self.scheduled = self.ready, [], False
        for writer in ready:
            writer.write()


# Frames that arrive for a reader within this time of the first go out as one write (0: as soon
# as the burst that queued them is over; the events of one burst share a write either way).
COALESCE_SECONDS = 0.0

_flushers: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Flusher]" = (
    weakref.WeakKeyDictionary()
)


def _flusher() -> Flusher:
    loop = asyncio.get_running_loop()
    flusher = _flushers.get(loop)
    if flusher is None:
        flusher = _flushers[loop] = Flusher(loop)
    return flusher


class _Writer:
    """One stream's writing: `wake` marks it ready (once until written); `write` sends what is
    queued, or ends the body once the subscriber has ended."""

    __slots__ = ("closed", "flusher", "pending", "send", "sub", "task")

    def __init__(self, sub: Subscriber, send: Send) -> None:
        self.sub, self.send = sub, send
        self.flusher = _flusher()
        self.pending = False  # in the flusher's ready list
        self.closed = False  # the body is complete (or the reader left)
        self.task: asyncio.Task[None] | None = None  # a write the reader's socket held back

    def wake(self) -> None:
        if not self.pending and self.task is None and not self.closed:
            self.pending = True
            self.flusher.add(self)

    def write(self) -> None:
        self.pending = False
        if self.closed or self.task is not None:
            return
        message = self._next()
        if message is None:
            return
        try:
            rest = _step(self.send(message))
        except Exception:
            self._failed()
            return
        if rest is not None:
            self.task = self.flusher.loop.create_task(self._finish(rest))

    def _next(self) -> "Message | None":
        if self.sub.ended:
            self.closed = True
            return {"type": "http.response.body", "body": b""}
        if not self.sub.frames:
            return None
        return {"type": "http.response.body", "body": self.sub.take(), "more_body": True}

    async def _finish(self, rest: Awaitable[None]) -> None:
        """The rest of a write the socket held back, then whatever queued meanwhile."""
        try:
            await rest
            while not self.closed and (message := self._next()) is not None:
                await self.send(message)
        except Exception:
            self._failed()
        finally:
            self.task = None

    def _failed(self) -> None:
        # The connection is gone: the server reports the disconnect to the stream, which ends.
        self.closed = True
        log.debug("live: a write to an event stream failed", exc_info=True)

    def close(self) -> None:
        self.closed = True
        if self.task is not None:
            self.task.cancel()


def _step(send: Awaitable[None]) -> Awaitable[None] | None:
    """Run a send until it completes (None) or waits: then what is left of it, for a task to
    await (as an eager task would, Python 3.12's `eager_start`)."""
    if type(send) is not types.CoroutineType:
        return send
    try:
        waiting = send.send(None)
    except StopIteration:
        return None
    return _resume(send, waiting)


@types.coroutine
def _resume(coro: Coroutine[Any, Any, None], waiting: Any) -> Generator[Any, Any, None]:
    """Carry on a coroutine that `_step` started, inside the awaiting task (`yield from` by
    hand: what the task sends or throws goes to the coroutine)."""
    while True:
        try:
            value = yield waiting
        except BaseException as exc:  # cancellation included: handed on
            try:
                waiting = coro.throw(exc)
            except StopIteration:
                return
        else:
            try:
                waiting = coro.send(value)
            except StopIteration:
                return
