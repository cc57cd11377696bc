"""bench/RESULTS.md (and a console summary) from one run's figures."""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import wrk
from .cases import CASES, Results
from .common import KEEP_MARKER
from .sse import SseReport, percentile

ORDER = [
    "parley-sqlite",
    "parley-postgres",
    "parley-postgres-redis",
    "parley-sqlite-1w",
    "isso",
    "ceiling",
]
PARLEYS = ["parley-sqlite", "parley-postgres", "parley-postgres-redis"]


@dataclass
class Scale:
    """First-page latency against the size of the database (the 1,000,000-comment case)."""

    how: str
    comments: int
    file_bytes: int
    rows: list[tuple[str, str, wrk.Measure, int, float]] = field(default_factory=list)
    # (comments in the database, in the thread, measure, response bytes, cold request ms)


@dataclass
class Run:
    date: str
    elapsed: float
    options: str
    duration: int
    runs: int
    data: str
    servers: dict[str, dict[str, str]]  # name → info
    results: Results
    seeding: dict[str, str] = field(default_factory=dict)
    queries: list[dict[str, Any]] = field(default_factory=list)
    scale: Scale | None = None
    sse: SseReport | None = None
    notes: list[str] = field(default_factory=list)


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
    out = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False).stdout
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": mem,
        "os": os_name,
        "python": platform.python_version(),
        "wrk": out.split(" [")[0],
    }


def fmt_rps(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def fmt_ms(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"


HTML_TARGET = 0.8  # issue 25: the HTML first page at ≥ 80 % of the JSON first page's rate


def _verdict(ratio: float, target: float | None) -> str:
    if target is None:
        return ""
    return f" (target ≥ {target:g}×: {'met' if ratio >= target else '**not met**'})"


def ratio_lines(key: str, results: Results, labels: dict[str, str]) -> list[str]:
    case, found = CASES[key], results.measures.get(key, {})
    isso, ceiling = found.get("isso"), found.get("ceiling")
    lines = []
    for name in PARLEYS:
        parley = found.get(name)
        if parley is None:
            continue
        rps = parley.median.rps
        parts = []
        if isso and isso.median.rps > 0:
            parts.append(
                f"÷ Isso = **{rps / isso.median.rps:,.1f}×**"
                + _verdict(rps / isso.median.rps, case.isso_target)
            )
        if ceiling and ceiling.median.rps > 0:
            share = rps / ceiling.median.rps
            parts.append(
                f"÷ ceiling = **{share:.3f}**"
                + (
                    f" (target ≥ {case.ceiling_target:g}: "
                    f"{'met' if share >= case.ceiling_target else '**not met**'})"
                    if case.ceiling_target
                    else ""
                )
            )
        if case.isso_reference:
            parts.append(
                f"÷ Isso's quiet-machine {case.isso_reference:g} req/s "
                f"(shared/notes/isso-peer.md) = {rps / case.isso_reference:,.1f}×"
            )
        json_page = results.measures.get("page100", {}).get(name)
        if key == "html100" and json_page and json_page.median.rps > 0:
            share = rps / json_page.median.rps
            parts.append(
                f"÷ the JSON first page (page100) = **{share:.2f}** (target ≥ 0.8: "
                f"{'met' if share >= HTML_TARGET else '**not met**'})"
            )
        if parts:
            lines.append(f"- {labels[name]} " + "; ".join(parts) + ".")
    one, two = found.get("parley-sqlite-1w"), found.get("parley-sqlite")
    if one and two and one.median.rps > 0:
        lines.append(
            f"- Parley SQLite 2 workers ÷ 1 worker = {two.median.rps / one.median.rps:.2f}×."
        )
    return lines


def case_section(key: str, results: Results, labels: dict[str, str]) -> list[str]:
    found = results.measures.get(key, {})
    if not found:
        return []
    lines = [f"### {CASES[key].title}", ""]
    sizes = results.sizes.get(key, {})
    if sizes:
        lines += ["Response bodies: " + ", ".join(f"{k} {v:,} B" for k, v in sizes.items()), ""]
    lines += [
        "| server | req/s | p50 ms | p99 ms | CPU ms/req | requests | wrk -d | errors "
        "| RSS after MB | PSS MB | other load |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for name in ORDER:
        if name not in found:
            continue
        m = found[name]
        r, mem = m.median, m.memory
        rss = f"{mem.rss_mb:,.0f} ({mem.processes} proc.)" if mem else "—"
        pss = f"{mem.pss_mb:,.0f}" if mem else "—"
        p50, p99 = (fmt_ms(r.p50), fmt_ms(r.p99)) if r.requests else ("—", "—")
        lines.append(
            f"| {labels[name]} | {fmt_rps(r.rps)} | {p50} | {p99} | {r.cpu_ms:.2f} | "
            f"{r.requests:,} | {m.duration} s | {m.problems or '—'} | {rss} | {pss} | "
            f"{r.foreign:.2f} |"
        )
    return [*lines, "", *ratio_lines(key, results, labels), ""]


def summary_table(results: Results, labels: dict[str, str]) -> list[str]:
    names = [n for n in ORDER if any(n in v for v in results.measures.values())]
    if not names:
        return []
    head = "| case | " + " | ".join(labels[n] for n in names)
    lines = [head + " | SQLite ÷ Isso | SQLite ÷ ceiling | PG ÷ Isso | PG+Redis ÷ SQLite |"]
    lines.append("|---|" + "---:|" * (len(names) + 4))
    for key in CASES:
        found = results.measures.get(key)
        if not found:
            continue
        cells = [fmt_rps(found[n].median.rps) if n in found else "—" for n in names]

        def ratio(a: str, b: str, found: dict[str, wrk.Measure] = found) -> str:
            if a in found and b in found and found[b].median.rps > 0:
                return f"{found[a].median.rps / found[b].median.rps:,.2f}"
            return "—"

        ratios = [
            ratio("parley-sqlite", "isso"),
            ratio("parley-sqlite", "ceiling"),
            ratio("parley-postgres", "isso"),
            ratio("parley-postgres-redis", "parley-sqlite"),
        ]
        lines.append(f"| {key} | " + " | ".join(cells + ratios) + " |")
    return [*lines, "", "req/s, median run; ratios of req/s.", ""]


def scale_section(scale: Scale) -> list[str]:
    lines = [
        "### Scale: first page against thread and database size (Parley SQLite, 2 workers)",
        "",
        f"The large database: {scale.how}; file {scale.file_bytes / 1e9:.2f} GB. The same two "
        "threads (the 100-comment thread A and the big thread) are in the small and the large "
        "database (the small one's rows are the page100/page10k cases above); *cold*: the first "
        "request, before the page is in Parley's cache.",
        "",
        "| comments in the database | in the thread | req/s | p50 ms | p99 ms | cold ms | bytes "
        "| errors |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for database, thread, m, size, cold in scale.rows:
        r = m.median
        lines.append(
            f"| {database} | {thread} | {fmt_rps(r.rps)} | {fmt_ms(r.p50)} | {fmt_ms(r.p99)} | "
            f"{'—' if cold != cold else f'{cold:.1f}'} | {size:,} | {m.problems or '—'} |"
        )
    return [*lines, ""]


def sse_section(sse: SseReport) -> list[str]:
    lines = ["### Live updates (SSE, issue 15)", ""]
    if sse.skipped:
        return [*lines, f"Skipped: {sse.skipped}.", ""]
    if sse.baseline:
        lines.append(f"One process (`app.serve --workers 1`, SQLite), idle: {sse.baseline}")
        lines.append("")
    if sse.levels:
        lines += [
            "| idle streams wanted | open | failed | RSS MB | PSS MB | KB per stream "
            "| open time s |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        base = sse.baseline.rss_mb if sse.baseline else 0.0
        for lv in sse.levels:
            per = (lv.memory.rss_mb - base) * 1024 / max(1, lv.open)
            lines.append(
                f"| {lv.target:,} | {lv.open:,} | {lv.failed:,} | {lv.memory.rss_mb:,.0f} | "
                f"{lv.memory.pss_mb:,.0f} | {per:.1f} | {lv.seconds:.1f} |"
            )
        lines += ["", f"Liveness: {sse.live_check}.", ""]
    if sse.delay_setup:
        d = sse.delays_ms
        got = f"{len(d):,} of {sse.expected_deliveries:,} deliveries"
        if d:
            lines.append(
                f"POST → event at another process: p50 {percentile(d, 50):.1f} ms, p99 "
                f"{percentile(d, 99):.1f} ms, max {max(d):.1f} ms ({got}). {sse.delay_setup}."
            )
            c = sse.after_commit_ms
            lines.append(
                f"From the POST's answer (the comment committed) to the event: p50 "
                f"{percentile(c, 50):.1f} ms, p99 {percentile(c, 99):.1f} ms — the rest is "
                "the POST itself on a loaded process."
            )
        else:
            lines.append(f"POST → event at another process: no event arrived ({got}).")
        lines.append("")
    lines += [f"- {n}" for n in sse.notes]
    return [*lines, ""]


def write(path: Path, run: Run) -> None:
    m = machine()
    labels = {n: info.get("label", n) for n, info in run.servers.items()}
    for name in ORDER:
        labels.setdefault(name, name)
    lines = [
        "# Benchmark results: Parley (SQLite, PostgreSQL) vs Isso vs a bare ASGI ceiling",
        "",
        f"Written by `python bench/run.py {run.options}`".rstrip() + f" on {run.date} "
        f"(one run, {run.elapsed:.0f} s end to end). Same machine, same data, same run for every "
        "server; everything on 127.0.0.1; one server runs at a time.",
        "",
        "## Machine and versions",
        f"- CPU: {m['cpu']}, {m['cores']} cores (shared by the server **and** wrk), "
        f"{m['memory']} RAM; {m['os']}; Python {m['python']}",
        f"- Load: {m['wrk']}, `wrk -t{wrk.THREADS} -c{wrk.CONNECTIONS} -d{run.duration}s "
        f"--latency --timeout {wrk.TIMEOUT}`, {run.runs} run(s) per measurement; the table shows "
        "the run with the median req/s (its own p50/p99). Before each run the script waits until "
        "the server's processes are idle. A server that needs more than a quarter of the run to "
        "answer 32 queued requests gets a longer run (up to 30 s).",
    ]
    for name in ORDER:
        info = run.servers.get(name)
        if not info:
            continue
        shown = {k: v for k, v in info.items() if k not in {"label", "command", "db", "big"}}
        lines.append(
            f"- {labels[name]}: `{info.get('command', '?')}`; "
            + ", ".join(f"{k} {v}" for k, v in shown.items())
        )
    lines += [
        "- Parley: write and read rate limits raised to 1000000/second (the limiter still runs); "
        "Isso: config of `shared/notes/isso-peer.md` (moderation off, guard on with its limits "
        "raised); ceiling: a bare ASGI function answering Parley's own bytes for the case.",
        "- *RSS after*: summed resident set of the server's processes right after the case "
        "(shared pages counted in every process); *PSS*: the same with shared pages divided "
        "among the processes. *CPU ms/req*: user + system CPU of the server's processes "
        "(workers and supervisor) during the run ÷ the requests it completed (for Parley on "
        "PostgreSQL, PostgreSQL's own CPU is in *other load*). *other load*: CPU cores used "
        "during the run by processes other than the server and wrk (others share this machine; "
        "near 0 is a clean run, PostgreSQL's backends count here).",
        "",
        "## Data",
        f"- {run.data}",
        *[f"- {name}: {how}" for name, how in run.seeding.items()],
        "",
        "## Summary",
        "",
        *summary_table(run.results, labels),
        "## Results",
        "",
    ]
    for key in CASES:
        lines += case_section(key, run.results, labels)
    if run.scale:
        lines += scale_section(run.scale)
    if run.queries:
        lines += [
            "### Queries of one uncached thread read (Parley SQLite)",
            "",
            "Counted in process with a SQLAlchemy cursor-execute listener, page cache off; "
            "BEGIN/ROLLBACK/COMMIT not counted.",
            "",
            "| thread | limit | SQL statements | time in SQL ms | whole request ms | bytes |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for q in run.queries:
            lines.append(
                f"| {q['url']} | {q['limit']} | {q['queries']} | {q['sql_ms']:.2f} | "
                f"{q['ms']:.1f} | {q['bytes']:,} |"
            )
        lines.append("")
    if run.sse:
        lines += sse_section(run.sse)
    notes = run.notes + run.results.skipped
    if notes:
        lines += ["## Notes", "", *[f"- {n}" for n in notes], ""]
    kept = ""
    if path.exists() and KEEP_MARKER in path.read_text():
        kept = path.read_text()[path.read_text().index(KEEP_MARKER) :]
    path.write_text("\n".join(lines) + ("\n" + kept if kept else ""))


def console(run: Run) -> str:
    """The summary table and the scale/SSE figures, for the terminal."""
    labels = {n: info.get("label", n) for n, info in run.servers.items()}
    for name in ORDER:
        labels.setdefault(name, name)
    out = summary_table(run.results, labels)
    for key in CASES:
        found = run.results.measures.get(key, {})
        for name in ORDER:
            if name in found:
                r, mem = found[name].median, found[name].memory
                out.append(
                    f"{key:12s} {labels[name]:22s} {r.rps:10,.1f} req/s  p50 {r.p50:8.2f} ms  "
                    f"p99 {r.p99:8.2f} ms  errors {found[name].errors}  "
                    f"RSS {mem.rss_mb if mem else 0:,.0f} MB"
                )
    if run.scale:
        out += scale_section(run.scale)
    if run.sse:
        out += sse_section(run.sse)
    out += [f"note: {n}" for n in run.notes + run.results.skipped]
    return "\n".join(out)
