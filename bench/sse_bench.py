"""Live streams (issue 24 item 5): memory per idle event stream, and a "busy post".

    .venv/bin/python bench/sse_bench.py [--levels 1000,10000] [--busy-seconds 20]
        [--posts-per-second 20] [--reads-per-second 1000] [--clients 2] [--skip-busy]
        [--threads 1] [--workers 1 [--redis-url redis://…]]

Parley (`python -m app.serve --workers N`, SQLite; with `--redis-url` news reaches every worker
through Redis at once, without it other workers poll every 2 s) on loopback. Readers live in
`--clients` processes of their own (uvloop, one asyncio Protocol per stream, no task per
stream), each stream from its own loopback address (127.x.y.z). Everything is bounded: the
levels given, `--busy-seconds` of load, then at most `DRAIN_SECONDS` for deliveries.

0. The ceiling (unless `--skip-busy`): one plain `socket.send` to each of as many loopback
   connections, read by the same number of client processes, with no app: the kernel's CPU per
   write, the floor under any fan-out on this machine.
1. Idle: the server's RSS (all its processes, /proc smaps_rollup) after a warm-up, then with
   each level of idle streams open, once the server's CPU is quiet; KB per stream = growth /
   streams. One comment then must reach every open stream.
2. Busy (the last level's streams stay open; all on one thread, the worst case, or spread
   round-robin over `--threads` threads): a comment is POSTed to a thread (a random one of them)
   `--posts-per-second` times a second, each carrying a probe number, while another process
   reads a thread's first page `--reads-per-second` times a second (0: no reads) on keep-alive
   connections, each paced at 10 a second on a fixed schedule (so 100 for 1,000/s: readers are
   many, and a server that holds its loop for a while is still offered the whole rate).
   Delay = from the POST's answer (seen by the poster) to the event's bytes at a reader, for
   every (post, reader) pair; p50/p99/max, lost deliveries, errors, the server's RSS each
   second, the reads' latency, the cores it used, its CPU per delivery (from the load's start
   until every delivery arrived: posts and reads included, so an upper bound), and the load
   average at the start and end (the machine may be shared). The load clients share the
   machine's cores with the server: their CPU is reported so that a saturated client is visible.

The open-file limit is raised here (resource.setrlimit, inherited by the server and clients),
not in the app.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing as mp
import os
import random
import resource
import secrets
import statistics
import sys
import threading
import time
from array import array
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]

from parley_bench import procs  # noqa: E402
from parley_bench.common import ORIGIN, SITE, WORK, log, set_app_root  # noqa: E402
from parley_bench.parley import create_site, sqlite_database, start_parley  # noqa: E402
from parley_bench.sse import post_probe, source_ip  # noqa: E402

THREAD = "/posts/live"
DRAIN_SECONDS = 10.0  # after the load: deliveries later than this count as lost (default)
OPEN_CONCURRENCY = 100  # connections being opened at once, per client process
MARK = b"sse-probe-"


def clock() -> float:
    """CLOCK_MONOTONIC: one clock for every process of the machine."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def thread_url(k: int, threads: int) -> str:
    """The post of thread `k` of `threads` (the one-thread case keeps its old URL)."""
    return THREAD if threads == 1 else f"{THREAD}-{k}"


def events_request(host: str, port: int, url: str) -> bytes:
    path = f"/api/v1/sites/{SITE}/events?" + urlencode({"url": ORIGIN + url})
    return (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n"
        f"Origin: {ORIGIN}\r\nCache-Control: no-cache\r\n\r\n"
    ).encode()


# -- readers (in client processes) -----------------------------------------------------------


class Reader(asyncio.Protocol):
    """One event stream. Looks for `sse-probe-<n>-<token>` in what arrives and notes when."""

    def __init__(self, pool: ReaderPool, thread: int) -> None:
        self.pool = pool
        self.thread = thread
        self.ready: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self.head = b""
        self.tail = b""  # the end of the last chunk (a marker may be split across chunks)
        self.open = False
        self.seen = bytearray()  # a bit per probe number already counted

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if not self.ready.done():
            self.head += data
            if b": ready" in self.head:
                ok = self.head.startswith(b"HTTP/1.1 200")
                self.open = ok
                self.ready.set_result(ok)
                data = self.head[self.head.index(b": ready") :]
            else:
                if b"\r\n\r\n" in self.head and not self.head.startswith(b"HTTP/1.1 200"):
                    self.ready.set_result(False)
                return
        token = self.pool.token
        if token is None:
            return
        # The end of the last chunk goes first: a marker may be cut in two. A probe is counted
        # once per reader, whatever its order (posts sent at once may commit in another order)
        # and however often its number appears in the event.
        text = self.tail + data
        self.tail = text[-64:]
        at, start = clock(), 0
        while (i := text.find(MARK, start)) >= 0:
            start = i + len(MARK)
            end = text.find(b"-", start)
            if end < 0 or text[end + 1 : end + 1 + len(token)] != token:
                continue
            number = text[start:end]
            if not number.isdigit():
                continue
            n = int(number)
            byte, bit = divmod(n, 8)
            if byte >= len(self.seen):
                self.seen.extend(bytes(byte + 1 - len(self.seen)))
            if self.seen[byte] >> bit & 1:
                continue
            self.seen[byte] |= 1 << bit
            self.pool.seen(n, at)

    def connection_lost(self, _exc: Exception | None) -> None:
        if not self.ready.done():
            self.ready.set_result(False)
        if self.open:
            self.open = False
            self.pool.closed += 1


@dataclass
class ReaderPool:
    host: str
    port: int
    readers: list[Reader] = field(default_factory=list)
    token: bytes | None = None
    arrivals: dict[int, array[float]] = field(default_factory=dict)
    closed: int = 0

    def seen(self, number: int, at: float) -> None:
        self.arrivals.setdefault(number, array("d")).append(at)

    async def open(self, count: int, first: int, threads: int) -> int:
        """Open `count` streams; stream i (from `first`) reads thread i % `threads`."""
        loop = asyncio.get_running_loop()
        requests = [
            events_request(self.host, self.port, thread_url(k, threads)) for k in range(threads)
        ]
        limit = asyncio.Semaphore(OPEN_CONCURRENCY)

        async def one(i: int) -> bool:
            k = i % threads
            async with limit:
                try:
                    _t, reader = await asyncio.wait_for(
                        loop.create_connection(
                            lambda: Reader(self, k),
                            self.host,
                            self.port,
                            local_addr=(source_ip(i), 0),
                        ),
                        30,
                    )
                except (OSError, TimeoutError):
                    return False
                self.readers.append(reader)
                reader.transport.write(requests[k])  # type: ignore[attr-defined]
                try:
                    return await asyncio.wait_for(reader.ready, 60)
                except TimeoutError:
                    return False

        results = await asyncio.gather(*(one(first + i) for i in range(count)))
        return sum(results)

    def still_open(self) -> int:
        return sum(1 for r in self.readers if r.open)

    def open_per_thread(self) -> dict[int, int]:
        out: dict[int, int] = {}
        for r in self.readers:
            if r.open:
                out[r.thread] = out.get(r.thread, 0) + 1
        return out


def client_main(conn: Connection, host: str, port: int) -> None:
    """A reader process: obeys commands from the bench over a pipe."""
    import uvloop

    async def serve() -> None:
        pool = ReaderPool(host, port)
        loop = asyncio.get_running_loop()
        while True:
            command, arg = await loop.run_in_executor(None, conn.recv)
            if command == "open":
                count, first, threads = arg
                opened = await pool.open(count, first, threads)
                conn.send(opened)
            elif command == "arm":
                pool.token = arg.encode() if arg else None
                pool.arrivals.clear()
                for reader in pool.readers:
                    reader.seen = bytearray()
                conn.send(pool.still_open())
            elif command == "threads":
                conn.send(pool.open_per_thread())
            elif command == "report":
                arrivals = {n: a.tobytes() for n, a in pool.arrivals.items()}
                times = os.times()
                conn.send((pool.still_open(), pool.closed, arrivals, times.user + times.system))
            elif command == "close":
                for reader in pool.readers:
                    reader.transport.close()  # type: ignore[attr-defined]
                conn.send(None)
                return

    uvloop.run(serve())


class Clients:
    """The reader processes, driven over pipes."""

    def __init__(self, n: int, host: str, port: int, threads: int = 1) -> None:
        self.threads = threads
        ctx = mp.get_context("spawn")
        self.pipes: list[Connection] = []
        self.procs = []
        for _ in range(n):
            ours, theirs = ctx.Pipe()
            proc = ctx.Process(target=client_main, args=(theirs, host, port), daemon=True)
            proc.start()
            self.pipes.append(ours)
            self.procs.append(proc)
        self.opened = 0

    def ask(self, command: str, args: list[object]) -> list[object]:
        for pipe, arg in zip(self.pipes, args, strict=True):
            pipe.send((command, arg))
        return [pipe.recv() for pipe in self.pipes]

    def open_to(self, total: int) -> int:
        todo = total - self.opened
        share = [
            todo // len(self.pipes) + (i < todo % len(self.pipes)) for i in range(len(self.pipes))
        ]
        firsts, first = [], self.opened
        for count in share:
            firsts.append((count, first, self.threads))
            first += count
        self.opened = total
        return sum(int(n) for n in self.ask("open", firsts))  # type: ignore[call-overload]

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ask("close", [None] * len(self.pipes))
        for proc in self.procs:
            proc.join(10)
            if proc.is_alive():
                proc.kill()


# -- thread reads (a process of its own) ------------------------------------------------------


READS_PER_CONNECTION = 10  # a second: the reads come as from many readers, not a few busy ones


def reads_main(
    conn: Connection, host: str, port: int, rate: float, seconds: float, threads: int
) -> None:
    """GET a thread's first page (a random one of `threads`) `rate` times a second for
    `seconds` on keep-alive connections, each paced at `READS_PER_CONNECTION` a second on a
    fixed schedule (a late answer does not lower the rate offered: the next requests go out at
    once to catch up); sends back (answered, errors, cpu seconds, latencies in ms)."""
    import random

    import uvloop

    requests = []
    for k in range(threads):
        query = urlencode({"url": ORIGIN + thread_url(k, threads), "limit": 50})
        path = f"/api/v1/sites/{SITE}/comments?{query}"
        requests.append(
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nOrigin: {ORIGIN}\r\n\r\n".encode()
        )
    counts = {"ok": 0, "errors": 0}
    latencies: list[float] = []

    async def connection(per_second: float, end: float) -> None:
        await asyncio.sleep(random.random() / per_second)  # the connections' turns spread out
        reader, writer = await asyncio.open_connection(host, port)
        gap, next_at = 1.0 / per_second, clock()
        while clock() < end:
            sent = clock()
            writer.write(random.choice(requests))
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            latencies.append((clock() - sent) * 1000)
            counts["ok" if head.startswith((b"HTTP/1.1 200", b"HTTP/1.1 304")) else "errors"] += 1
            next_at += gap
            await asyncio.sleep(max(0.0, next_at - clock()))
        writer.close()

    async def main() -> None:
        end = clock() + seconds
        n = max(1, round(rate / READS_PER_CONNECTION))
        results = await asyncio.gather(
            *(connection(rate / n, end) for _ in range(n)), return_exceptions=True
        )
        counts["errors"] += sum(1 for r in results if isinstance(r, BaseException))

    uvloop.run(main())
    times = os.times()
    conn.send((counts["ok"], counts["errors"], times.user + times.system, latencies))


# -- the ceiling: the kernel's cost of one write ----------------------------------------------


class _Sink(asyncio.Protocol):
    def data_received(self, data: bytes) -> None:
        pass


def sink_main(port: int, first: int, count: int) -> None:
    """A process holding `count` loopback connections that read and drop what comes."""
    import uvloop

    async def main() -> None:
        loop = asyncio.get_running_loop()
        for i in range(first, first + count):
            await loop.create_connection(_Sink, "127.0.0.1", port, local_addr=(source_ip(i), 0))
        await asyncio.sleep(3600)

    uvloop.run(main())


def write_floor(streams: int, clients: int, size: int = 700, rounds: int = 20) -> dict[str, float]:
    """What one write to each of `streams` loopback sockets costs the writer with no app at all:
    plain `socket.send` of `size` bytes from Python to readers in `clients` uvloop processes (the
    busy run's topology), `rounds` times. On loopback the writer's syscall also runs the
    receiving side's TCP path; that is the floor under any server's fan-out here."""
    import socket

    listener = socket.create_server(("127.0.0.1", 0), backlog=4096)
    port = listener.getsockname()[1]
    ctx = mp.get_context("spawn")
    share = streams // clients
    sinks = [
        ctx.Process(target=sink_main, args=(port, k * share, share), daemon=True)
        for k in range(clients)
    ]
    for proc in sinks:
        proc.start()
    conns = []
    try:
        listener.settimeout(60)
        while len(conns) < share * clients:
            conn, _ = listener.accept()
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conns.append(conn)
        payload = b"x" * size
        cpu0 = time.process_time()
        for _ in range(rounds):
            for conn in conns:
                conn.send(payload)
            time.sleep(0.05)
        per_write = (time.process_time() - cpu0) / (rounds * len(conns))
    finally:
        for conn in conns:
            conn.close()
        listener.close()
        for proc in sinks:
            proc.kill()
            proc.join(5)
    return {
        "streams": len(conns),
        "bytes_per_write": size,
        "cpu_us_per_write": round(per_write * 1e6, 2),
        "cpu_ms_per_fanout": round(per_write * len(conns) * 1e3, 1),
    }


# -- the bench -------------------------------------------------------------------------------


def post(
    base: str, marker: str, url: str = THREAD, client: httpx.Client | None = None
) -> tuple[int, float]:
    r = post_probe(base, url, marker, client)
    return r.status_code, clock()


def raise_open_files() -> int:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def quiet(server_pid: int) -> None:
    """Until the server's CPU is idle (at most a minute)."""
    deadline = time.monotonic() + 60
    last = procs.group_cpu_ticks(server_pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = procs.group_cpu_ticks(server_pid)
        if now - last <= 2:
            return
        last = now


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=1000, method="inclusive")[round(q * 10) - 1]


def idle(server_pid: int, base: str, clients: Clients, levels: list[int]) -> dict[str, object]:
    out: dict[str, object] = {}
    quiet(server_pid)
    baseline = procs.group_memory(server_pid)
    out["baseline_rss_mb"] = round(baseline.rss_mb, 1)
    log(f"idle: baseline {baseline}")
    rows = []
    for level in levels:
        t0 = clock()
        clients.open_to(level)
        seconds = clock() - t0
        quiet(server_pid)
        open_now = sum(int(n) for n in clients.ask("arm", [None] * len(clients.pipes)))  # type: ignore[call-overload]
        memory = procs.group_memory(server_pid)
        per_stream = (memory.rss_mb - baseline.rss_mb) * 1024 / max(open_now, 1)
        rows.append(
            {
                "streams": level,
                "open": open_now,
                "rss_mb": round(memory.rss_mb, 1),
                "kb_per_stream": round(per_stream, 1),
                "open_seconds": round(seconds, 1),
            }
        )
        log(f"idle: {open_now:,}/{level:,} open, {memory}, {per_stream:.1f} KB per stream")
    token = secrets.token_hex(4)
    clients.ask("arm", [token] * len(clients.pipes))
    for k in range(clients.threads):  # the same probe on every thread: each reader sees one
        status, _ = post(base, f"sse-probe-0-{token}", thread_url(k, clients.threads))
    deadline, reached, open_now = clock() + 30, 0, 0
    while clock() < deadline:
        reports = clients.ask("report", [None] * len(clients.pipes))
        open_now = sum(r[0] for r in reports)  # type: ignore[index]
        reached = sum(len(array("d", r[2].get(0, b""))) for r in reports)  # type: ignore[index]
        if reached >= open_now:
            break
        time.sleep(0.5)
    out["levels"] = rows
    out["live_check"] = (
        f"POST {status}; one comment reached {reached:,} of {open_now:,} open streams"
    )
    log(f"idle: {out['live_check']}")
    return out


def busy(
    server_pid: int, base: str, clients: Clients, args: argparse.Namespace
) -> dict[str, object]:
    host, port = urlsplit(base).hostname or "127.0.0.1", urlsplit(base).port or 80
    threads = clients.threads
    token = secrets.token_hex(4)
    open_at_start = sum(int(n) for n in clients.ask("arm", [token] * len(clients.pipes)))  # type: ignore[call-overload]
    on_thread = [0] * threads
    for counts in clients.ask("threads", [None] * len(clients.pipes)):
        for k, count in counts.items():  # type: ignore[attr-defined]
            on_thread[k] += count
    ctx = mp.get_context("spawn")
    ours, theirs = ctx.Pipe()
    reads = ctx.Process(
        target=reads_main,
        args=(theirs, host, port, args.reads_per_second, args.busy_seconds, threads),
        daemon=True,
    )
    memory: list[float] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(1.0):
            memory.append(round(procs.group_memory(server_pid).rss_mb, 1))

    sampler = threading.Thread(target=sample, daemon=True)
    load_at_start = os.getloadavg()
    cpu0, wall0 = procs.group_cpu_ticks(server_pid), clock()
    if args.reads_per_second > 0:
        reads.start()
    sampler.start()
    # Open loop: each post is sent on time from a pool, whether or not the last one was answered.
    answered: dict[int, float] = {}
    failed: list[int] = []
    thread_of: dict[int, int] = {}
    rng = random.Random(1)

    def one(number: int) -> None:
        url = thread_url(thread_of[number], threads)
        status, at = post(base, f"sse-probe-{number}-{token}", url, poster)
        if status == 201:
            answered[number] = at
        else:
            failed.append(status)

    lateness: list[float] = []
    gap, n, next_at = 1.0 / args.posts_per_second, 0, clock()
    end = clock() + args.busy_seconds
    # One client, its connections kept alive: the poster must not eat the cores it measures.
    poster = httpx.Client(timeout=30, limits=httpx.Limits(max_connections=32))
    with poster, ThreadPoolExecutor(max_workers=32) as pool:
        while clock() < end:
            n += 1
            thread_of[n] = rng.randrange(threads)
            lateness.append(max(0.0, clock() - next_at))
            pool.submit(one, n)
            next_at += gap
            time.sleep(max(0.0, next_at - clock()))
    post_errors = len(failed)
    load_seconds = clock() - wall0
    server_cores = (
        (procs.group_cpu_ticks(server_pid) - cpu0) / os.sysconf("SC_CLK_TCK") / load_seconds
    )
    reads_ok, reads_errors, reads_cpu, read_ms = (
        ours.recv() if args.reads_per_second > 0 else (0, 0, 0.0, [])
    )
    if args.reads_per_second > 0:
        reads.join(30)
    expected = sum(on_thread[thread_of[number]] for number in answered)
    deadline = clock() + args.drain_seconds
    while True:
        reports = clients.ask("report", [None] * len(clients.pipes))
        got = sum(sum(len(v) // 8 for k, v in r[2].items() if k in answered) for r in reports)  # type: ignore[index]
        if got >= expected or clock() > deadline:
            break
        time.sleep(0.5)
    stop.set()
    sampler.join()
    # Server CPU from the start of the load until the last delivery (or the drain's end):
    # posts, reads and deliveries together; per delivery it is an upper bound.
    server_cpu = (procs.group_cpu_ticks(server_pid) - cpu0) / os.sysconf("SC_CLK_TCK")
    delays: list[float] = []
    for r in reports:
        for number, raw in r[2].items():  # type: ignore[index]
            if number in answered:
                delays.extend((t - answered[number]) * 1000 for t in array("d", raw))
    return {
        "threads": threads,
        "readers_per_thread_min_max": [min(on_thread), max(on_thread)],
        "load_average_at_start": [round(x, 2) for x in load_at_start],
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "readers_at_start": open_at_start,
        "readers_at_end": sum(r[0] for r in reports),  # type: ignore[index]
        "streams_closed": sum(r[1] for r in reports),  # type: ignore[index]
        "posts": n,
        # Posts sent per second of load (the pool waits for the last answers before this).
        "posts_per_second": round(n / load_seconds, 1),
        "post_errors": post_errors,
        "poster_max_lateness_ms": round(max(lateness, default=0) * 1000, 1),
        "reads": reads_ok,
        "reads_per_second": round(reads_ok / args.busy_seconds, 1),
        "read_errors": reads_errors,
        "read_ms_p50": round(percentile(read_ms, 50), 1) if read_ms else None,
        "read_ms_p99": round(percentile(read_ms, 99), 1) if read_ms else None,
        "expected_deliveries": expected,
        "deliveries": len(delays),
        "lost": expected - len(delays),
        "delay_ms_p50": round(percentile(delays, 50), 1) if delays else None,
        "delay_ms_p99": round(percentile(delays, 99), 1) if delays else None,
        "delay_ms_max": round(max(delays), 1) if delays else None,
        "server_cores": round(server_cores, 2),
        "server_cpu_seconds_until_drained": round(server_cpu, 2),
        "server_cpu_us_per_delivery": round(server_cpu * 1e6 / max(len(delays), 1), 1),
        "reader_clients_cpu_seconds": [round(r[3], 1) for r in reports],  # type: ignore[index]
        "reads_client_cpu_seconds": round(reads_cpu, 1),
        "server_rss_mb_each_second": memory,
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--levels", default="1000,10000")
    p.add_argument("--clients", type=int, default=2, help="reader processes")
    p.add_argument("--busy-seconds", type=float, default=20)
    p.add_argument("--posts-per-second", type=float, default=20)
    p.add_argument("--reads-per-second", type=float, default=1000)
    p.add_argument("--drain-seconds", type=float, default=DRAIN_SECONDS)
    p.add_argument("--skip-busy", action="store_true")
    p.add_argument("--workers", type=int, default=1, help="server processes (app.serve)")
    p.add_argument(
        "--threads", type=int, default=1, help="threads the readers are spread over (busy run)"
    )
    p.add_argument(
        "--redis-url", help="PARLEY_REDIS_URL for the server (news across --workers at once)"
    )
    p.add_argument("--app-root", type=Path, help="serve another checkout's app/ (A/B runs)")
    p.add_argument("--out", type=Path, default=WORK / "sse_bench.json")
    args = p.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    if args.app_root:
        set_app_root(args.app_root)
    files = raise_open_files()
    log(f"open-file limit raised to {files} for this process and its children")
    env = {
        "PARLEY_ACCESS_LOG": "false",
        "PARLEY_LIVE_MAX_STREAMS": str(max(levels) * 2),
        "PARLEY_LIVE_MAX_STREAMS_PER_IP": str(max(levels) * 2),
    }
    if args.redis_url:
        env["PARLEY_REDIS_URL"] = args.redis_url
    admin = secrets.token_urlsafe(24)
    database = sqlite_database(WORK / "sse-bench.db")
    server = start_parley("parley-sse-bench", database, admin, args.workers, env)
    clients: Clients | None = None
    result: dict[str, object] = {
        "machine_cores": os.cpu_count(),
        "args": vars(args) | {"app_root": str(args.app_root or "")},
    }
    try:
        if not args.skip_busy:
            result["write_floor"] = write_floor(max(levels), args.clients)
            log(f"ceiling: {json.dumps(result['write_floor'])}")
        create_site(server, admin)
        for k in range(args.threads):  # every thread exists before its readers come
            post(server.base, "first", thread_url(k, args.threads))
        host, port = urlsplit(server.base).hostname or "", urlsplit(server.base).port or 0
        clients = Clients(args.clients, host, port)
        # Warm-up: the stream code path and a delivery run once before the baseline.
        clients.open_to(50)
        post(server.base, "warm-up")
        clients.close()
        clients = Clients(args.clients, host, port, args.threads)
        result["idle"] = idle(server.proc.pid, server.base, clients, levels)
        if not args.skip_busy:
            result["busy"] = busy(server.proc.pid, server.base, clients, args)
            log(f"busy: {json.dumps(result['busy'])}")
    finally:
        if clients is not None:
            clients.close()
        server.stop()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, default=str) + "\n")
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
