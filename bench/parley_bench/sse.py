"""Server-sent events (issue 15): idle subscribers one process holds, and the delay from a POST
on one process to the event at another, under load. Skipped when the endpoint is absent."""

from __future__ import annotations

import asyncio
import contextlib
import re
import secrets
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import httpx

from . import procs, wrk
from .common import BENCH, ORIGIN, POST_THREAD, SITE, WORK, log
from .parley import (
    Database,
    create_site,
    drop_database,
    openapi,
    postgres_available,
    postgres_database,
    sqlite_database,
    start_parley,
)
from .servers import Server

SSE_THREAD = "/posts/live"
PROBE = re.compile(rb"sse-probe-(\d+)-")


@dataclass
class Level:
    target: int
    open: int  # streams still open after the settle time
    failed: int  # streams refused or closed
    memory: procs.Memory
    seconds: float  # time to open this level's new streams


@dataclass
class SseReport:
    skipped: str | None = None
    baseline: procs.Memory | None = None
    levels: list[Level] = field(default_factory=list)
    live_check: str = ""
    delays_ms: list[float] = field(default_factory=list)  # from sending the POST
    after_commit_ms: list[float] = field(default_factory=list)  # from the POST's answer
    expected_deliveries: int = 0
    delay_setup: str = ""
    notes: list[str] = field(default_factory=list)


def events_path(url: str) -> str:
    return f"/api/v1/sites/{SITE}/events?" + urlencode({"url": ORIGIN + url})


def source_ip(i: int) -> str:
    """A distinct loopback address per stream (127.1.0.1 …), so a per-IP cap on open streams
    limits each simulated reader, not the benchmark."""
    return f"127.{1 + i // 62500}.{(i // 250) % 250}.{i % 250 + 1}"


class Stream:
    """One raw HTTP/1.1 text/event-stream connection, read by a background task."""

    def __init__(self, on_event: asyncio.Queue[tuple[bytes, float]] | None = None) -> None:
        self.on_event = on_event
        self.closed = False
        self.writer: asyncio.StreamWriter | None = None
        self.task: asyncio.Task[None] | None = None

    async def open(self, host: str, port: int, path: str, local_ip: str) -> bool:
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(host, port, local_addr=(local_ip, 0)), 30
            )
            self.writer = writer
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n"
                f"Origin: {ORIGIN}\r\nCache-Control: no-cache\r\n\r\n".encode()
            )
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            self.closed = True
            return False
        if not head.startswith(b"HTTP/1.1 200"):
            self.closed = True
            writer.close()
            return False
        # The head comes before the subscription is in place; ": ready" says it is (events
        # committed before it are not this reader's: a new reader starts from now).
        try:
            early = await asyncio.wait_for(reader.readuntil(b": ready"), 60)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            self.closed = True
            writer.close()
            return False
        self.task = asyncio.create_task(self._read(reader, early))
        return True

    async def _read(self, reader: asyncio.StreamReader, early: bytes = b"") -> None:
        buffer = early.replace(b"\r\n", b"\n")
        try:
            while chunk := await reader.read(65536):
                if self.on_event is None:
                    continue
                # Lines may end in CRLF; the chunked framing's size lines stay in (harmless:
                # only the probe marker inside an event's data is looked for).
                buffer += chunk.replace(b"\r\n", b"\n")
                while b"\n\n" in buffer:
                    event, buffer = buffer.split(b"\n\n", 1)
                    await self.on_event.put((event, time.perf_counter()))
        except OSError:
            pass
        self.closed = True

    def close(self) -> None:
        if self.task:
            self.task.cancel()
        if self.writer:
            self.writer.close()


async def _open_many(
    streams: list[Stream], server: Server, path: str, first: int, count: int
) -> int:
    split = urlsplit(server.base)
    host, port = split.hostname or "127.0.0.1", split.port or 80
    limit = asyncio.Semaphore(200)

    async def one(i: int) -> bool:
        async with limit:
            stream = Stream()
            streams.append(stream)
            return await stream.open(host, port, path, source_ip(first + i))

    results = await asyncio.gather(*(one(i) for i in range(count)))
    return sum(1 for ok in results if not ok)


async def _capacity(server: Server, levels: list[int], settle: float, report: SseReport) -> None:
    streams: list[Stream] = []
    path = events_path(SSE_THREAD)
    try:
        for target in levels:
            t0 = time.monotonic()
            await _open_many(streams, server, path, len(streams), target - len(streams))
            opened = time.monotonic() - t0
            await asyncio.sleep(settle)
            alive = sum(1 for s in streams if not s.closed)
            memory = server.memory()
            report.levels.append(Level(target, alive, len(streams) - alive, memory, opened))
            log(f"sse: {alive:,}/{target:,} idle streams open, server {memory}")
            if alive < target * 0.5:
                report.notes.append(f"stopped at {target:,}: fewer than half the streams open")
                break
        # Are the idle streams live? One comment must reach every open one.
        queue: asyncio.Queue[tuple[bytes, float]] = asyncio.Queue()
        for s in streams:
            s.on_event = queue
        marker = f"sse-probe-0-{secrets.token_hex(4)}"
        await asyncio.to_thread(_post, server, SSE_THREAD, marker)
        got, deadline = 0, time.monotonic() + 15
        open_now = sum(1 for s in streams if not s.closed)
        while got < open_now and time.monotonic() < deadline:
            with contextlib.suppress(TimeoutError):
                event, _ = await asyncio.wait_for(queue.get(), 1)
                got += marker.encode() in event
        report.live_check = (
            f"one comment posted after the last level reached {got:,} of {open_now:,} open "
            "streams within 15 s"
        )
        log(f"sse: {report.live_check}")
    finally:
        for s in streams:
            s.close()


def post_probe(
    base: str, url: str, marker: str, client: httpx.Client | None = None
) -> httpx.Response:
    """POST a comment to the post at `url` (a path on the bench's origin) whose body carries
    `marker`, for a reader to recognise the event it causes. Pass a `client` when posting often:
    a new one per request builds a TLS context each time (tens of ms of the bench's CPU)."""
    return (client or httpx).post(
        f"{base}/api/v1/sites/{SITE}/comments",
        json={
            "url": ORIGIN + url,
            "title": "Live post",
            "body": f"Probe comment {marker} for the live-updates benchmark.",
            "author_name": "SSE Probe",
            "author_email": "probe@example.org",
        },
        headers={"Origin": ORIGIN},
        timeout=30,
    )


def _post(server: Server, url: str, marker: str) -> tuple[float, float]:
    """POST a comment whose body carries `marker`; returns when it was sent and answered."""
    sent = time.perf_counter()
    r = post_probe(server.base, url, marker)
    if r.status_code != 201:
        raise RuntimeError(f"probe POST failed: {r.status_code} {r.text[:200]}")
    return sent, time.perf_counter()


async def _delays(
    writer: Server, reader: Server, subscribers: int, seconds: int, report: SseReport
) -> None:
    queue: asyncio.Queue[tuple[bytes, float]] = asyncio.Queue()
    streams = [Stream(queue) for _ in range(subscribers)]
    split = urlsplit(reader.base)
    host, port = split.hostname or "127.0.0.1", split.port or 80
    opened = await asyncio.gather(
        *(s.open(host, port, events_path(SSE_THREAD), source_ip(i)) for i, s in enumerate(streams))
    )
    if not all(opened):
        report.notes.append(f"delay: only {sum(opened)} of {subscribers} subscribers connected")
    token = secrets.token_hex(4)
    sent: dict[int, tuple[float, float]] = {}
    load = [
        wrk.argv(f"{writer.base}/api/v1/sites/{SITE}/comments", seconds + 2, _post_script(), 16),
        wrk.argv(
            f"{reader.base}/api/v1/sites/{SITE}/comments?"
            + urlencode({"url": ORIGIN + SSE_THREAD, "limit": 50}),
            seconds + 2,
            None,
            16,
        ),
    ]
    loaders = [subprocess.Popen(a, stdout=subprocess.PIPE, text=True) for a in load]  # noqa: ASYNC220
    try:
        await asyncio.sleep(1)
        n, t_end = 0, time.monotonic() + seconds
        while time.monotonic() < t_end:
            n += 1
            sent[n] = await asyncio.to_thread(_post, writer, SSE_THREAD, f"sse-probe-{n}-{token}")
            await asyncio.sleep(0.2)
        report.expected_deliveries = n * sum(opened)
        deadline = time.monotonic() + 10  # deliveries later than this count as lost
        while len(report.delays_ms) < report.expected_deliveries and time.monotonic() < deadline:
            with contextlib.suppress(TimeoutError):
                event, at = await asyncio.wait_for(queue.get(), 0.5)
                m = PROBE.search(event)
                if m and token.encode() in event and int(m.group(1)) in sent:
                    posted, answered = sent[int(m.group(1))]
                    report.delays_ms.append((at - posted) * 1000)
                    report.after_commit_ms.append((at - answered) * 1000)
        rates = []
        for proc in loaders:
            out, _ = proc.communicate(timeout=seconds + 60)
            with contextlib.suppress(ValueError):
                rates.append(f"{wrk.parse(out).rps:,.0f} req/s")
        report.delay_setup = (
            f"{subscribers} subscribers on process B; a probe comment POSTed on process A every "
            f"0.2 s for {seconds} s while wrk -c16 POSTs comments to another thread on A and "
            f"reads the live thread on B ({' and '.join(rates)}); delay = from sending the "
            "probe POST to the event at a subscriber"
        )
    finally:
        for proc in loaders:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        for s in streams:
            s.close()


def _post_script() -> list[str]:
    return [str(BENCH / "post.lua"), "parley", ORIGIN + POST_THREAD, ORIGIN]


def _bring_up(name: str, db: Database, admin_token: str, env: dict[str, str], site: bool) -> Server:
    server = start_parley(name, db, admin_token, workers=1, extra_env=env)
    if site:
        create_site(server, admin_token)
        _post(server, SSE_THREAD, "first")
        _post(server, POST_THREAD, "first")
    return server


def run(
    admin_token: str, levels: list[int], delay_seconds: int, redis_url: str | None
) -> SseReport:
    report = SseReport()
    env = {"PARLEY_ACCESS_LOG": "false"}
    one = _bring_up("parley-sse", sqlite_database(WORK / "sse.db"), admin_token, env, True)
    try:
        if not _has_events(one):
            report.skipped = (
                "`GET /api/v1/sites/{site}/events` is not in this build's OpenAPI document "
                "(issue 15 not merged yet)"
            )
            log(f"sse: skipped — {report.skipped}")
            return report
        report.baseline = one.memory()
        asyncio.run(_capacity(one, levels, 3.0, report))
    finally:
        one.stop()
    why = postgres_available()
    if why:
        report.notes.append(f"delay across processes skipped: PostgreSQL unavailable ({why})")
        return report
    db = postgres_database()
    servers: list[Server] = []
    try:
        fanout = {"PARLEY_REDIS_URL": redis_url} if redis_url else {}
        servers.append(_bring_up("parley-sse-a", db, admin_token, {**env, **fanout}, True))
        servers.append(_bring_up("parley-sse-b", db, admin_token, {**env, **fanout}, False))
        report.notes.append(
            "fan-out across processes through "
            + ("Redis pub/sub" if redis_url else "PostgreSQL LISTEN/NOTIFY")
        )
        asyncio.run(_delays(servers[0], servers[1], 50, delay_seconds, report))
    finally:
        for server in servers:
            server.stop()
        drop_database(db)
    return report


def _has_events(server: Server) -> bool:
    return any(p.startswith("/api/v1/sites/{site_id}/events") for p in openapi(server)["paths"])


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]
