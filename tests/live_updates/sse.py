"""A small server-sent events reader over httpx, for tests (what a browser's EventSource does)."""

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Event:
    event: str = "message"
    id: str | None = None
    data: str = ""
    comments: list[str] = field(default_factory=list)

    def json(self) -> Any:
        return json.loads(self.data)


class Stream:
    """An open event stream, read by a task of its own: `await stream.next()` gives the next
    event; comment lines (`: ready`, `: ping`) are collected in `comments`."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.comments: list[str] = []
        self._events: asyncio.Queue[Event | None] = asyncio.Queue()
        self._comment_seen = asyncio.Event()
        self._reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        current, seen_field = Event(), False
        try:
            async for line in self.response.aiter_lines():
                if line == "":
                    if seen_field:
                        self._events.put_nowait(current)
                    current, seen_field = Event(), False
                elif line.startswith(":"):
                    self.comments.append(line[1:].strip())
                    self._comment_seen.set()
                else:
                    name, _, value = line.partition(":")
                    value = value.removeprefix(" ")
                    if name == "data":
                        current.data = f"{current.data}\n{value}" if current.data else value
                        seen_field = True
                    elif name in ("event", "id"):
                        setattr(current, name, value)
                        seen_field = True
        except httpx.HTTPError:
            pass
        finally:
            self._events.put_nowait(None)
            self._comment_seen.set()

    async def next(self, within: float = 5.0) -> Event:
        event = await asyncio.wait_for(self._events.get(), within)
        if event is None:
            self._events.put_nowait(None)
            raise EOFError("the stream ended")
        return event

    async def comment(self, text: str, within: float = 5.0) -> None:
        """Wait for a comment line (`: ready`, `: ping`)."""

        async def wait() -> None:
            while text not in self.comments:
                if self._reader.done():
                    raise EOFError("the stream ended")
                self._comment_seen.clear()
                await self._comment_seen.wait()

        await asyncio.wait_for(wait(), within)

    async def close(self) -> None:
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


@asynccontextmanager
async def open_stream(
    base_url: str, site_id: str, post_url: str, *, headers: dict[str, str] | None = None
) -> AsyncIterator[Stream]:
    """Connect and wait until the server says the subscription is in place (`: ready`)."""
    async with (
        httpx.AsyncClient(base_url=base_url, timeout=httpx.Timeout(10, read=None)) as client,
        client.stream(
            "GET",
            f"/api/v1/sites/{site_id}/events",
            params={"url": post_url},
            headers={"Accept": "text/event-stream", **(headers or {})},
        ) as response,
    ):
        assert response.status_code == 200, (await response.aread()).decode()
        stream = Stream(response)
        try:
            await stream.comment("ready")
            yield stream
        finally:
            await stream.close()
