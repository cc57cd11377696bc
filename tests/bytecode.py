"""Compiled bytecode for every Python process of a test run, even where PYTHONDONTWRITEBYTECODE
is set (this sandbox's environment, and images built like the Dockerfile).

Without it, each `python -m app.serve` / `python -m app.cli` the suite starts (a few dozen)
compiled FastAPI, SQLAlchemy, Pydantic and the app from source again: about 6 s of CPU apiece,
most of the suite's time on a 2-core machine. Here the bytes go to one cache outside the source
tree (PYTHONPYCACHEPREFIX, under .pytest_cache/, already ignored by git), so the tree stays free
of __pycache__ folders as the variable intends; the first process writes, every later one reads.
Python checks each cached file against its source's size and mtime, so an edited module is
compiled again. A prefix the caller set is kept."""

import os
import sys
from pathlib import Path

CACHE = Path(__file__).resolve().parent.parent / ".pytest_cache" / "pycache"


def cache_bytecode() -> None:
    """Turn bytecode writing on for this process and its children, into the shared prefix."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE") and not sys.dont_write_bytecode:
        return  # Python's default: __pycache__ next to each module, written and read already
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    prefix = os.environ.setdefault("PYTHONPYCACHEPREFIX", str(CACHE))
    sys.pycache_prefix = prefix
    sys.dont_write_bytecode = False
