"""wrk runs and their parsed figures."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from . import procs
from .common import log
from .servers import Server

THREADS = 2
CONNECTIONS = 32
TIMEOUT = "30s"
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def to_ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not m:
        raise ValueError(f"unparsable wrk duration {text!r}")
    return float(m.group(1)) * UNITS[m.group(2)]


@dataclass
class WrkRun:
    rps: float
    p50: float
    p99: float
    requests: int
    non2xx: int
    socket_errors: int
    timeouts: int
    foreign: float = 0.0  # CPU cores used by processes other than this server and wrk
    cpu_ms: float = 0.0  # the server's processes' CPU (user + system) per completed request


def _search(pattern: str, out: str) -> re.Match[str]:
    m = re.search(pattern, out)
    if m is None:
        raise ValueError(f"wrk output without {pattern!r}:\n{out}")
    return m


def parse(out: str) -> WrkRun:
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return WrkRun(
        rps=float(_search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50=to_ms(_search(r"\s50%\s+(\S+)", out).group(1)),
        p99=to_ms(_search(r"\s99%\s+(\S+)", out).group(1)),
        requests=int(_search(r"(\d+) requests in", out).group(1)),
        non2xx=int(non2xx.group(1)) if non2xx else 0,
        socket_errors=sum(int(x) for x in errors.groups()[:3]) if errors else 0,
        timeouts=int(errors.group(4)) if errors else 0,
    )


@dataclass
class Measure:
    server: str
    runs: list[WrkRun]
    duration: int
    memory: procs.Memory | None = None  # the server's processes right after the case
    notes: list[str] = field(default_factory=list)

    @property
    def median(self) -> WrkRun:
        ordered = sorted(self.runs, key=lambda r: r.rps)
        return ordered[len(ordered) // 2]

    @property
    def errors(self) -> int:
        return sum(r.non2xx + r.socket_errors + r.timeouts for r in self.runs)

    @property
    def problems(self) -> str:
        bad = [f"{r.non2xx} non-2xx" for r in self.runs if r.non2xx]
        bad += [f"{r.socket_errors} socket errors" for r in self.runs if r.socket_errors]
        bad += [f"{r.timeouts} timeouts" for r in self.runs if r.timeouts]
        return ", ".join(bad)


def argv(url: str, duration: int, script: list[str] | None, connections: int) -> list[str]:
    args = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{duration}s", "--latency"]
    args += ["--timeout", TIMEOUT]
    return [*args, "-s", script[0], url, "--", *script[1:]] if script else [*args, url]


def run(
    server: Server,
    url: str,
    duration: int,
    runs: int,
    script: list[str] | None = None,
    connections: int = CONNECTIONS,
    before_each: Callable[[], None] | None = None,
) -> Measure:
    """`runs` wrk runs against an idle server; CPU used by anything else is recorded.
    `before_each` (e.g. a restart on the seeded data) runs before every run."""
    command = argv(url, duration, script, connections)
    results = []
    hz = os.sysconf("SC_CLK_TCK")
    for _ in range(runs):
        if before_each is not None:
            before_each()
        server.settle()
        busy0, srv0 = procs.machine_busy_ticks(), procs.group_cpu_ticks(server.proc.pid)
        wrk0, t0 = procs.children_cpu_seconds(), time.monotonic()
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        busy = (procs.machine_busy_ticks() - busy0) / hz
        srv = (procs.group_cpu_ticks(server.proc.pid) - srv0) / hz
        used_by_wrk = procs.children_cpu_seconds() - wrk0
        result = parse(out)
        result.foreign = max(0.0, (busy - srv - used_by_wrk) / (time.monotonic() - t0))
        result.cpu_ms = srv * 1000 / result.requests if result.requests else 0.0
        results.append(result)
        log(
            f"  {server.name:16s} {result.rps:10.1f} req/s  p50 {result.p50:8.2f} ms  "
            f"p99 {result.p99:8.2f} ms  CPU {result.cpu_ms:.2f} ms/req  "
            f"other load {result.foreign:.2f} cores"
            + (f"  ({result.non2xx} non-2xx)" if result.non2xx else "")
        )
    memory = server.memory()
    server.settle()
    return Measure(server.name, results, duration, memory)
