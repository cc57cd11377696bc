"""A running server under test, whatever it is (Parley, Isso or the ceiling)."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import procs


@dataclass
class Launch:
    """How a server was started, so that it can be started again the same way."""

    name: str
    argv: list[str]
    env: dict[str, str]
    cwd: Path
    health: str  # path answered once it is up


@dataclass
class Server:
    name: str  # e.g. "parley-sqlite", "isso", "ceiling"
    kind: str  # "parley" | "isso" | "ceiling"
    base: str
    proc: subprocess.Popen[bytes]
    launch: Launch
    info: dict[str, str] = field(default_factory=dict)
    # Isso's sync workers keep serving requests wrk left queued (a minute of work on the
    # 1,000-comment thread); restarting it on the same database is faster than draining.
    restart_when_busy: bool = False
    restarts: int = 0
    # Before each run of the fresh POST case: back to the seeded data set, a new process.
    fresh_start: Callable[[], None] | None = None

    @property
    def label(self) -> str:
        return self.info.get("label", self.name)

    def memory(self) -> procs.Memory:
        return procs.group_memory(self.proc.pid)

    def settle(self) -> None:
        """Make sure nothing is left running from the previous run."""
        if procs.quiesce(self.proc, limit=3 if self.restart_when_busy else 90):
            return
        if self.restart_when_busy:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
            procs.stop(self.proc)
            self.proc = launch(self.launch)
            self.restarts += 1
            procs.quiesce(self.proc, limit=10)

    def stop(self) -> None:
        procs.stop(self.proc)

    def restart_on_postgres_copy(self, copy: str, database: str) -> None:
        """Stop, make the PostgreSQL database anew from `copy`, start again the same way."""
        from .parley import copy_postgres_database

        procs.stop(self.proc)
        copy_postgres_database(copy, database)
        self.proc = launch(self.launch)
        self.restarts += 1
        procs.quiesce(self.proc, limit=10)

    def restart_on_copy(self, copy: Path, database: Path) -> None:
        """Stop, put the SQLite file back as `copy_sqlite` kept it, start again the same way."""
        procs.stop(self.proc)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        copy_sqlite(copy, database)
        self.proc = launch(self.launch)
        self.restarts += 1
        procs.quiesce(self.proc, limit=10)


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database, even while its server has it open (the backup
    API, whatever the journal mode)."""
    target.unlink(missing_ok=True)
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def launch(spec: Launch) -> subprocess.Popen[bytes]:
    proc = procs.start(spec.name, spec.argv, spec.env, spec.cwd)
    port = spec.argv[spec.argv.index("--port") + 1] if "--port" in spec.argv else None
    if port is None:  # gunicorn: -b 127.0.0.1:PORT
        port = spec.argv[spec.argv.index("-b") + 1].rsplit(":", 1)[1]
    procs.wait_http(f"http://127.0.0.1:{port}{spec.health}", proc, spec.name)
    return proc
