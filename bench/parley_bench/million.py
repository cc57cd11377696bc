"""The 1,000,000-comment database: generated once through the import path (a Parley export
document streamed to `python -m app.cli import parley`), cached under bench/.work/million/N/."""

from __future__ import annotations

import json
import random
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .common import ORIGIN, PYTHON, SITE, WORK, app_root, log
from .data import Dataset, SeedComment, SeedThread, sentence
from .parley import Database, parley_env, sqlite_database
from .seed import renderer, stamp, thread_records, write_document

DIRECTORY = WORK / "million"
GENERATOR = 2  # bump when the generated content changes: the cached database is rebuilt
FILLER_SIZE = 100  # comments per filler thread (70 top-level + 30 replies)


@dataclass
class MillionDb:
    db: Database
    comments: int
    threads: int
    file_bytes: int
    how: str


def _site() -> dict[str, Any]:
    return {
        "id": SITE,
        "name": "Bench blog",
        "origins": [ORIGIN],
        "moderation": "none",
        "guest_policy": "name_email",
        "edit_window_seconds": 900,
        "max_depth": 3,
        "closed": False,
        "disabled_providers": [],
        "spam_settings": {},
        "created_at": stamp(0),
    }


def _filler(data: Dataset, count: int) -> Iterator[SeedThread]:
    """Threads of 100 comments with short bodies (one or two sentences, ~110 bytes) from a pool
    of 500, rendered once each: the import's cost grows with the text, and what is measured is
    the number of rows around the probe threads, not their size."""
    rng = random.Random(1_000_000)
    pool = [" ".join(sentence(rng) for _ in range(rng.randint(1, 2))) for _ in range(500)]
    n = len(data.commenters)
    for t in range(count):
        top = FILLER_SIZE * 7 // 10
        comments = [SeedComment(None, (t + i) % n, pool[(t * 7 + i) % 500]) for i in range(top)]
        comments += [
            SeedComment((i * 13) % top, (t + i) % n, pool[(t * 11 + i) % 500])
            for i in range(FILLER_SIZE - top)
        ]
        yield SeedThread(f"/posts/f{t:05d}", f"Post f{t:05d}", comments)


def _records(data: Dataset, filler_threads: int) -> Iterator[dict[str, Any]]:
    render = renderer()
    # The two probe threads are the small database's thread A and 10,000-comment thread.
    yield from thread_records(data.thread_a, data.commenters, render, "a")
    yield from thread_records(data.big, data.commenters, render, "big")
    for i, thread in enumerate(_filler(data, filler_threads)):
        yield from thread_records(thread, data.commenters, render, f"f{i}", clock=i * 200)


def ensure(data: Dataset, total: int) -> MillionDb:
    """The cached database, made (about 2–4 minutes on 2 cores) when missing or outdated."""
    directory = DIRECTORY / str(total)  # one cache per size: a small test run leaves it alone
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "parley.db"
    meta_path = directory / "meta.json"
    filler = max(0, (total - len(data.thread_a.comments) - len(data.big.comments)) // FILLER_SIZE)
    comments = len(data.thread_a.comments) + len(data.big.comments) + filler * FILLER_SIZE
    wanted = {"generator": GENERATOR, "comments": comments, "big": len(data.big.comments)}
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if {k: meta.get(k) for k in wanted} == wanted:
            log(f"million: using the cached database {path} ({meta['how']})")
            return MillionDb(
                sqlite_database(path, fresh=False),
                comments,
                filler + 2,
                path.stat().st_size,
                meta["how"],
            )
    db = sqlite_database(path)
    env = {**parley_env(db, "unused", directory / "data"), "PYTHONPATH": str(app_root())}
    doc = directory / "import.json"
    t0 = time.monotonic()
    with doc.open("w") as out:
        records = write_document(out, _site(), _records(data, filler))
    t1 = time.monotonic()
    log(f"million: wrote a {doc.stat().st_size / 1e6:.0f} MB export document in {t1 - t0:.0f} s")
    migrate = "from app.config import get_settings; from app.serve import migrate; "
    migrate += "migrate(get_settings())"
    _run([PYTHON, "-c", migrate], env)
    _run(
        [PYTHON, "-m", "app.cli", "import", "parley", str(doc), "--site", SITE, "--no-progress"],
        env,
    )
    t2 = time.monotonic()
    size = doc.stat().st_size
    doc.unlink()
    how = (
        f"{comments:,} comments in {filler + 2:,} threads ({records:,} records, "
        f"{size / 1e6:.0f} MB document) imported by `python -m app.cli import parley` in "
        f"{t2 - t1:.0f} s (document written in {t1 - t0:.0f} s)"
    )
    meta_path.write_text(json.dumps({**wanted, "how": how}))
    log(f"million: {how}")
    return MillionDb(db, comments, filler + 2, path.stat().st_size, how)


def _run(argv: list[str], env: dict[str, str]) -> None:
    import os

    r = subprocess.run(
        argv,
        cwd=app_root(),
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])} failed: {r.stderr[-1000:]}")
