"""Opaque keyset cursors for admin listings: newest first, by (created_at, id) or by id."""

import base64
import binascii
import json
from datetime import datetime
from typing import Any, Protocol, cast

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.errors import InvalidInput
from app.validation import DB_INT_MAX

BAD_CURSOR = "Invalid cursor; use next_cursor from a previous page."


def _encode(data: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _decode(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
        raise InvalidInput(BAD_CURSOR) from exc
    if not isinstance(data, list):
        raise InvalidInput(BAD_CURSOR)
    return data


def _row_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= DB_INT_MAX:
        raise InvalidInput(BAD_CURSOR)
    return value


def encode_id_cursor(row_id: int) -> str:
    return _encode(["id", row_id])


def decode_id_cursor(cursor: str) -> int:
    data = _decode(cursor)
    if len(data) != 2 or data[0] != "id":
        raise InvalidInput(BAD_CURSOR)
    return _row_id(data[1])


def encode_time_cursor(created_at: datetime, row_id: int) -> str:
    return _encode(["t", created_at.isoformat(), row_id])


def before_time_cursor(
    cursor: str, created: InstrumentedAttribute[datetime], ident: InstrumentedAttribute[int]
) -> ColumnElement[bool]:
    """Rows strictly older than the cursor in (created_at desc, id desc) order."""
    data = _decode(cursor)
    if len(data) != 3 or data[0] != "t" or not isinstance(data[1], str):
        raise InvalidInput(BAD_CURSOR)
    try:
        created_at = datetime.fromisoformat(data[1])
    except ValueError as exc:
        raise InvalidInput(BAD_CURSOR) from exc
    if created_at.tzinfo is None:
        raise InvalidInput(BAD_CURSOR)
    row_id = _row_id(data[2])
    return or_(created < created_at, and_(created == created_at, ident < row_id))


class HasId(Protocol):
    id: Any


async def newest_first(
    session: AsyncSession,
    query: Any,  # a Select of one entity with an `id`
    id_column: Any,
    *,
    cursor: str | None,
    limit: int,
) -> tuple[list[Any], str | None]:
    """One page of an id-ordered listing, newest first: the rows and the cursor of the next page
    (None on the last one). `query` selects one entity with an `id`."""
    if cursor:
        query = query.where(id_column < decode_id_cursor(cursor))
    rows = list((await session.scalars(query.order_by(id_column.desc()).limit(limit + 1))).all())
    more = len(rows) > limit
    rows = rows[:limit]
    last = cast(HasId, rows[-1]) if more and rows else None
    return rows, encode_id_cursor(last.id) if last is not None else None
