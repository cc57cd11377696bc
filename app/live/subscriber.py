"""One open event stream's state, kept small (thousands are held while idle): the frames waiting
to be written, as bytes shared with every other reader of the same event, and one future to wake
the stream when there is something to write."""

import asyncio
from collections import deque
from dataclasses import dataclass

QUEUE_SIZE = 1000  # frames waiting for one slow reader before its stream is dropped

PING = b": ping\n\n"


def ready_frame(retry_milliseconds: int) -> bytes:
    """The first frame: the subscription is in place (a client may now rely on it)."""
    return b": ready\nretry: %d\n\n" % retry_milliseconds


def event_frame(event_id: int, event: str, data: str) -> bytes:
    """One event as `text/event-stream` bytes, encoded once and shared by all its readers.
    Line breaks in `data` become several `data:` lines (CR, LF and CRLF only, as the format
    defines them: U+2028 inside JSON stays in its line)."""
    lines = data.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body = "".join(f"data: {line}\n" for line in lines)
    return f"id: {event_id}\nevent: {event}\n{body}\n".encode()


@dataclass(eq=False, slots=True)
class Slot:
    """A place among the process's streams, taken before the response starts, given back once
    (when the stream ends, or when the response ends without streaming)."""

    ip: str
    released: bool = False


@dataclass(frozen=True, slots=True)
class Message:
    id: int
    frame: bytes


class Subscriber:
    """A reader of one thread (or of a post that has no thread yet)."""

    __slots__ = (
        "_waiter",
        "base_url",
        "ended",
        "frames",
        "ip",
        "last_id",
        "site_id",
        "thread_id",
        "url",
    )

    def __init__(
        self, site_id: str, url: str, base_url: str, ip: str, thread_id: int | None
    ) -> None:
        self.site_id = site_id
        self.url = url
        self.base_url = base_url
        self.ip = ip
        self.thread_id = thread_id
        self.last_id = 0
        self.frames: deque[bytes] = deque()
        self.ended = False
        self._waiter: asyncio.Future[None] | None = None

    def offer(self, message: Message) -> None:
        """Queue an event unless this reader has it already."""
        if message.id <= self.last_id:
            return
        self.last_id = message.id
        self.push(message.frame)

    def push(self, frame: bytes) -> None:
        if self.ended:
            return
        if len(self.frames) >= QUEUE_SIZE:
            # Too far behind: end the stream; the reader reconnects with Last-Event-ID.
            self.end()
            return
        self.frames.append(frame)
        self._wake()

    def end(self) -> None:
        """End the stream (what is queued is not sent)."""
        self.ended = True
        self.frames.clear()
        self._wake()

    def take(self) -> bytes:
        """What is queued, as one write."""
        data = b"".join(self.frames)
        self.frames.clear()
        return data

    async def wait(self) -> None:
        """Until there is something to write or the stream has ended."""
        if self.frames or self.ended:
            return
        self._waiter = asyncio.get_running_loop().create_future()
        try:
            await self._waiter
        finally:
            self._waiter = None

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)
