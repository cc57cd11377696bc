"""`--profile CASE`: one extra wrk run of the case with py-spy sampling every process of the
server; a short summary of the top frames goes into bench/PROFILES.md."""

from __future__ import annotations

import re
import subprocess
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from . import wrk
from .common import BENCH, ROOT, WORK, log
from .servers import Server

PROFILES = BENCH / "PROFILES.md"
PY_SPY = str(ROOT / ".venv" / "bin" / "py-spy")
FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")
HEADER = """# Profiles: where a Parley request's time goes

Written by `python bench/run.py --profile CASE` (see bench/README.md): during one extra wrk run
of the case (not counted in RESULTS.md) `py-spy record --subprocesses` samples every process of
the server (uvicorn's supervisor and its workers) at 100 Hz; idle threads are not sampled. Each
section is replaced when its case is profiled again on the same server.

- *self*: share of samples whose innermost frame is that function (where the CPU actually is);
- *by package*: the same, summed by the innermost frame's top-level package or module;
- *app frames*: share of samples with that function of `app/` anywhere on the stack (inclusive).
"""


def _where(file: str) -> str:
    """A short name for a frame's file: `app/x/y.py`, a site-packages package, or the stdlib."""
    if "site-packages/" in file:
        return file.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if file.startswith("app/"):
        return file
    if "/app/" in file and "/lib/python" not in file:
        return "app/" + file.rsplit("/app/", 1)[1]
    if "/lib/python" in file:
        return "stdlib:" + file.rsplit("/lib/python", 1)[1].split("/", 1)[-1]
    return file


def summarize(raw: str, top: int = 12) -> tuple[int, list[str]]:
    """Markdown lines summarizing py-spy's raw (collapsed-stack) output."""
    self_time: Counter[str] = Counter()
    package: Counter[str] = Counter()
    app: Counter[str] = Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        frames = []
        for part in stack.split(";"):
            m = FRAME.match(part)
            if m:
                frames.append((m["func"], _where(m["file"])))
        if not frames:
            continue
        func, where = frames[-1]
        self_time[f"`{func}` ({where})"] += count
        package[where.removeprefix("stdlib:").split("/", 1)[0].removesuffix(".py")] += count
        for name in {f"`{f}` ({w})" for f, w in frames if w.startswith("app/")}:
            app[name] += count
    if not total:
        return 0, ["No samples (py-spy saw no busy thread)."]

    def table(title: str, counter: Counter[str]) -> list[str]:
        rows = [f"| {name} | {100 * n / total:.1f} % |" for name, n in counter.most_common(top)]
        return [f"| {title} | share |", "|---|---:|", *rows, ""]

    return total, [
        *table("self", self_time),
        *table("by package", package),
        *table("app frames (inclusive)", app),
    ]


def record(
    server: Server, key: str, request_url: str, script: list[str] | None, seconds: int
) -> None:
    """Profile one wrk run of a case on a server and write its section of PROFILES.md."""
    out = WORK / f"profile-{key}-{server.name}.txt"
    server.settle()
    spy = subprocess.Popen(
        [
            *[PY_SPY, "record", "--pid", str(server.proc.pid), "--subprocesses"],
            # Blocking mode (py-spy pauses the process per sample): --nonblocking misses that
            # threads are idle and counts time in epoll and queue waits as busy.
            *["--format", "raw", "--rate", "100"],
            *["--duration", str(seconds + 1), "-o", str(out)],
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(1)  # attach before the load starts
    command = wrk.argv(request_url, seconds, script, wrk.CONNECTIONS)
    result = wrk.parse(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    _, err = spy.communicate(timeout=seconds + 60)
    if spy.returncode != 0 or not out.exists():
        log(f"py-spy failed ({spy.returncode}): {err.decode(errors='replace')[-300:]}")
        return
    total, lines = summarize(out.read_text())
    heading = f"## {key} — {server.label}"
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = [
        heading,
        "",
        f"{when}; `{' '.join(command[:-1] if not script else command[: command.index('-s')])}`: "
        f"{result.rps:,.0f} req/s under the profiler, {total:,} samples.",
        "",
        *lines,
    ]
    write_section(PROFILES, heading, section)
    log(f"profile of {key} on {server.name}: {total} samples → {PROFILES}")


def write_section(path: Path, heading: str, section: list[str]) -> None:
    text = path.read_text() if path.exists() else HEADER
    parts = re.split(r"(?m)^(?=## )", text)
    kept = [p for p in parts if not p.startswith(heading + "\n")]
    body = "".join(kept).rstrip("\n") + "\n\n" + "\n".join(section).rstrip("\n") + "\n"
    path.write_text(body)
