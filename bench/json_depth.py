"""Work of the JSON depth check on hostile and benign bodies (issue 23 item 1).

`python -m bench.json_depth [--old]` prints CPU seconds per size. `--old` also times the pattern
the check replaced, up to 128 KB (it grows with the square of the size: 1 MB takes hours).

Measured on the shared 2-core VM (CPU seconds): new check, 64 KB / 1 MB / 16 MB / 50 MB:
benign 0.0006 / 0.009 / 0.18 / 0.49; hostile 0.0005 / 0.009 / 0.14 / 0.27; hostile inside a
string 0.0004 / 0.008 / 0.12 / 0.33. Old pattern on the hostile body, 16 / 32 / 64 / 128 KB:
1.2 / 4.1 / 15.6 / 62.9 s.
"""

import re
import sys
import time
from collections.abc import Callable

from app.jsondepth import json_depth_exceeds
from tests.security.test_json_depth import benign, hostile, hostile_in_string

_OLD = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def old_check(body: bytes, limit: int = 32) -> bool:
    depth = 0
    for token in _OLD.finditer(body):
        depth += {b"[": 1, b"{": 1, b"]": -1, b"}": -1}.get(token.group(), 0)
        if depth > limit:
            return True
    return False


def cpu(check: Callable[[bytes], bool], body: bytes) -> float:
    start = time.process_time()
    check(body)
    return time.process_time() - start


def main() -> None:
    sizes = [64 * 1024, 1024 * 1024, 16 * 1024 * 1024, 50 * 1024 * 1024]
    for make in (benign, hostile, hostile_in_string):
        for size in sizes:
            seconds = cpu(json_depth_exceeds, make(size))
            print(f"new {make.__name__:18} {size:>9} B  {seconds:.4f} s")
    if "--old" in sys.argv:
        for size in (16 * 1024, 32 * 1024, 64 * 1024, 128 * 1024):
            print(f"old hostile            {size:>9} B  {cpu(old_check, hostile(size)):.4f} s")


if __name__ == "__main__":
    main()
