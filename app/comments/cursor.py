"""Opaque keyset-pagination cursors for the thread's top-level comments."""

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.orm import InstrumentedAttribute

from app.comments.models import Comment
from app.comments.schemas import ThreadSort
from app.errors import InvalidInput

SortKey = list[tuple[InstrumentedAttribute[Any], bool]]  # (column, descending)

SORT_KEYS: dict[str, SortKey] = {
    "oldest": [(Comment.created_at, False), (Comment.id, False)],
    "newest": [(Comment.created_at, True), (Comment.id, True)],
    "top": [(Comment.score, True), (Comment.created_at, False), (Comment.id, False)],
}


def order_by(sort: ThreadSort) -> list[ColumnElement[Any]]:
    return [col.desc() if desc else col.asc() for col, desc in SORT_KEYS[sort]]


def encode_cursor(sort: ThreadSort, comment: Comment) -> str:
    values = [getattr(comment, col.key) for col, _ in SORT_KEYS[sort]]
    raw = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps([sort, *raw]).encode()).decode().rstrip("=")


def decode_cursor(sort: ThreadSort, cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(data, list) or data[0] != sort:
            raise ValueError("cursor belongs to another sort order")
        values = data[1:]
        out: list[Any] = []
        for (col, _), value in zip(SORT_KEYS[sort], values, strict=True):
            if col.key == "created_at":
                out.append(datetime.fromisoformat(value))
            elif isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**31:
                out.append(value)
            else:
                raise ValueError("bad cursor value")
        return out
    except (ValueError, TypeError, IndexError, UnicodeDecodeError, binascii.Error) as exc:
        raise InvalidInput("Invalid cursor; use next_cursor from a previous page.") from exc


def after_cursor(sort: ThreadSort, cursor: str) -> ColumnElement[bool]:
    """Rows strictly after the cursor in the sort order (lexicographic keyset condition)."""
    values = decode_cursor(sort, cursor)
    keys = SORT_KEYS[sort]
    clauses = []
    for i, (col, desc) in enumerate(keys):
        equal_prefix = [k == v for (k, _), v in zip(keys[:i], values[:i], strict=True)]
        beyond = col < values[i] if desc else col > values[i]
        clauses.append(and_(*equal_prefix, beyond))
    return or_(*clauses)
