"""JSON from import files: nesting bounded before parsing, errors that name the place.

A document nested thousands of levels deep would exhaust the parser's recursion (a 500); no
export format nests more than a few levels, so anything deeper than MAX_DEPTH is refused first,
by the same linear-time check as request bodies (`app/jsondepth.py`).
"""

import json
from typing import Any

from app.jsondepth import MAX_JSON_DEPTH, json_depth_exceeds
from app.porting.records import ImportFailed

MAX_DEPTH = MAX_JSON_DEPTH


def loads(text: str, label: str, place: str = "") -> Any:
    """Parse one JSON text; too deep or malformed → ImportFailed naming the place."""
    where = f"{label}: {place + ': ' if place else ''}"
    too_deep = ImportFailed(f"{where}JSON nested deeper than {MAX_DEPTH} levels")
    # Checked before anything recurses into the result; parsed anyway when it fails, so that a
    # truncated file (its brackets do not balance) is reported where the parser stops.
    refused = json_depth_exceeds(text, MAX_DEPTH)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        at = "" if place else f" at line {exc.lineno}, column {exc.colno}"
        raise ImportFailed(f"{where}malformed JSON{at}: {exc.msg}") from None
    except RecursionError:  # the C parser stops at the interpreter's recursion limit
        raise too_deep from None
    if refused:
        raise too_deep
    return doc


def decode(data: bytes, label: str, place: str = "") -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        where = f"{place}: " if place else ""
        raise ImportFailed(
            f"{label}: {where}bytes that are not valid UTF-8 at byte offset {exc.start}"
        ) from None
