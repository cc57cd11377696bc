"""Parley vs Isso vs a bare ASGI ceiling, in one run, on this machine, with the same data.

Usage: `make bench` (= `uv run python bench/run.py`); see bench/README.md for the options.
Everything listens on 127.0.0.1 only; every server started here is killed on exit, error or not.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / ".work"
LOGS = WORK / "logs"
ISSO_VENV = WORK / "isso-venv"
ISSO_REQUIREMENTS = ["isso==0.14.0", "gunicorn==27.0.1"]

ORIGIN = "https://blog.example.com"
SITE = "bench"
SEED = 20261128
N_COMMENTERS = 300
POST_THREAD = "/posts/bench-post"
BIG_THREAD = "/posts/big"

WRK_THREADS = 2
WRK_CONNECTIONS = 32
WRK_TIMEOUT = "30s"
# RESULTS.md from this line on is written by hand (analysis); a new run keeps it.
KEEP_MARKER = "<!-- analysis below is written by hand; bench/run.py keeps it -->"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --------------------------------------------------------------------------------------------
# Data: identical for both servers, deterministic.
# --------------------------------------------------------------------------------------------

WORDS = [
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "is",
    "it",
    "that",
    "for",
    "on",
    "with",
    "as",
    "this",
    "was",
    "but",
    "be",
    "at",
    "by",
    "not",
    "are",
    "from",
    "or",
    "have",
    "an",
    "they",
    "which",
    "you",
    "one",
    "had",
    "all",
    "their",
    "there",
    "can",
    "what",
    "if",
    "about",
    "would",
    "when",
    "so",
    "more",
    "up",
    "out",
    "some",
    "time",
    "other",
    "into",
    "than",
    "them",
    "then",
    "could",
    "only",
    "new",
    "also",
    "after",
    "use",
    "two",
    "how",
    "our",
    "work",
    "first",
    "well",
    "way",
    "even",
    "because",
    "any",
    "these",
    "most",
    "us",
    "cache",
    "query",
    "thread",
    "server",
    "deploy",
    "latency",
    "index",
    "python",
    "release",
    "migration",
    "config",
    "build",
    "test",
    "markdown",
    "browser",
    "request",
    "response",
    "database",
    "review",
    "patch",
    "commit",
    "branch",
    "docker",
    "proxy",
    "socket",
    "worker",
    "memory",
    "profile",
    "benchmark",
    "compile",
    "install",
    "package",
    "version",
    "really",
    "quite",
    "simply",
    "actually",
    "probably",
    "honestly",
    "clearly",
    "maybe",
    "perhaps",
    "certainly",
    "nice",
    "great",
    "helpful",
    "clever",
    "odd",
    "surprising",
    "useful",
    "confusing",
    "elegant",
    "slow",
    "fast",
    "broken",
    "fixed",
    "stable",
]
FIRST = [
    "Ada",
    "Ben",
    "Chloe",
    "Dev",
    "Emil",
    "Fatima",
    "Gus",
    "Hana",
    "Ivan",
    "Jun",
    "Kofi",
    "Lena",
    "Marta",
    "Nils",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tariq",
    "Uma",
    "Vera",
    "Wei",
    "Xavi",
    "Yara",
    "Zoe",
    "Arjun",
    "Bea",
    "Carlos",
    "Dana",
]
LAST = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Kowalski",
    "Haddad",
    "Novak",
    "Rossi",
    "Silva",
    "Nakamura",
    "Ivanova",
    "Dubois",
    "Schmidt",
    "Garcia",
    "Chen",
    "Patel",
    "Murphy",
    "Jensen",
    "Costa",
    "Fischer",
]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 16))]
    i = rng.randrange(len(words))
    r = rng.random()
    if r < 0.2:
        words[i] = f"**{words[i]}**"
    elif r < 0.4:
        words[i] = f"*{words[i]}*"
    elif r < 0.55:
        words[i] = f"`{words[i]}()`"
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".!?.")


def make_body(rng: random.Random) -> str:
    """A Markdown comment of ~440 bytes on average: paragraphs, lists, quotes, code, one link."""
    target = max(60, min(1400, int(rng.gauss(366, 170))))
    parts: list[str] = []
    linked = False
    while sum(len(p) + 2 for p in parts) < target:
        r = rng.random()
        if r < 0.84:
            parts.append(" ".join(sentence(rng) for _ in range(rng.randint(1, 3))))
        elif r < 0.89:
            parts.append("\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(2, 3))))
        elif r < 0.94:
            parts.append(f"> {sentence(rng)}")
        elif r < 0.97:
            parts.append(f"```\n{rng.choice(WORDS)} = {rng.randint(1, 999)}\n```")
        elif not linked:
            linked = True
            path = "-".join(rng.choice(WORDS) for _ in range(3))
            parts.append(f"{sentence(rng)} See [{rng.choice(WORDS)}](https://example.org/{path}).")
    return "\n\n".join(parts)


@dataclass
class Commenter:
    name: str
    email: str
    website: str | None


@dataclass
class SeedComment:
    parent: int | None  # index of the parent within the thread's comment list
    author: int
    body: str


@dataclass
class SeedThread:
    uri: str  # Isso's key; Parley's URL is ORIGIN + uri
    title: str
    comments: list[SeedComment]


def make_commenters(rng: random.Random) -> list[Commenter]:
    people = []
    for i in range(N_COMMENTERS):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        website = f"https://{name.split()[0].lower()}{i}.example.net" if i % 3 == 0 else None
        people.append(Commenter(name, f"commenter{i}@example.org", website))
    return people


def make_thread(rng: random.Random, uri: str, top: int, replies: int) -> SeedThread:
    comments = [SeedComment(None, rng.randrange(N_COMMENTERS), make_body(rng)) for _ in range(top)]
    comments += [
        SeedComment(rng.randrange(top), rng.randrange(N_COMMENTERS), make_body(rng))
        for _ in range(replies)
    ]
    return SeedThread(uri, f"Post {uri.rsplit('/', 1)[-1]}", comments)


@dataclass
class Dataset:
    commenters: list[Commenter]
    threads: list[SeedThread]  # seeded into both servers
    big: SeedThread | None  # Parley only (first-page check)

    @property
    def count_uris(self) -> list[str]:
        return [t.uri for t in self.threads[:50]]


def make_dataset(big_size: int) -> Dataset:
    rng = random.Random(SEED)
    commenters = make_commenters(rng)
    threads = [make_thread(rng, "/posts/a", 70, 30), make_thread(rng, "/posts/b", 700, 300)]
    threads += [make_thread(rng, f"/posts/p{i:03d}", 4, 1) for i in range(200)]
    big = None
    if big_size:
        top = big_size * 7 // 10
        big = make_thread(rng, BIG_THREAD, top, big_size - top)
    return Dataset(commenters, threads, big)


# --------------------------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------------------------

RUNNING: list[subprocess.Popen[bytes]] = []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(name: str, argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    LOGS.mkdir(parents=True, exist_ok=True)
    out = (LOGS / f"{name}.log").open("wb")
    proc = subprocess.Popen(
        argv,
        cwd=cwd,
        env={**os.environ, **env},
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    RUNNING.append(proc)
    log(f"started {name} (pid {proc.pid}): {' '.join(argv)}")
    return proc


def stop_all() -> None:
    for proc in RUNNING:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 8
    for proc in RUNNING:
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
    RUNNING.clear()


def wait_http(url: str, proc: subprocess.Popen[bytes], name: str, timeout: float = 60) -> None:
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


def group_cpu_ticks(root_pid: int) -> int:
    """utime+stime of a process and all its descendants (from /proc)."""
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
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += ticks.get(pid, 0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


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


# --------------------------------------------------------------------------------------------
# Servers
# --------------------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    base: str
    proc: subprocess.Popen[bytes]
    info: dict[str, str] = field(default_factory=dict)
    # Isso's sync workers keep serving requests wrk left queued (a minute of work on the
    # 1,000-comment thread); restarting it on the same database is faster than draining.
    restart_when_busy: bool = False
    restarts: int = 0

    def settle(self) -> None:
        """Make sure nothing is left running from the previous run."""
        if quiesce(self.proc, limit=3 if self.restart_when_busy else 90):
            return
        if not self.restart_when_busy:
            return
        argv, env, cwd = self.proc.args, self.info["_env"], self.info["_cwd"]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        RUNNING.remove(self.proc)
        self.proc = start(self.name, list(argv), json.loads(env), Path(cwd))  # type: ignore[arg-type]
        wait_http(f"{self.base}/info", self.proc, self.name)
        self.restarts += 1
        quiesce(self.proc, limit=10)


def install_isso() -> dict[str, str]:
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    # uv may be installed only as a module (the Makefile calls `python3 -m uv`).
    uv_path = shutil.which("uv")
    uv = [uv_path] if uv_path else ["python3", "-m", "uv"]
    if not (ISSO_VENV / "bin" / "python").exists():
        subprocess.run([*uv, "venv", "-q", str(ISSO_VENV)], check=True, env=env)
    subprocess.run(
        [
            *uv,
            "pip",
            "install",
            "-q",
            "-p",
            str(ISSO_VENV / "bin" / "python"),
            *ISSO_REQUIREMENTS,
        ],
        check=True,
        env=env,
    )
    out = subprocess.run(
        [
            str(ISSO_VENV / "bin" / "python"),
            "-c",
            "import importlib.metadata as m, sys;"
            "print(m.version('isso'), m.version('gunicorn'), sys.version.split()[0])",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return {"isso": out[0], "gunicorn": out[1], "python": out[2]}


def start_isso() -> Server:
    t0 = time.monotonic()
    versions = install_isso()
    log(f"Isso venv ready in {time.monotonic() - t0:.1f} s: {versions}")
    db = WORK / "isso.db"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    port = free_port()
    cfg = WORK / "isso.cfg"
    cfg.write_text(
        f"""[general]
dbpath = {db}
host = {ORIGIN}
notify = stdout
gravatar = false

[moderation]
enabled = false

[server]
listen = http://127.0.0.1:{port}

[guard]
enabled = true
ratelimit = 1000000
direct-reply = 1000000
reply-to-self = true
require-author = false
require-email = false
"""
    )
    argv = [
        str(ISSO_VENV / "bin" / "gunicorn"),
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        "4",
        "--preload",
        "isso.run",
    ]
    env = {"ISSO_SETTINGS": str(cfg)}
    proc = start("isso", argv, env, WORK)
    base = f"http://127.0.0.1:{port}"
    wait_http(f"{base}/info", proc, "isso")
    info = {**versions, "command": " ".join(argv[1:]), "_env": json.dumps(env), "_cwd": str(WORK)}
    return Server("isso", base, proc, info, restart_when_busy=True)


def parley_versions() -> dict[str, str]:
    import importlib.metadata as m

    names = [
        "fastapi",
        "starlette",
        "pydantic",
        "sqlalchemy",
        "aiosqlite",
        "uvicorn",
        "uvloop",
        "httptools",
    ]
    found = {}
    for name in names:
        with contextlib.suppress(m.PackageNotFoundError):
            found[name] = m.version(name)
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "app", "migrations"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    found["parley"] = commit + (" + uncommitted changes in app/" if dirty else "")
    return found


def parley_command(port: int) -> list[str]:
    """Parley as production serves it: its entry point (migrates, then uvicorn), 2 workers."""
    if (ROOT / "app" / "serve.py").exists():
        return [
            str(ROOT / ".venv" / "bin" / "python"),
            "-m",
            "app.serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
        ]
    return [
        str(ROOT / ".venv" / "bin" / "uvicorn"),
        "--factory",
        "app.main:create_app",
        "--workers",
        "2",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]


def start_parley(admin_token: str) -> Server:
    db = WORK / "parley.db"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    data_dir = WORK / "parley-data"
    shutil.rmtree(data_dir, ignore_errors=True)
    port = free_port()
    env = {
        "PARLEY_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "PARLEY_DATA_DIR": str(data_dir),
        "PARLEY_ADMIN_TOKEN": admin_token,
        "PARLEY_SECRET_KEY": secrets.token_urlsafe(32),
        "PARLEY_WRITE_RATE_LIMIT": "1000000/second",
        "PARLEY_READ_RATE_LIMIT": "1000000/second",
        "PARLEY_ENV": "prod",
    }
    if not (ROOT / "app" / "serve.py").exists():
        subprocess.run(
            [str(ROOT / ".venv" / "bin" / "alembic"), "upgrade", "head"],
            cwd=ROOT,
            env={**os.environ, **env},
            check=True,
            capture_output=True,
        )
    argv = parley_command(port)
    proc = start("parley", argv, env, ROOT)
    base = f"http://127.0.0.1:{port}"
    wait_http(f"{base}/healthz", proc, "parley")
    r = httpx.post(
        f"{base}/api/v1/admin/sites",
        headers={"Authorization": f"Bearer {admin_token}"},
        json={
            "id": SITE,
            "name": "Bench blog",
            "origins": [ORIGIN],
            "moderation": "none",
            "guest_policy": "name_email",
        },
    )
    if r.status_code != 201:
        raise RuntimeError(f"creating the Parley site failed: {r.status_code} {r.text}")
    info = {**parley_versions(), "command": " ".join(argv), "_env": json.dumps(env)}
    return Server("parley", base, proc, info)


CEILING_APP = '''
"""A bare ASGI app answering every path with a fixed body (files written by bench/run.py)."""
import os
from pathlib import Path

BODIES = {"/" + p.stem: p.read_bytes() for p in Path(os.environ["CEILING_DIR"]).glob("*.json")}


async def app(scope, receive, send):
    assert scope["type"] == "http"
    more = True
    while more:
        more = (await receive()).get("more_body", False)
    body = BODIES.get(scope["path"], b"{}")
    status = 201 if scope["method"] == "POST" and scope["path"] == "/post" else 200
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
'''


QUERY_COUNT_SCRIPT = '''
"""Statements (and their time) of one uncached thread read, in process, on the bench database."""
import asyncio, json, sys, time
import httpx
from asgi_lifespan import LifespanManager
from sqlalchemy import event
from sqlalchemy.engine import Engine
from app.main import create_app

statements = []


@event.listens_for(Engine, "before_cursor_execute")
def _before(conn, cursor, statement, params, context, executemany):
    conn.info["t0"] = time.perf_counter()


@event.listens_for(Engine, "after_cursor_execute")
def _after(conn, cursor, statement, params, context, executemany):
    statements.append((statement, time.perf_counter() - conn.info["t0"]))


async def main(site, cases):
    app = create_app()
    out = []
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            for url, limit in cases:
                params = {"url": url, "limit": limit}
                await client.get(f"/api/v1/sites/{site}/comments", params=params)  # warm
                statements.clear()
                t0 = time.perf_counter()
                r = await client.get(f"/api/v1/sites/{site}/comments", params=params)
                elapsed = time.perf_counter() - t0
                skip = {"BEGIN", "ROLLBACK", "COMMIT"}
                sql = [s for s, _ in statements if s.split()[0].upper() not in skip]
                out.append({"url": url, "limit": limit, "status": r.status_code,
                            "queries": len(sql), "sql_ms": sum(t for _, t in statements) * 1000,
                            "ms": elapsed * 1000, "bytes": len(r.content)})
    print(json.dumps(out))


asyncio.run(main(sys.argv[1], json.loads(sys.argv[2])))
'''


def query_counts(env: dict[str, str], cases: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """Run QUERY_COUNT_SCRIPT with Parley's page cache off, so every read builds its page."""
    script = WORK / "query_count.py"
    script.write_text(QUERY_COUNT_SCRIPT)
    out = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            "-W",
            "ignore",
            str(script),
            SITE,
            json.dumps(cases),
        ],
        cwd=ROOT,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT), "PARLEY_THREAD_CACHE_ENTRIES": "0"},
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    return list(json.loads(out.strip().splitlines()[-1]))


def start_ceiling(bodies: dict[str, bytes]) -> Server:
    directory = WORK / "ceiling"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    for name, body in bodies.items():
        (directory / f"{name}.json").write_bytes(body)
    (WORK / "ceiling_app.py").write_text(CEILING_APP)
    port = free_port()
    argv = [
        str(ROOT / ".venv" / "bin" / "uvicorn"),
        "ceiling_app:app",
        "--app-dir",
        str(WORK),
        "--workers",
        "2",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--lifespan",
        "off",
    ]
    proc = start("ceiling", argv, {"CEILING_DIR": str(directory)}, WORK)
    base = f"http://127.0.0.1:{port}"
    wait_http(f"{base}/", proc, "ceiling")
    return Server("ceiling", base, proc, {"command": " ".join(argv[1:])})


# --------------------------------------------------------------------------------------------
# Seeding through each server's own API
# --------------------------------------------------------------------------------------------


class Seeder:
    """Posts a dataset's threads concurrently: each thread's first comment alone (it creates the
    thread), then its other top-level comments, then the replies (which need their parents' ids)."""

    def __init__(self, kind: str, base: str, commenters: list[Commenter], concurrency: int):
        self.kind, self.base, self.commenters = kind, base, commenters
        self.limit = asyncio.Semaphore(concurrency)
        self.posted = 0
        self.retries = 0

    def request(
        self, thread: SeedThread, c: SeedComment, parent_id: int | None
    ) -> tuple[str, dict[str, Any]]:
        who = self.commenters[c.author]
        if self.kind == "isso":
            return f"/new?uri={quote(thread.uri, safe='')}", {
                "text": c.body,
                "author": who.name,
                "email": who.email,
                "website": who.website,
                "parent": parent_id,
                "title": thread.title,
            }
        body: dict[str, Any] = {
            "url": ORIGIN + thread.uri,
            "title": thread.title,
            "body": c.body,
            "author_name": who.name,
            "author_email": who.email,
        }
        if who.website:
            body["author_website"] = who.website
        if parent_id is not None:
            body["parent_id"] = parent_id
        return f"/api/v1/sites/{SITE}/comments", body

    async def post(
        self, client: httpx.AsyncClient, thread: SeedThread, c: SeedComment, parent_id: int | None
    ) -> int:
        path, body = self.request(thread, c, parent_id)
        async with self.limit:
            for attempt in range(8):
                try:
                    r = await client.post(path, json=body)
                except httpx.HTTPError:
                    r = None
                if r is not None and r.status_code == 201:
                    self.posted += 1
                    return int(r.json()["id"])
                if r is not None and r.status_code < 500 and r.status_code != 429:
                    raise RuntimeError(
                        f"{self.kind} refused a seed comment: {r.status_code} {r.text[:500]}"
                    )
                self.retries += 1
                await asyncio.sleep(0.05 * 2**attempt)
        raise RuntimeError(f"{self.kind}: a seed comment failed 8 times")

    async def seed_thread(self, client: httpx.AsyncClient, thread: SeedThread) -> None:
        ids: dict[int, int] = {}
        tops = [i for i, c in enumerate(thread.comments) if c.parent is None]
        replies = [i for i, c in enumerate(thread.comments) if c.parent is not None]
        ids[tops[0]] = await self.post(client, thread, thread.comments[tops[0]], None)

        async def one(i: int) -> None:
            c = thread.comments[i]
            ids[i] = await self.post(client, thread, c, None if c.parent is None else ids[c.parent])

        await asyncio.gather(*(one(i) for i in tops[1:]))
        await asyncio.gather(*(one(i) for i in replies))

    async def seed(self, threads: list[SeedThread]) -> None:
        headers = {"Origin": ORIGIN, "Referer": ORIGIN + "/"}
        limits = httpx.Limits(max_connections=64)
        # No cookie jar: Isso sets an edit cookie per comment, which would pile up in the headers.
        no_cookies = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
        async with httpx.AsyncClient(
            base_url=self.base, headers=headers, timeout=60, limits=limits, cookies=no_cookies
        ) as client:
            await asyncio.gather(*(self.seed_thread(client, t) for t in threads))


def seed(server: Server, data: Dataset, threads: list[SeedThread], concurrency: int) -> float:
    t0 = time.monotonic()
    seeder = Seeder(server.name, server.base, data.commenters, concurrency)
    asyncio.run(seeder.seed(threads))
    elapsed = time.monotonic() - t0
    log(
        f"seeded {server.name}: {seeder.posted} comments in {elapsed:.1f} s "
        f"({seeder.posted / elapsed:.0f}/s, {seeder.retries} retried)"
    )
    return elapsed


def parley_export_doc(
    site: dict[str, Any], thread: SeedThread, commenters: list[Commenter]
) -> bytes:
    """The thread as a Parley export document (docs/export-format.md), in its streaming layout.

    Bodies are rendered by Parley's own Markdown renderer, exactly as a POST would store them."""
    sys.path.insert(0, str(ROOT))
    from app.comments.render import render_markdown

    base = datetime(2026, 1, 1, tzinfo=UTC).timestamp()

    def stamp(i: int) -> str:
        return datetime.fromtimestamp(base + i, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    fields = [
        "id",
        "name",
        "origins",
        "moderation",
        "guest_policy",
        "edit_window_seconds",
        "max_depth",
        "closed",
        "disabled_providers",
        "spam_settings",
        "created_at",
    ]
    records = [
        {
            "type": "thread",
            "url": ORIGIN + thread.uri,
            "title": thread.title,
            "closed": False,
            "pinned": None,
            "created_at": stamp(0),
        }
    ]
    for i, c in enumerate(thread.comments):
        who = commenters[c.author]
        records.append(
            {
                "type": "comment",
                "key": f"bench:{i}",
                "parent": None if c.parent is None else f"bench:{c.parent}",
                "identity": None,
                "author_name": who.name,
                "author_email": who.email,
                "author_website": who.website,
                "author_ip_hash": None,
                "body": c.body,
                "body_html": render_markdown(c.body),
                "status": "approved",
                "score": 0,
                "edit_token_hash": None,
                "created_at": stamp(i + 1),
                "edited_at": None,
                "votes": [],
            }
        )
    lines = [
        '{"format": "parley", "version": 1,',
        '"site": ' + json.dumps({k: site[k] for k in fields}) + ",",
        '"records": [',
        ",\n".join(json.dumps(r) for r in records),
        "]}",
    ]
    return "\n".join(lines).encode()


def import_big(parley: Server, data: Dataset, admin_token: str) -> str:
    """Seed the big thread through the admin import (fast); the comments API if that fails."""
    assert data.big is not None
    t0 = time.monotonic()
    auth = {"Authorization": f"Bearer {admin_token}"}
    try:
        site = fetch(f"{parley.base}/api/v1/admin/sites/{SITE}", headers=auth).json()
        doc = parley_export_doc(site, data.big, data.commenters)
        r = httpx.post(
            f"{parley.base}/api/v1/admin/sites/{SITE}/import",
            params={"format": "parley"},
            headers=auth,
            timeout=300,
            files={"file": ("big.json", doc, "application/json")},
        )
        if r.status_code != 200:
            raise RuntimeError(f"{r.status_code} {r.text[:300]}")
        how = (
            f"imported through `POST /api/v1/admin/sites/{{site}}/import?format=parley` "
            f"({len(doc) / 1e6:.1f} MB document, {time.monotonic() - t0:.1f} s)"
        )
    except Exception as exc:
        log(f"admin import failed ({exc}); seeding the big thread through the comments API")
        seed(parley, data, [data.big], concurrency=32)
        how = f"seeded through the comments API ({time.monotonic() - t0:.0f} s)"
    r = httpx.get(parley_counts_url(parley, [data.big.uri]), timeout=30)
    count = r.json()["counts"][ORIGIN + data.big.uri]
    if count != len(data.big.comments):
        raise RuntimeError(f"the big thread has {count} comments, not {len(data.big.comments)}")
    log(f"big thread: {count} comments, {how}")
    return how


def parley_counts_url(server: Server, uris: list[str]) -> str:
    query = urlencode([("url", ORIGIN + u) for u in uris])
    return f"{server.base}/api/v1/sites/{SITE}/counts?{query}"


def verify_counts(isso: Server | None, parley: Server | None, data: Dataset) -> None:
    expected = {t.uri: len(t.comments) for t in data.threads}
    uris = list(expected)
    if isso:
        got: list[int] = []
        for i in range(0, len(uris), 100):
            r = httpx.post(f"{isso.base}/count", json=uris[i : i + 100], timeout=30)
            r.raise_for_status()
            got += r.json()
        if got != [expected[u] for u in uris]:
            raise RuntimeError(f"Isso counts differ from the seed: {got[:5]}…")
    if parley:
        for i in range(0, len(uris), 100):
            chunk = uris[i : i + 100]
            r = httpx.get(parley_counts_url(parley, chunk), timeout=30)
            r.raise_for_status()
            counts = r.json()["counts"]
            wrong = {
                u: counts.get(ORIGIN + u) for u in chunk if counts.get(ORIGIN + u) != expected[u]
            }
            if wrong:
                raise RuntimeError(f"Parley counts differ from the seed: {list(wrong.items())[:5]}")
    log("seed verified: every thread's count matches on every seeded server")


# --------------------------------------------------------------------------------------------
# wrk
# --------------------------------------------------------------------------------------------

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


def parse_wrk(out: str) -> WrkRun:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    non2xx_match = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    socket_errors = sum(int(x) for x in errors.groups()[:3]) if errors else 0
    timeouts = int(errors.group(4)) if errors else 0
    return WrkRun(
        rps,
        p50,
        p99,
        requests,
        int(non2xx_match.group(1)) if non2xx_match else 0,
        socket_errors,
        timeouts,
    )


@dataclass
class Measure:
    server: str
    runs: list[WrkRun]
    duration: int

    @property
    def median(self) -> WrkRun:
        ordered = sorted(self.runs, key=lambda r: r.rps)
        return ordered[len(ordered) // 2]

    @property
    def problems(self) -> str:
        bad = [f"{r.non2xx} non-2xx" for r in self.runs if r.non2xx]
        bad += [f"{r.socket_errors} socket errors" for r in self.runs if r.socket_errors]
        bad += [f"{r.timeouts} timeouts" for r in self.runs if r.timeouts]
        return ", ".join(bad)


def wrk(
    server: Server, url: str, duration: int, runs: int, script: list[str] | None = None
) -> Measure:
    argv = [
        "wrk",
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        WRK_TIMEOUT,
    ]
    if script:
        argv += ["-s", script[0], url, "--", *script[1:]]
    else:
        argv.append(url)
    results = []
    hz = os.sysconf("SC_CLK_TCK")
    for _ in range(runs):
        server.settle()
        busy0, srv0, wrk0, t0 = (
            machine_busy_ticks(),
            group_cpu_ticks(server.proc.pid),
            children_cpu_seconds(),
            time.monotonic(),
        )
        out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
        busy = (machine_busy_ticks() - busy0) / hz
        srv = (group_cpu_ticks(server.proc.pid) - srv0) / hz
        used_by_wrk = children_cpu_seconds() - wrk0
        run = parse_wrk(out)
        run.foreign = max(0.0, (busy - srv - used_by_wrk) / (time.monotonic() - t0))
        results.append(run)
        log(
            f"  {server.name:8s} {run.rps:10.1f} req/s  p50 {run.p50:8.2f} ms  "
            f"p99 {run.p99:8.2f} ms  other load {run.foreign:.2f} cores"
            + (f"  ({run.non2xx} non-2xx)" if run.non2xx else "")
        )
    server.settle()
    return Measure(server.name, results, duration)


# --------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------


@dataclass
class Case:
    key: str
    title: str
    target: float | None  # Parley ÷ Isso target
    isso_reference: float  # Isso's req/s in shared/notes/isso-peer.md (quiet machine, -d10s)
    sizes: dict[str, int] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)


def machine() -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "unknown"
    with contextlib.suppress(OSError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    os_name = platform.platform()
    with contextlib.suppress(OSError):
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"') + f", kernel {platform.release()}"
    wrk_version = subprocess.run(
        ["wrk", "-v"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split(" [")[0]
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": mem,
        "os": os_name,
        "python": platform.python_version(),
        "wrk": wrk_version,
    }


def fmt_rps(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def fmt_ms(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"


def write_results(
    path: Path, ctx: dict[str, Any], cases: list[Case], first_page: dict[str, Any]
) -> None:
    m = ctx["machine"]
    lines = [
        "# Benchmark results: Parley vs Isso vs a bare ASGI ceiling",
        "",
        f"Written by `bench/run.py` on {ctx['date']} (one run, {ctx['elapsed']:.0f} s end to end). "
        "Same machine, same data, same run for all three servers; everything on 127.0.0.1.",
        "",
        "## Machine and versions",
        f"- CPU: {m['cpu']}, {m['cores']} cores (shared by the servers **and** wrk), "
        f"{m['memory']} RAM; {m['os']}",
        f"- Load generator: {m['wrk']}, `wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} "
        f"-d{ctx['duration']}s --latency --timeout {WRK_TIMEOUT}`, {ctx['runs']} runs per "
        "measurement; the table shows the run with the median req/s (its own p50/p99). Before each "
        "run the script waits until the server's processes are idle (left-over queued requests "
        "drained).",
    ]
    p = ctx["parley"]
    lines.append(
        f"- Parley {p.get('parley', '?')} — `{p.get('command', '?')}` — Python {m['python']}, "
        + ", ".join(
            f"{k} {v}"
            for k, v in p.items()
            if k not in {"parley", "command"} and not k.startswith("_")
        )
        + "; SQLite database (the embedded default) in WAL mode, migrated with `alembic upgrade "
        "head`; write rate limit raised to 1000000/second so seeding and the POST case are not "
        "throttled (the limiter itself still runs on every write)."
    )
    i = ctx["isso"]
    lines.append(
        f"- Isso {i.get('isso', '?')} (PyPI) with gunicorn {i.get('gunicorn', '?')}, Python "
        f"{i.get('python', '?')}, in its own venv — `gunicorn {i.get('command', '?')}` — config as "
        "in `shared/notes/isso-peer.md`: own SQLite file, moderation off, guard on with ratelimit "
        "and direct-reply at 1000000, reply-to-self on."
    )
    lines.append(
        f"- Ceiling: a bare ASGI function returning Parley's own response bytes for the case "
        f"(same size), uvicorn -w 2, no framework — `uvicorn {ctx['ceiling'].get('command', '?')}`."
    )
    lines += [
        "- *other load*: CPU cores busy with processes other than the measured server and wrk "
        "during that run (from /proc; other people's tests share this machine). Near 0 is a "
        "clean run; the 2 cores are otherwise shared by the server and wrk.",
        "- *wrk -d*: a server that needs more than a quarter of the run to answer 32 queued "
        "requests gets a longer run (up to 30 s), so that enough requests complete to be counted.",
        "- Isso's sync workers go on serving the requests wrk left queued (a minute of work on the "
        "1,000-comment thread); when it is still busy 3 s after a run the script restarts it on "
        f"the same database instead of waiting ({ctx.get('isso_restarts', 0)} restarts this run).",
        "- Access logs: Parley's entry point runs uvicorn at log level info, so it logs every "
        "request, as it would in production; Isso (gunicorn's default) and the ceiling "
        "(`--no-access-log`) log none.",
        "",
        "## Data (seeded through each server's own HTTP API, identical for both)",
        f"- {ctx['data']}",
        f"- Seeding took Parley {ctx['seed_parley']:.1f} s and Isso {ctx['seed_isso']:.1f} s "
        "(concurrent clients; every thread's count checked against the seed afterwards).",
        "",
        "## Results",
        "",
    ]
    for case in cases:
        lines += [f"### {case.title}", ""]
        if case.sizes:
            lines.append(
                "Response bodies: " + ", ".join(f"{k} {v:,} B" for k, v in case.sizes.items()) + "."
            )
            lines.append("")
        lines += [
            "| server | req/s | p50 ms | p99 ms | requests | wrk -d | errors | other load |",
            "|---|---:|---:|---:|---:|---:|---|---:|",
        ]
        for name in ("parley", "isso", "ceiling"):
            if name not in case.measures:
                continue
            meas = case.measures[name]
            r = meas.median
            lines.append(
                f"| {name.capitalize()} | {fmt_rps(r.rps)} | {fmt_ms(r.p50)} | "
                f"{fmt_ms(r.p99)} | {r.requests:,} | {meas.duration} s | "
                f"{meas.problems or '—'} | "
                f"{r.foreign:.2f} |"
            )
        lines.append("")
        parley = case.measures.get("parley")
        isso = case.measures.get("isso")
        ceiling = case.measures.get("ceiling")
        ratios = []
        if parley and isso and isso.median.rps > 0:
            ratio = parley.median.rps / isso.median.rps
            verdict = ""
            if case.target:
                verdict = (
                    f" (target ≥ {case.target:g}×: "
                    f"{'met' if ratio >= case.target else '**not met**'})"
                )
            ratios.append(f"Parley ÷ Isso = **{ratio:,.1f}×**{verdict}")
        if parley and ceiling and ceiling.median.rps > 0:
            ratios.append(f"Parley ÷ ceiling = **{parley.median.rps / ceiling.median.rps:.3f}**")
        if parley and case.isso_reference:
            ref = parley.median.rps / case.isso_reference
            ratios.append(
                f"against Isso's {case.isso_reference:g} req/s measured on a quiet machine "
                f"(shared/notes/isso-peer.md): {ref:,.1f}×"
                + (f" ({'met' if ref >= case.target else 'not met'})" if case.target else "")
            )
        if ratios:
            lines += ["; ".join(ratios) + ".", ""]
    if first_page:
        lines += [
            "### First page (limit 50) of a 100-comment vs a 10,000-comment thread (Parley only)",
            "",
            "A thread read should cost a constant number of queries whatever the thread's size. "
            f"The 10,000-comment thread ({first_page['big_desc']}, the same kind of bodies and "
            f"commenters) was {first_page['how']}. *cold*: the first request, before the page "
            "is in Parley's cache.",
            "",
            "| thread | bytes | req/s | p50 ms | p99 ms | cold single request ms | errors | "
            "other load |",
            "|---|---:|---:|---:|---:|---:|---|---:|",
        ]
        for label, meas, size, cold in first_page["rows"]:
            r = meas.median
            lines.append(
                f"| {label} | {size:,} | {fmt_rps(r.rps)} | {fmt_ms(r.p50)} | "
                f"{fmt_ms(r.p99)} | {cold} | {meas.problems or '—'} | "
                f"{r.foreign:.2f} |"
            )
        lines.append("")
        if first_page.get("queries"):
            sizes = {
                ORIGIN + "/posts/a": "100",
                ORIGIN + BIG_THREAD: "10,000",
                ORIGIN + "/posts/b": "1,000",
            }
            lines += [
                "Queries of one thread read with Parley's page cache off (each read builds its "
                "page), counted in process with a SQLAlchemy cursor-execute listener on the same "
                "database; BEGIN/ROLLBACK not counted:",
                "",
                "| thread | limit | SQL statements | time in SQL ms | whole request ms | bytes |",
                "|---|---:|---:|---:|---:|---:|",
            ]
            for q in first_page["queries"]:
                lines.append(
                    f"| {sizes.get(q['url'], q['url'])} comments | {q['limit']} | {q['queries']} | "
                    f"{q['sql_ms']:.2f} | {q['ms']:.1f} | {q['bytes']:,} |"
                )
            lines.append("")
        elif first_page.get("queries_error"):
            lines += [f"The query-count check failed: {first_page['queries_error']}", ""]
    if ctx.get("notes"):
        lines += ["## Notes", "", *[f"- {n}" for n in ctx["notes"]], ""]
    kept = ""
    if path.exists() and KEEP_MARKER in path.read_text():
        kept = path.read_text()[path.read_text().index(KEEP_MARKER) :]
    path.write_text("\n".join(lines) + ("\n" + kept if kept else ""))


def fetch(url: str, method: str = "GET", **kw: Any) -> httpx.Response:
    r = httpx.request(method, url, timeout=120, **kw)
    if r.status_code >= 400:
        raise RuntimeError(f"{method} {url[:120]} → {r.status_code}: {r.text[:300]}")
    return r


def cold_latency_ms(url: str) -> str:
    t0 = time.perf_counter()
    fetch(url)
    return f"{(time.perf_counter() - t0) * 1000:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--runs", type=int, default=3, help="wrk runs per measurement")
    parser.add_argument("--big", type=int, default=10_000, help="size of the big thread (0: skip)")
    parser.add_argument("--servers", default="parley,isso,ceiling")
    parser.add_argument("--output", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args()
    wanted = set(args.servers.split(","))
    t_start = time.monotonic()
    WORK.mkdir(parents=True, exist_ok=True)
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    data = make_dataset(args.big if "parley" in wanted else 0)
    bodies = [c.body for t in data.threads for c in t.comments]
    desc = (
        f"thread A 100 comments (70 top-level + 30 replies), thread B 1,000 (700 + 300), "
        f"{len(data.threads) - 2} more threads of 5 (4 + 1); {len(bodies):,} comments, "
        f"Markdown bodies averaging {statistics.mean(len(b.encode()) for b in bodies):.0f} "
        f"bytes (median {statistics.median(len(b.encode()) for b in bodies):.0f}), "
        f"{N_COMMENTERS} distinct commenters (a third with a website), random seed {SEED}. "
        "Replies answer a random top-level comment of their thread."
    )
    log(f"data: {desc}")

    admin_token = secrets.token_urlsafe(24)
    ctx: dict[str, Any] = {
        "machine": machine(),
        "duration": args.duration,
        "runs": args.runs,
        "data": desc,
        "parley": {},
        "isso": {},
        "ceiling": {},
        "seed_parley": 0.0,
        "seed_isso": 0.0,
        "notes": [],
    }
    isso = start_isso() if "isso" in wanted else None
    parley = start_parley(admin_token) if "parley" in wanted else None
    for server in (isso, parley):
        if server:
            ctx[server.name] = server.info
    if parley:
        ctx["seed_parley"] = seed(parley, data, data.threads, concurrency=32)
    if isso:
        ctx["seed_isso"] = seed(isso, data, data.threads, concurrency=16)
    verify_counts(isso, parley, data)

    # The write target exists before the POST case (Isso 500s on concurrent first posts).
    extra = SeedThread(POST_THREAD, "Bench post", [SeedComment(None, 0, "First!")])
    for server in (isso, parley):
        if server:
            asyncio.run(Seeder(server.name, server.base, data.commenters, 1).seed([extra]))

    a, b = data.threads[0].uri, data.threads[1].uri
    count_body = json.dumps(data.count_uris)
    urls: dict[str, dict[str, str]] = {"parley": {}, "isso": {}, "ceiling": {}}
    if parley:
        thread = f"{parley.base}/api/v1/sites/{SITE}/comments?"
        urls["parley"] = {
            "thread100": thread + urlencode({"url": ORIGIN + a, "limit": 1000}),
            "thread1000": thread + urlencode({"url": ORIGIN + b, "limit": 1000}),
            "counts": parley_counts_url(parley, data.count_uris),
            "post": f"{parley.base}/api/v1/sites/{SITE}/comments",
        }
    if isso:
        urls["isso"] = {
            "thread100": f"{isso.base}/?uri={quote(a, safe='')}",
            "thread1000": f"{isso.base}/?uri={quote(b, safe='')}",
            "counts": f"{isso.base}/count",
            "post": f"{isso.base}/new?uri={quote(POST_THREAD, safe='')}",
        }

    cases = [
        Case("thread100", "GET a 100-comment thread (whole thread)", 100, 23.7),
        Case("thread1000", "GET a whole 1,000-comment thread", 100, 2.4),
        Case("counts", "Counts for 50 URLs", 3, 1055),
        Case("post", "POST a comment", 5, 189),
    ]
    # Reference bodies: sizes for the report and the ceiling's responses.
    ceiling_bodies: dict[str, bytes] = {}
    for case in cases[:3]:
        if parley:
            body = fetch(urls["parley"][case.key]).content
            ceiling_bodies[case.key] = body
            case.sizes["Parley"] = len(body)
        if isso:
            if case.key == "counts":
                body = fetch(
                    urls["isso"]["counts"],
                    "POST",
                    content=count_body,
                    headers={"Content-Type": "application/json"},
                ).content
            else:
                body = fetch(urls["isso"][case.key]).content
            case.sizes["Isso"] = len(body)
            if not parley:
                ceiling_bodies[case.key] = body
    if parley:
        probe = dict(
            Seeder("parley", parley.base, data.commenters, 1).request(
                extra, SeedComment(None, 1, "x" * 440), None
            )[1]
        )
        r = fetch(urls["parley"]["post"], "POST", json=probe, headers={"Origin": ORIGIN})
        ceiling_bodies["post"] = r.content
        cases[3].sizes["Parley"] = len(r.content)
    ceiling = start_ceiling(ceiling_bodies) if "ceiling" in wanted else None
    if ceiling:
        ctx["ceiling"] = ceiling.info
        urls["ceiling"] = {
            k: f"{ceiling.base}/{k}" for k in ("thread100", "thread1000", "counts", "post")
        }

    post_lua = str(BENCH / "post.lua")
    count_lua = str(BENCH / "count.lua")
    servers = [s for s in (parley, isso, ceiling) if s]
    for case in cases:
        log(f"case: {case.title}")
        for server in servers:
            url = urls[server.name][case.key]
            script = None
            if case.key == "post":
                mode = "isso" if server.name == "isso" else "parley"
                script = [post_lua, mode, ORIGIN + POST_THREAD, ORIGIN]
            elif case.key == "counts" and server.name == "isso":
                script = [count_lua, count_body]
            duration = args.duration
            if case.key != "post":
                # A slow server gets a longer run, so enough requests complete to be measured.
                server.settle()
                kw: dict[str, Any] = {}
                if script:
                    kw = {
                        "method": "POST",
                        "content": count_body,
                        "headers": {"Content-Type": "application/json"},
                    }
                fetch(url, **kw)  # warm (Parley's first read of a page fills its cache)
                t0 = time.perf_counter()
                fetch(url, **kw)
                expected_latency = (
                    (time.perf_counter() - t0) * WRK_CONNECTIONS / (os.cpu_count() or 1)
                )
                duration = min(30, max(duration, round(expected_latency * 4)))
            case.measures[server.name] = wrk(server, url, duration, args.runs, script)

    first_page: dict[str, Any] = {}
    if parley and data.big:
        big_how = import_big(parley, data, admin_token)
        top = sum(1 for c in data.big.comments if c.parent is None)
        first_page = {
            "rows": [],
            "big_desc": f"{top:,} top-level + {len(data.big.comments) - top:,} replies",
            "how": big_how,
        }
        log("case: first page of a 100-comment vs a 10,000-comment thread")
        for label, uri in (
            ("100 comments", a),
            (f"{len(data.big.comments):,} comments", BIG_THREAD),
        ):
            url = f"{parley.base}/api/v1/sites/{SITE}/comments?" + urlencode(
                {"url": ORIGIN + uri, "limit": 50}
            )
            cold = cold_latency_ms(url)
            size = len(fetch(url).content)
            first_page["rows"].append(
                (label, wrk(parley, url, args.duration, args.runs), size, cold)
            )

    if parley and data.big:
        cases_q = [
            (ORIGIN + a, 50),
            (ORIGIN + BIG_THREAD, 50),
            (ORIGIN + a, 1000),
            (ORIGIN + b, 1000),
        ]
        try:
            first_page["queries"] = query_counts(json.loads(parley.info["_env"]), cases_q)
        except (subprocess.SubprocessError, ValueError) as exc:
            first_page["queries_error"] = str(exc)[:300]
            log(f"query count check failed: {exc}")
    if isso:
        ctx["isso_restarts"] = isso.restarts
    stop_all()
    ctx["elapsed"] = time.monotonic() - t_start
    ctx["date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if args.duration != 10:
        ctx["notes"].append(
            f"wrk ran for {args.duration} s per run instead of 10 s to keep the "
            "whole benchmark under ~10 minutes."
        )
    write_results(args.output, ctx, cases, first_page)
    log(f"wrote {args.output} ({ctx['elapsed']:.0f} s in all)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        stop_all()
