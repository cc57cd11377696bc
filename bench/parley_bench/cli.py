"""`python bench/run.py [options]`: the whole benchmark in one run (see bench/README.md)."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import resource
import secrets
import signal
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlencode

import httpx

from . import isso, million, parley, procs, profiling, queries, report, seed, sse, wrk
from .cases import (
    CASES,
    POST_CASES,
    Features,
    Request,
    Results,
    measure_server,
    post_probe,
    request_for,
)
from .ceiling import start_ceiling
from .common import BENCH, ORIGIN, SITE, WORK, log, set_app_root
from .data import Dataset, make_dataset
from .procs import stop_all
from .servers import Server, copy_sqlite, launch

SERVERS = [
    "parley-sqlite",
    "parley-postgres",
    "parley-postgres-redis",
    "parley-sqlite-1w",
    "isso",
    "ceiling",
]
EXTRA_CASES = ["queries", "million", "sse"]
QUICK_CASES = ["thread100", "page10k", "counts", "counts_post", "post", "sse"]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python bench/run.py", description=__doc__)
    p.add_argument("--quick", action="store_true", help="smoke run: 2 s × 1 run, fewer cases")
    p.add_argument(
        "--cases",
        help=f"comma-separated subset of {','.join([*CASES, *EXTRA_CASES])} (default: all; "
        f"--quick: {','.join(QUICK_CASES)})",
    )
    p.add_argument("--servers", default=",".join(SERVERS), help="comma-separated subset")
    p.add_argument("--duration", type=int, help="seconds per wrk run (default 5; --quick 2)")
    p.add_argument("--runs", type=int, help="wrk runs per measurement (default 3; --quick 1)")
    p.add_argument("--big", type=int, help="size of the big thread (default 10000; --quick 2000)")
    p.add_argument("--million", type=int, default=1_000_000, help="size of the large database")
    p.add_argument("--profile", metavar="CASE", help="also profile CASE on Parley with py-spy")
    p.add_argument("--budget", type=int, default=3600, help="seconds after which cases are skipped")
    p.add_argument("--sse-levels", help="idle streams to hold (default 1000,5000,10000)")
    p.add_argument(
        "--redis", help="Redis URL for parley-postgres-redis and the SSE fan-out across processes"
    )
    p.add_argument("--app-root", type=Path, help="serve the Parley tree at PATH (default: here)")
    p.add_argument("--output", type=Path, help="default bench/RESULTS.md (--quick: bench/.work/)")
    args = p.parse_args(argv)
    args.cases = args.cases or ",".join(QUICK_CASES if args.quick else [*CASES, *EXTRA_CASES])
    args.cases = args.cases.split(",")
    args.servers = args.servers.split(",")
    unknown = set(args.cases) - {*CASES, *EXTRA_CASES} | set(args.servers) - set(SERVERS)
    if unknown:
        p.error(f"unknown case or server: {', '.join(sorted(unknown))}")
    if args.profile and args.profile not in CASES:
        p.error(f"--profile takes one of {', '.join(CASES)}")
    args.duration = args.duration or (2 if args.quick else 5)
    args.big = args.big or (2000 if args.quick else 10_000)
    args.small = 50 if args.quick else 200
    args.runs = args.runs or (1 if args.quick else 3)
    levels = args.sse_levels or ("200,1000" if args.quick else "1000,5000,10000")
    args.sse_levels = [int(n) for n in levels.split(",")]
    default_out = WORK / "RESULTS-quick.md" if args.quick else BENCH / "RESULTS.md"
    args.output = args.output or default_out
    return args


@dataclass
class Bench:
    args: argparse.Namespace
    data: Dataset
    admin_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    results: Results = field(default_factory=Results)
    features: Features = field(default_factory=Features)
    servers: dict[str, dict[str, str]] = field(default_factory=dict)
    seeding: dict[str, str] = field(default_factory=dict)
    ceiling_bodies: dict[str, bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    deadline: float = 0.0
    fresh_copies: dict[str, Path] = field(default_factory=dict)  # SQLite file → seeded copy
    # The fresh POST case of every server, measured at the end in rounds (`fresh_post_rounds`).
    fresh_posts: list[tuple[Server, Request, int]] = field(default_factory=list)
    # What outlives a server's own step until those rounds: its PostgreSQL databases.
    cleanup: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)

    @property
    def http_cases(self) -> list[str]:
        wanted = set(self.args.cases)
        if "million" in wanted:  # compared with the small database's first pages
            wanted |= {"page100", "page10k"}
        return [c for c in CASES if c in wanted]

    @property
    def needs_big(self) -> bool:
        return bool({"page10k", "queries"} & set(self.http_cases + self.args.cases))

    def profile_hook(self, key: str, server: Server, request: Request, seconds: int) -> None:
        if key == self.args.profile and server.kind == "parley":
            profiling.record(server, key, request.url, request.script, seconds)

    def measure(self, server: Server, cases: list[str] | None = None) -> None:
        self.servers[server.name] = server.info
        measure_server(
            server,
            cases or self.http_cases,
            self.data,
            self.features,
            self.results,
            self.args.duration,
            self.args.runs,
            self.deadline,
            self.defer_fresh_post,
            self.profile_hook,
            max_length=10 if self.args.quick else 30,
        )

    def defer_fresh_post(self, server: Server, request: Request, length: int) -> None:
        log(f"case post on {server.name}: measured in the rounds at the end")
        self.fresh_posts.append((server, request, length))

    def fresh_post_rounds(self) -> None:
        """The fresh POST case, every server in turn: run k of each server comes within a
        minute or so of run k of the others, so a ratio compares two servers on the machine as
        it was then (this VM's speed drifts by a third within minutes). Each run starts the
        server anew on its seeded copy and stops it after; the order rotates every round."""
        if not self.fresh_posts:
            return
        runs: dict[str, list[wrk.WrkRun]] = {server.name: [] for server, _, _ in self.fresh_posts}
        memory: dict[str, procs.Memory | None] = {}
        for round_number in range(self.args.runs):
            shift = round_number % len(self.fresh_posts)
            for server, request, length in self.fresh_posts[shift:] + self.fresh_posts[:shift]:
                try:
                    measure = wrk.run(
                        server,
                        request.url,
                        length,
                        1,
                        request.script,
                        before_each=_fresh_start_of(server),
                    )
                    runs[server.name] += measure.runs
                    memory[server.name] = measure.memory
                finally:
                    server.stop()
        for server, request, length in self.fresh_posts:
            self.results.add(
                "post",
                server,
                wrk.Measure(server.name, runs[server.name], length, memory.get(server.name)),
            )
            if self.args.profile == "post" and server.kind == "parley":
                _fresh_start_of(server)()
                try:
                    self.profile_hook("post", server, request, length)
                finally:
                    server.stop()
        self.notes.extend(_round_ratios(runs, [s for s, _, _ in self.fresh_posts]))

    # --- Parley ---------------------------------------------------------------------------

    def seed_parley(self, server: Server) -> None:
        parley.create_site(server, self.admin_token)
        threads = self.data.api_threads(with_b="thread1000" in self.http_cases)
        # PostgreSQL: fewer concurrent writers (32 exhaust its connection pools: 503s, retries).
        writers = 32 if server.info["database"] == "sqlite" else 8
        took = seed.seed(server, self.data, threads, concurrency=writers)
        seed.verify_counts(server, threads)
        seed.seed(server, self.data, [self.data.post_thread], concurrency=1)
        how = f"{sum(len(t.comments) for t in threads):,} comments through the API in {took:.1f} s"
        self.keep_fresh_copy(server)
        if self.needs_big:
            how += "; the big thread " + seed.import_thread(
                server, self.data, self.data.big, self.admin_token
            )
        self.seeding[server.info["label"]] = how

    def keep_fresh_copy(self, server: Server) -> None:
        """The seeded data set (before the big thread), for the fresh POST case's restarts: a
        copy of the SQLite file, or on PostgreSQL a database made from it as a template (the
        server is stopped for that: a template may have no connections)."""
        if "post" not in self.http_cases:
            return
        postgres = server.info.get("postgres_database")
        if postgres:
            copy_name = f"{postgres}_fresh"
            server.restart_on_postgres_copy(postgres, copy_name)  # stop, copy, start again
            server.fresh_start = partial(server.restart_on_postgres_copy, copy_name, postgres)
            return
        database = server.info.get("db") or server.info.get("sqlite_file")
        if not database:
            return
        copy = WORK / f"{server.name}-fresh.db"
        copy_sqlite(Path(database), copy)
        self.fresh_copies[database] = copy
        server.fresh_start = partial(server.restart_on_copy, copy, Path(database))

    def capture_bodies(self, server: Server) -> None:
        """Parley's response bytes per case: the ceiling answers with the same."""
        for key in self.http_cases:
            if key in POST_CASES:
                self.ceiling_bodies[key] = post_probe(server, self.data)
                continue
            request = request_for(key, server, self.data, self.features)
            if request is not None:
                self.ceiling_bodies[key] = request.fetch().content
        if "counts_post" not in self.ceiling_bodies and "counts" in self.ceiling_bodies:
            self.ceiling_bodies["counts_post"] = self.ceiling_bodies["counts"]

    def run_parley(
        self,
        name: str,
        db: parley.Database,
        workers: int,
        fresh: bool,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        server = parley.start_parley(name, db, self.admin_token, workers, extra_env)
        try:
            if fresh:
                self.seed_parley(server)
            elif db.name in self.fresh_copies:  # the file another server seeded
                copy = self.fresh_copies[db.name]
                server.fresh_start = partial(server.restart_on_copy, copy, Path(db.name))
            self.features = Features.from_openapi(parley.openapi(server))
            if not self.ceiling_bodies:
                self.capture_bodies(server)
            self.measure(server)
        finally:
            server.stop()

    def parley_sqlite(self) -> None:
        self.run_parley("parley-sqlite", parley.sqlite_database(WORK / "parley.db"), 2, True)

    def parley_sqlite_1w(self) -> None:
        path = WORK / "parley.db"
        seeded = "parley-sqlite" in self.servers and path.exists()
        db = parley.sqlite_database(path, fresh=not seeded)
        self.run_parley("parley-sqlite-1w", db, 1, not seeded)

    def parley_postgres(self) -> None:
        why = parley.postgres_available()
        if why:
            self.notes.append(f"Parley on PostgreSQL skipped: {why}")
            log(f"postgres unavailable: {why}")
            return
        db = parley.postgres_database()
        self.drop_after_rounds(db)
        self.run_parley("parley-postgres", db, 2, True)

    def parley_postgres_redis(self) -> None:
        """PostgreSQL with Redis: the production set-up for several processes, where cached reads
        take the change token from Redis instead of asking PostgreSQL (app/db/changes.py)."""
        why = parley.postgres_available()
        if why:
            self.notes.append(f"Parley on PostgreSQL + Redis skipped: {why}")
            return
        db = parley.postgres_database()
        self.drop_after_rounds(db)
        redis_url = self.args.redis or "redis://127.0.0.1:6379/15"
        self.run_parley("parley-postgres-redis", db, 2, True, {"PARLEY_REDIS_URL": redis_url})

    def drop_after_rounds(self, db: parley.Database) -> None:
        """Drop the database and its fresh copy once the fresh POST rounds are over."""
        self.cleanup.callback(parley.drop_postgres_database, f"{db.name}_fresh")
        self.cleanup.callback(parley.drop_database, db)

    # --- peers ----------------------------------------------------------------------------

    def isso(self) -> None:
        server = isso.start_isso()
        try:
            threads = self.data.api_threads(with_b="thread1000" in self.http_cases)
            took = seed.seed(server, self.data, threads, concurrency=16)
            seed.verify_counts(server, threads)
            seed.seed(server, self.data, [self.data.post_thread], concurrency=1)
            self.keep_fresh_copy(server)
            n = sum(len(t.comments) for t in threads)
            how = f"{n:,} comments through the API in {took:.1f} s"
            if "page10k" in self.http_cases:
                took = isso.load_thread(server, self.data, self.data.big)
                server.info["big"] = "loaded"
                how += f"; the big thread through Isso's own database layer in {took:.0f} s"
            self.seeding["Isso"] = how
            self.measure(server)
            self.servers["isso"] = {**server.info, "restarts": str(server.restarts)}
        finally:
            server.stop()

    def ceiling(self) -> None:
        if not self.ceiling_bodies:
            self.notes.append("ceiling skipped: no Parley server ran to give it response bodies")
            return
        server = start_ceiling(self.ceiling_bodies)
        try:
            self.measure(server)
        finally:
            server.stop()

    # --- extra cases ----------------------------------------------------------------------

    def queries(self) -> list[dict[str, object]]:
        path = WORK / "parley.db"
        if not path.exists() or "parley-sqlite" not in self.servers:
            self.notes.append("query count skipped: needs the parley-sqlite server's database")
            return []
        env = parley.parley_env(parley.sqlite_database(path, False), "x", WORK / "q-data")
        cases = [(ORIGIN + "/posts/a", 50), (ORIGIN + self.data.big.uri, 50)]
        cases += [(ORIGIN + "/posts/a", 1000)]
        try:
            return list(queries.query_counts(env, cases))
        except Exception as exc:
            self.notes.append(f"query count failed: {str(exc)[:300]}")
            return []

    def million(self) -> report.Scale | None:
        if time.monotonic() > self.deadline:
            self.notes.append("million: time budget spent")
            return None
        # Always the full data set's 10,000-comment thread, so the cached file fits every run.
        data = self.data if len(self.data.big.comments) == 10_000 else make_dataset(10_000)
        big = million.ensure(data, self.args.million)
        scale = report.Scale(big.how, big.comments, big.file_bytes)
        found, sizes = self.results.measures, self.results.sizes
        small_db = sum(len(t.comments) for t in self.data.api_threads("thread1000" in found))
        small_db += len(self.data.big.comments)
        for key, size in (("page100", 100), ("page10k", len(self.data.big.comments))):
            if "parley-sqlite" in found.get(key, {}):
                m = found[key]["parley-sqlite"]
                body = sizes.get(key, {}).get("Parley SQLite", 0)
                scale.rows.append((f"{small_db:,}", f"{size:,}", m, body, float("nan")))
        server = parley.start_parley("parley-million", big.db, self.admin_token, 2)
        try:
            self.servers["parley-million"] = server.info
            for uri, size in (("/posts/a", 100), (data.big.uri, len(data.big.comments))):
                url = f"{server.base}/api/v1/sites/{SITE}/comments?" + urlencode(
                    {"url": ORIGIN + uri, "limit": 50}
                )
                t0 = time.perf_counter()
                body = len(httpx.get(url, timeout=120).raise_for_status().content)
                cold = (time.perf_counter() - t0) * 1000
                m = wrk.run(server, url, self.args.duration, self.args.runs)
                scale.rows.append((f"{big.comments:,}", f"{size:,}", m, body, cold))
        finally:
            server.stop()
        return scale

    def sse(self) -> sse.SseReport:
        seconds = 5 if self.args.quick else 20
        return sse.run(self.admin_token, self.args.sse_levels, seconds, self.args.redis)


def _fresh_start_of(server: Server) -> Callable[[], None]:
    """How a fresh POST run starts the server: anew on its seeded copy, or (the ceiling, which
    keeps no data) again the same way."""
    return server.fresh_start or partial(_relaunch, server)


def _relaunch(server: Server) -> None:
    server.stop()
    server.proc = launch(server.launch)


def _round_ratios(runs: dict[str, list[wrk.WrkRun]], servers: list[Server]) -> list[str]:
    """Each Parley server's fresh POST rate over Isso's in the same round."""
    peer = next((s for s in servers if s.kind == "isso"), None)
    if peer is None:
        return []
    notes = []
    for server in servers:
        if server.kind != "parley":
            continue
        ratios = [
            ours.rps / theirs.rps
            for ours, theirs in zip(runs[server.name], runs[peer.name], strict=False)
            if theirs.rps
        ]
        if ratios:
            listed = ", ".join(f"{r:.2f}" for r in ratios)
            notes.append(
                f"POST fresh, {server.label} ÷ Isso run by run (the servers took turns): "
                f"{listed} (median {statistics.median(ratios):.2f}, lowest {min(ratios):.2f})"
            )
    return notes


def _raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _terminate(*_: object) -> NoReturn:
    sys.exit(143)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.app_root:
        set_app_root(args.app_root)
    t_start = time.monotonic()
    WORK.mkdir(parents=True, exist_ok=True)
    _raise_fd_limit()
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, _terminate)
    bench = Bench(args, make_dataset(args.big, args.small), deadline=t_start + args.budget)
    log(f"data: {bench.data.describe()}")
    log(f"cases: {','.join(args.cases)}; servers: {','.join(args.servers)}")
    steps = {
        "parley-sqlite": bench.parley_sqlite,
        "parley-postgres": bench.parley_postgres,
        "parley-postgres-redis": bench.parley_postgres_redis,
        "parley-sqlite-1w": bench.parley_sqlite_1w,
        "isso": bench.isso,
        "ceiling": bench.ceiling,
    }
    with bench.cleanup:
        if bench.http_cases:
            for name in SERVERS:
                if name in args.servers:
                    steps[name]()
            bench.fresh_post_rounds()
    run = report.Run(
        date="",
        elapsed=0.0,
        options=" ".join(sys.argv[1:] if argv is None else argv),
        duration=args.duration,
        runs=args.runs,
        data=bench.data.describe(),
        servers=bench.servers,
        results=bench.results,
        seeding=bench.seeding,
        notes=bench.notes,
    )
    if "queries" in args.cases:
        run.queries = bench.queries()
    if "million" in args.cases:
        run.scale = bench.million()
    if "sse" in args.cases:
        run.sse = bench.sse()
    stop_all()
    run.elapsed = time.monotonic() - t_start
    run.date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report.write(args.output, run)
    print(report.console(run))
    log(f"wrote {args.output} ({run.elapsed:.0f} s in all)")
    return 0
