"""JSON from import files: nesting bounded before parsing, errors that name the place.

A document nested thousands of levels deep would exhaust the parser's recursion (a 500); no
export format nests more than a few levels, so anything deeper than MAX_DEPTH is refused first.
"""

import json
import re
from typing import Any

from app.porting.records import ImportFailed

MAX_DEPTH = 32
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def nesting_depth(text: str) -> int:
    """The deepest nesting of arrays and objects, strings ignored (no parsing)."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def loads(text: str, label: str, place: str = "") -> Any:
    """Parse one JSON text; too deep or malformed → ImportFailed naming the place."""
    where = f"{label}: {place + ': ' if place else ''}"
    if nesting_depth(text) > MAX_DEPTH:
        raise ImportFailed(f"{where}JSON nested deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        at = "" if place else f" at line {exc.lineno}, column {exc.colno}"
        raise ImportFailed(f"{where}malformed JSON{at}: {exc.msg}") from None
    except RecursionError:  # defence in depth: the scan above should have refused it
        raise ImportFailed(f"{where}JSON nested too deeply") from None


def decode(data: bytes, label: str, place: str = "") -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        where = f"{place}: " if place else ""
        raise ImportFailed(
            f"{label}: {where}bytes that are not valid UTF-8 at byte offset {exc.start}"
        ) from None
