"""A reader whose socket is full (the server's `send` waits, ASGI flow control) holds up nobody:
its frames queue and go out together, in order, once its socket drains; a reader too far behind
is ended so it reconnects with Last-Event-ID. Driven through the stream's ASGI pump with the
`send` and `receive` a server gives it."""

import asyncio
from collections.abc import MutableMapping
from typing import Any

from app.live.stream import _pump
from app.live.subscriber import QUEUE_SIZE, Batch, Message, Subscriber
from tests.waiting import until


class Reader:
    """The server's side of one stream: `send` records each body and, while `full`, waits
    as a server's send waits for a socket to drain."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        self.drained = asyncio.Event()
        self.drained.set()
        self.left = asyncio.Event()
        self.sub = Subscriber("blog", "https://blog.example/p", "http://testserver", "1.2.3.4", 1)

    async def send(self, message: MutableMapping[str, Any]) -> None:
        self.bodies.append(message["body"])
        await self.drained.wait()

    async def receive(self) -> MutableMapping[str, Any]:
        await self.left.wait()
        return {"type": "http.disconnect"}

    @property
    def received(self) -> bytes:
        return b"".join(self.bodies)


def frame(number: int) -> Message:
    return Message(number, b"id: %d\nevent: comment.created\ndata: {}\n\n" % number)


async def written(reader: Reader, number: int) -> None:
    await until(lambda: b"id: %d\n" % number in reader.received, f"frame {number}", interval=0.005)


async def open_streams(*readers: Reader) -> list[asyncio.Task[None]]:
    tasks = [asyncio.create_task(_pump(r.sub, r.receive, r.send)) for r in readers]
    await until(lambda: all(r.sub.on_news for r in readers), "streams open", interval=0.005)
    return tasks


async def close_streams(readers: tuple[Reader, ...], tasks: list[asyncio.Task[None]]) -> None:
    for reader in readers:
        reader.drained.set()
        reader.left.set()
    await asyncio.wait_for(asyncio.gather(*tasks), 5)


async def test_a_full_socket_holds_up_only_its_own_reader_and_loses_nothing():
    slow, quick = Reader(), Reader()
    tasks = await open_streams(slow, quick)
    slow.drained.clear()  # its socket is full from the next write on

    slow.sub.offer(frame(1))
    quick.sub.offer(frame(1))
    await written(slow, 1)
    await written(quick, 1)
    for number in range(2, 6):  # while the slow reader's write waits
        slow.sub.offer(frame(number))
        quick.sub.offer(frame(number))
        await written(quick, number)
    assert b"id: 2\n" not in slow.received  # queued behind the write its socket holds

    writes_before = len(slow.bodies)
    slow.drained.set()
    await written(slow, 5)
    assert len(slow.bodies) == writes_before + 1  # what queued went out as one write
    assert slow.received == quick.received  # the same frames, in the same order
    await close_streams((slow, quick), tasks)


async def test_a_reader_too_far_behind_is_ended_and_the_others_go_on():
    slow, quick = Reader(), Reader()
    tasks = await open_streams(slow, quick)
    slow.drained.clear()
    slow.sub.offer(frame(1))
    await written(slow, 1)
    for number in range(2, QUEUE_SIZE + 3):
        slow.sub.offer(frame(number))
        quick.sub.offer(frame(number))
        if number % 100 == 0:  # the quick reader's socket takes them as they come
            await written(quick, number)
    assert slow.sub.ended  # it reconnects with Last-Event-ID, as browsers do
    await written(quick, QUEUE_SIZE + 2)
    assert not quick.sub.ended
    slow.drained.set()
    await until(lambda: slow.bodies[-1] == b"", "the slow response completed", interval=0.005)
    assert b"id: 2\n" not in slow.received  # what it had queued was dropped, not sent late
    await close_streams((slow, quick), tasks)


def batch(*numbers: int) -> Batch:
    return Batch.of([frame(n) for n in numbers])


async def test_one_read_of_the_log_goes_to_each_reader_as_one_shared_write():
    first, second = Reader(), Reader()
    tasks = await open_streams(first, second)
    for reader in (first, second):
        reader.sub.last_id = 10
    news = batch(11, 12, 13)
    writes_before = len(first.bodies)
    first.sub.offer_batch(news, through=14)  # 14: an event no longer true, not sent
    second.sub.offer_batch(news, through=14)
    await written(first, 13)
    await written(second, 13)
    assert len(first.bodies) == writes_before + 1
    assert first.bodies[-1] is second.bodies[-1] is news.frames  # encoded once, not per reader
    assert first.sub.last_id == second.sub.last_id == 14
    await close_streams((first, second), tasks)


async def test_a_reader_who_joined_while_the_log_was_read_gets_only_what_it_lacks():
    reader = Reader()
    tasks = await open_streams(reader)
    reader.sub.last_id = 12  # its replay on subscribing ended at 12
    reader.sub.offer_batch(batch(11, 12, 13, 14), through=14)
    await written(reader, 14)
    assert b"id: 11\n" not in reader.received and b"id: 12\n" not in reader.received
    assert reader.received.count(b"id: 13\n") == 1
    reader.sub.offer_batch(None, through=20)  # nothing for its base URL in this read
    assert reader.sub.last_id == 20
    await close_streams((reader,), tasks)


async def test_the_cap_on_a_slow_reader_counts_events_not_writes():
    slow = Reader()
    tasks = await open_streams(slow)
    slow.drained.clear()
    slow.sub.offer(frame(1))
    await written(slow, 1)
    half = QUEUE_SIZE // 2
    slow.sub.offer_batch(batch(*range(2, 2 + half)), through=1 + half)
    assert not slow.sub.ended
    slow.sub.offer_batch(batch(*range(2 + half, 3 + QUEUE_SIZE)), through=2 + QUEUE_SIZE)
    assert slow.sub.ended  # QUEUE_SIZE + 1 events behind, in two reads of the log
    slow.drained.set()
    await until(lambda: slow.bodies[-1] == b"", "the slow response completed", interval=0.005)
    await close_streams((slow,), tasks)
