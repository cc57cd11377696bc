"""Parley vs Isso vs a bare ASGI ceiling, in one run: `make bench` or
`python bench/run.py [--quick] [--cases …] [--profile CASE]`; see bench/README.md.

The code lives in the package bench/parley_bench/, one module per concern.
"""

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]

from parley_bench.cli import main  # noqa: E402
from parley_bench.procs import stop_all  # noqa: E402

if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        stop_all()
