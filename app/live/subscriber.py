"""One open event stream's state, kept small (thousands are held while idle): the frames waiting
to be written, as bytes shared with every other reader of the same event, and the callback that
wakes its stream."""

from collections.abc import Callable
from dataclasses import dataclass

QUEUE_SIZE = 1000  # events waiting for one slow reader before its stream is dropped

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


@dataclass(frozen=True, slots=True)
class Batch:
    """The events of one read of the log for the readers of one base URL: their frames joined
    once, so that each reader who lacks them all (the usual case) queues one shared `bytes`."""

    messages: tuple[Message, ...]
    frames: bytes

    @classmethod
    def of(cls, messages: list[Message]) -> "Batch":
        frames = messages[0].frame if len(messages) == 1 else b"".join(m.frame for m in messages)
        return cls(tuple(messages), frames)


class Subscriber:
    """A reader of one thread (or of a post that has no thread yet). While idle it holds no
    frames, no task and no future: `on_news`, set by its stream, is called when there is
    something to write or the stream has ended."""

    __slots__ = (
        "base_url",
        "ended",
        "frames",
        "ip",
        "last_id",
        "on_news",
        "queued",
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
        # One frame as is, several in a list: the usual single frame allocates no container,
        # so the readers of an event hold nothing the garbage collector must trace.
        self.frames: bytes | list[bytes] | None = None
        self.queued = 0  # events in `frames`
        self.ended = False
        self.on_news: Callable[[], None] | None = None

    def offer(self, message: Message) -> None:
        """Queue an event unless this reader has it already."""
        if message.id <= self.last_id:
            return
        self.last_id = message.id
        self.push(message.frame)

    def offer_batch(self, batch: Batch | None, through: int) -> None:
        """Queue what this reader lacks of a read of the log (None: nothing for its base URL),
        and count it as having seen every event up to `through` (stale ones are not sent)."""
        if batch is not None:
            if self.last_id < batch.messages[0].id:
                self.last_id = batch.messages[-1].id
                self.push(batch.frames, len(batch.messages))
            else:  # it joined while the log was being read: the ones it has are skipped
                for message in batch.messages:
                    self.offer(message)
        if through > self.last_id:
            self.last_id = through

    def push(self, frame: bytes, events: int = 1) -> None:
        if self.ended:
            return
        if self.queued + events > QUEUE_SIZE:
            # Too far behind: end the stream; the reader reconnects with Last-Event-ID.
            self.end()
            return
        self.queued += events
        frames = self.frames
        if frames is None:
            self.frames = frame
        elif isinstance(frames, bytes):
            self.frames = [frames, frame]
        else:
            frames.append(frame)
        if self.on_news is not None:
            self.on_news()

    def end(self) -> None:
        """End the stream (what is queued is not sent)."""
        if self.ended:
            return
        self.ended = True
        self.frames = None
        if self.on_news is not None:
            self.on_news()

    def take(self) -> bytes:
        """What is queued, as one write."""
        frames, self.frames, self.queued = self.frames, None, 0
        if frames is None:
            return b""
        return frames if isinstance(frames, bytes) else b"".join(frames)
