"""Paths, constants and logging shared by every module of the benchmark."""

from __future__ import annotations

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"
WORK = BENCH / ".work"
LOGS = WORK / "logs"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
# The Parley source tree that is served (`--app-root`; default: this checkout). The venv and the
# benchmark itself always come from this checkout.
_app_root = [ROOT]


def app_root() -> Path:
    return _app_root[0]


def set_app_root(path: Path) -> None:
    _app_root[0] = path.resolve()


ORIGIN = "https://blog.example.com"
SITE = "bench"
SEED = 20261128
N_COMMENTERS = 300
POST_THREAD = "/posts/bench-post"
BIG_THREAD = "/posts/big"

# RESULTS.md from this line on is written by hand (analysis); a new run keeps it.
KEEP_MARKER = "<!-- analysis below is written by hand; bench/run.py keeps it -->"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)
