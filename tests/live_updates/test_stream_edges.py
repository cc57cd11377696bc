"""Issue 23 item 9: a non-ASCII Last-Event-ID was a 500; the per-process stream cap was checked
twice (in the route and again inside the stream), so of many streams opened at once some got a
200 and then an aborted body with a traceback."""

import asyncio
import logging
import re
import socket

import httpx
import pytest
from fastapi import FastAPI

from app.live.runtime import Live
from tests.builders import POST_URL, SITE_ID, SITE_ORIGIN, post_comment
from tests.conftest import make_settings
from tests.live_updates.sse import open_stream
from tests.parts import part
from tests.waiting import until

EVENTS = f"/api/v1/sites/{SITE_ID}/events"


class TestLastEventId:
    @pytest.mark.parametrize("value", [b"\xb2", b"\xc2\xb2", b"12\xb2", b"-1", b"1e3"])
    async def test_an_id_that_is_not_ascii_digits_is_ignored(self, served, site, value: bytes):
        # Raw bytes on the wire: httpx itself cannot hold a header value that is not ASCII.
        url = httpx.URL(served)
        reader, writer = await asyncio.open_connection(url.host, url.port)
        try:
            target = httpx.URL(EVENTS, params={"url": POST_URL}).raw_path
            writer.write(
                b"GET " + target + b" HTTP/1.1\r\nHost: " + url.netloc + b"\r\n"
                b"Accept: text/event-stream\r\nLast-Event-ID: " + value + b"\r\n\r\n"
            )
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            assert head.startswith(b"HTTP/1.1 200 "), head
            body = b""
            while b": ready" not in body:
                body += await asyncio.wait_for(reader.read(1024), 10)
        finally:
            writer.close()

    async def test_a_superscript_digit_in_the_query_is_ignored(self, served, site):
        async with httpx.AsyncClient(base_url=served, timeout=10) as client:
            query = {"url": POST_URL, "last_event_id": "\u00b2"}
            async with client.stream("GET", EVENTS, params=query) as response:
                assert response.status_code == 200
                async for line in response.aiter_lines():
                    assert line == ": ready"
                    break


class TestProcessCap:
    CAP = 3

    @pytest.fixture
    def settings(self, database_url, tmp_path):
        return make_settings(
            database_url, tmp_path, live_max_streams=self.CAP, live_max_streams_per_ip=100
        )

    async def test_many_streams_at_once_are_200_with_a_stream_or_503_before_it(
        self, app: FastAPI, served: str, site, caplog: pytest.LogCaptureFixture
    ):
        outcomes: list[str] = []
        release = asyncio.Event()

        async def reader(client: httpx.AsyncClient) -> None:
            headers = {"Accept": "text/event-stream", "Origin": SITE_ORIGIN}
            async with client.stream(
                "GET", EVENTS, params={"url": POST_URL}, headers=headers
            ) as response:
                if response.status_code != 200:
                    assert response.status_code == 503, response.status_code
                    assert response.headers["content-type"] == "application/problem+json"
                    assert int(response.headers["Retry-After"]) > 0
                    assert (await response.aread()) and response.json()["status"] == 503
                    outcomes.append("refused")
                    return
                # The line iterator stays referenced while the stream is held: a loop left with
                # `break` drops it, and its finalizer closes the connection (the server then
                # sees a disconnect and gives the place to a later request).
                lines = response.aiter_lines()
                assert await anext(lines) == ": ready"  # the first line, never an aborted body
                outcomes.append("streaming")
                await release.wait()

        limits = httpx.Limits(max_connections=None)
        timeout = httpx.Timeout(20, read=None)
        with caplog.at_level(logging.ERROR):
            async with httpx.AsyncClient(base_url=served, limits=limits, timeout=timeout) as c:
                tasks = [asyncio.create_task(reader(c)) for _ in range(20)]

                def all_answered() -> bool:
                    for task in tasks:
                        if task.done() and task.exception() is not None:
                            raise task.exception()  # type: ignore[misc]
                    return len(outcomes) >= 20

                await until(all_answered, "all 20 readers to be streaming or refused", within=60)
                release.set()
                await asyncio.gather(*tasks)
        assert outcomes.count("streaming") == self.CAP
        assert outcomes.count("refused") == 20 - self.CAP
        assert not [r for r in caplog.records if r.exc_info], "no traceback in the log"
        await until(
            lambda: part(app, Live).hub.count == 0, "closed streams to give their places back"
        )


class TestPerAddressCap:
    @pytest.fixture
    def settings(self, database_url, tmp_path):
        return make_settings(database_url, tmp_path, live_max_streams_per_ip=1)

    async def test_refused_with_retry_after(self, served, http, site):
        async with open_stream(served, SITE_ID, POST_URL):
            refused = await http.get(EVENTS, params={"url": POST_URL})
        assert refused.status_code == 429
        assert refused.json()["type"] == "/problems/too-many-streams"
        assert int(refused.headers["Retry-After"]) > 0


class TestHead:
    """HEAD was 405 (the route was GET only): it answers as GET, without a body or a stream."""

    @pytest.fixture
    def settings(self, database_url, tmp_path):
        return make_settings(database_url, tmp_path, live_max_streams_per_ip=1)

    async def test_head_answers_like_get_without_a_body(self, app: FastAPI, served, http, site):
        for _ in range(3):  # more than the address may hold: HEAD keeps no place
            response = await http.head(EVENTS, params={"url": POST_URL})
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            assert response.headers["cache-control"] == "no-store"
            assert response.content == b""
        assert part(app, Live).hub.count == 0
        async with open_stream(served, SITE_ID, POST_URL):
            pass

    async def test_head_of_an_unknown_site_is_404_without_a_body(self, http, site):
        response = await http.head("/api/v1/sites/nope/events", params={"url": POST_URL})
        assert response.status_code == 404
        assert response.content == b""


class TestSlowReader:
    """Writes are made by one flush per burst, and what waits for a reader goes out together: a
    reader that stops reading loses nothing and gets its events in order, while the others go
    on. (The kernel buffers up to 4 MB per socket here, so these 40 comments (~0.8 MB) do not
    reach the server's flow control; 250 comments would, at minutes per run.)"""

    COMMENTS = 40

    async def test_a_reader_that_stopped_reading_gets_every_event_in_order_once_it_reads(
        self, served, http, site
    ):
        await post_comment(http, "First")
        url = httpx.URL(served)
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # fills after a few events
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, (url.host, url.port))
        reader, writer = await asyncio.open_connection(sock=sock, limit=1024)
        try:
            target = httpx.URL(EVENTS, params={"url": POST_URL}).raw_path
            writer.write(
                b"GET " + target + b" HTTP/1.1\r\nHost: " + url.netloc + b"\r\n"
                b"Accept: text/event-stream\r\n\r\n"
            )
            received = b""
            while b": ready" not in received:
                received += await asyncio.wait_for(reader.read(1024), 10)
            # This reader now stops reading, while another reads on and gets every comment.
            async with open_stream(served, SITE_ID, POST_URL) as other:
                for n in range(self.COMMENTS):
                    await post_comment(http, f"Slow {n} " + "x" * 9000)
                for n in range(self.COMMENTS):
                    assert f"Slow {n} " in (await other.next(within=30)).json()["body_html"]
            while received.count(b"event: comment.created") < self.COMMENTS:
                received += await asyncio.wait_for(reader.read(65536), 30)
        finally:
            writer.close()
        order = [int(n) for n in re.findall(rb"Slow (\d+) ", received)]
        assert sorted(set(order)) == list(range(self.COMMENTS))
        assert order == sorted(order), "in the order they were posted"
