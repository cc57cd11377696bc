"""Starting and stopping server processes; their CPU time and memory, read from /proc."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from .common import LOGS, log

RUNNING: list[subprocess.Popen[bytes]] = []
_LOGGED: set[str] = set()  # servers whose log this run has started (later starts append)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(name: str, argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    """Start a server in its own session (so its whole group can be killed), logging to a file."""
    LOGS.mkdir(parents=True, exist_ok=True)
    out = (LOGS / f"{name}.log").open("ab" if name in _LOGGED else "wb")
    _LOGGED.add(name)
    proc = subprocess.Popen(
        argv,
        cwd=cwd,
        env={**os.environ, **env},
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    out.close()
    RUNNING.append(proc)
    log(f"started {name} (pid {proc.pid}): {' '.join(argv)}")
    return proc


def stop(proc: subprocess.Popen[bytes], grace: float = 8) -> None:
    """SIGTERM the process group, SIGKILL it after `grace` seconds."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
    # Children left behind after the leader exited (uvicorn/gunicorn workers).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    if proc in RUNNING:
        RUNNING.remove(proc)


def stop_all() -> None:
    for proc in list(RUNNING):
        stop(proc)


def wait_http(url: str, proc: subprocess.Popen[bytes], name: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}; see {LOGS / name}.log")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"{name} did not answer {url} within {timeout} s")


def _proc_table() -> tuple[dict[int, int], dict[int, int]]:
    """pid -> parent pid, pid -> utime+stime ticks, for every process."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
        ticks[int(entry.name)] = int(fields[11]) + int(fields[12])
    return parents, ticks


def group_pids(root_pid: int) -> list[int]:
    """A process and all its descendants."""
    parents, _ = _proc_table()
    found, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += [child for child, parent in parents.items() if parent == pid]
    return found


def group_cpu_ticks(root_pid: int) -> int:
    """utime+stime of a process and all its descendants."""
    parents, ticks = _proc_table()
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += ticks.get(pid, 0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


@dataclass
class Memory:
    rss_mb: float  # sum of the processes' resident sets (shared pages counted once per process)
    pss_mb: float  # proportional set size: shared pages divided among their users
    processes: int

    def __str__(self) -> str:
        return f"{self.rss_mb:.0f} MB RSS / {self.pss_mb:.0f} MB PSS in {self.processes} proc."


def group_memory(root_pid: int) -> Memory:
    rss = pss = 0
    pids = group_pids(root_pid)
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
    return Memory(rss / 1024, pss / 1024, len(pids))


def machine_busy_ticks() -> int:
    """Non-idle CPU time of the whole machine, in clock ticks (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(values[:8]) - values[3] - values[4]  # minus idle and iowait


def children_cpu_seconds() -> float:
    times = os.times()
    return times.children_user + times.children_system


def quiesce(proc: subprocess.Popen[bytes], limit: float = 90) -> bool:
    """Wait until a server has finished work left over from a run (queued requests)."""
    deadline = time.monotonic() + limit
    last = group_cpu_ticks(proc.pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = group_cpu_ticks(proc.pid)
        if now - last <= 2:  # <= 20 ms of CPU in half a second: idle
            return True
        last = now
    return False
