"""Remark42 backup (`remark42 backup`, usually gzipped): a first line of metadata
`{"version", "users", "posts"}`, then one JSON comment per line with `id`, `pid` (parent, ""
at the top level), `text` (HTML), `orig` (the Markdown it was written in), `user`
`{name, id, picture}`, `locator` `{site, url}`, `score`, `time`, `delete` and `title`.

Read line by line (flat memory); a gzip file is recognised by its magic bytes. Remark42 users are
its own OAuth accounts, which Parley cannot verify: every comment comes in as a guest comment.
"""

import gzip
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, cast

from app.comments.models import CommentStatus
from app.porting import jsondoc
from app.porting.html import imported_html
from app.porting.records import (
    UNSET_DATE,
    CommentRecord,
    ImportFailed,
    Note,
    Record,
    ThreadRecord,
    clean_text,
    first_date,
)

LABEL = "Remark42 backup"
GZIP_MAGIC = b"\x1f\x8b"
# JSON text compresses about 10×; far more is a decompression bomb, not a backup.
MAX_RATIO, SLACK = 200, 16 * 1024 * 1024


class _Counting:
    """Reports the compressed bytes read, for progress."""

    def __init__(self, raw: BinaryIO, on_read: Callable[[int], None] | None) -> None:
        self.raw, self.on_read = raw, on_read
        self.total = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.total += len(data)
        if self.on_read is not None:
            self.on_read(len(data))
        return data


def _lines(stream: BinaryIO, on_read: Callable[[int], None] | None) -> Iterator[bytes]:
    head = stream.read(2)
    counting = _Counting(stream, on_read)
    if on_read is not None:
        on_read(len(head))
    rest: Any = counting
    if head == GZIP_MAGIC:
        rest = gzip.GzipFile(fileobj=cast(BinaryIO, _Prefixed(head, counting)), mode="rb")
        head = b""
    inflated = 0
    try:
        buffer = head
        while chunk := rest.read(64 * 1024):
            inflated += len(chunk)
            if inflated > MAX_RATIO * counting.total + SLACK:
                raise ImportFailed(f"{LABEL}: the gzip file expands more than {MAX_RATIO}×")
            buffer += chunk
            *complete, buffer = buffer.split(b"\n")
            yield from complete
        if buffer:
            yield buffer
    except (OSError, EOFError) as exc:
        raise ImportFailed(f"{LABEL}: not a readable gzip file ({exc})") from None


class _Prefixed:
    """A stream with bytes already read put back in front (for GzipFile)."""

    def __init__(self, prefix: bytes, raw: _Counting) -> None:
        self.prefix, self.raw = prefix, raw

    def read(self, size: int = -1) -> bytes:
        if self.prefix:
            data, self.prefix = self.prefix, b""
            return data + (self.raw.read(size - len(data)) if size > len(data) else b"")
        return self.raw.read(size)


def _str(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    return value if isinstance(value, str) else ""


def _dict(raw: dict[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key)
    return value if isinstance(value, dict) else {}


def _check_meta(line: bytes) -> None:
    meta = jsondoc.loads(jsondoc.decode(line, LABEL, "line 1"), LABEL, "line 1")
    known = isinstance(meta, dict) and "version" in meta and ("users" in meta or "posts" in meta)
    if not known or "comments" in meta or "id" in meta:
        raise ImportFailed(
            f'{LABEL}: line 1: not a Remark42 backup (expected {{"version", "users", "posts"}})'
        )


def _comment(raw: dict[str, Any], place: str) -> Record:
    comment_id = _str(raw, "id").strip()
    if not comment_id:
        return Note("comment", "skipped", "no-id", place, f"{LABEL}: {place}: no id")
    source_id = f"remark42:{comment_id}"
    locator = _dict(raw, "locator")
    url = _str(locator, "url").strip()
    if not url:
        message = f"{LABEL}: {place}: no locator.url, so no page to put it on"
        return Note("comment", "skipped", "no-thread", source_id, message)
    user = _dict(raw, "user")
    parent = _str(raw, "pid").strip()
    html = _str(raw, "text")
    record = CommentRecord(
        source_id=source_id,
        thread_key=url,
        parent=f"remark42:{parent}" if parent else None,
        place=f"{place} ({comment_id})",
        created_at=UNSET_DATE,
        body=_str(raw, "orig") or html,
        body_html=imported_html(html, paragraphs=False),
        status=CommentStatus.deleted if raw.get("delete") is True else CommentStatus.approved,
        author_name=clean_text(_str(user, "name"), 100),
        score=raw["score"] if isinstance(raw.get("score"), int) else 0,
    )
    record.created_at = first_date(record, [("time", _str(raw, "time"), "")], None)
    return record


def parse_remark42(
    stream: BinaryIO, *, on_read: Callable[[int], None] | None = None
) -> Iterator[Record]:
    """Records of a Remark42 backup: each page's thread before its first comment."""
    lines = _lines(stream, on_read)
    first = next(lines, b"")
    if not first.strip():
        raise ImportFailed(f"{LABEL}: the file is empty")
    _check_meta(first)
    threads: set[str] = set()
    for number, line in enumerate(lines, start=2):
        if not line.strip():
            continue
        place = f"line {number}"
        raw = jsondoc.loads(jsondoc.decode(line, LABEL, place), LABEL, place)
        if not isinstance(raw, dict):
            message = f"{LABEL}: {place}: not an object"
            yield Note("comment", "skipped", "invalid-record", place, message)
            continue
        record = _comment(raw, place)
        if isinstance(record, CommentRecord) and record.thread_key not in threads:
            threads.add(record.thread_key)
            title = clean_text(_str(raw, "title"), 500)
            yield ThreadRecord(
                key=record.thread_key, url=record.thread_key, place=place, title=title
            )
        yield record
