"""Isso's SQLite database: `threads` (uri, title) and `comments` (Markdown text, mode, votes).

Isso keys threads by path (`/2019/hello/`), so a base URL makes them absolute. Isso keeps only
per-comment like/dislike counts, not who voted: the score is likes - dislikes and no votes are
recreated.
"""

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from app.comments.models import CommentStatus
from app.comments.render import render_markdown
from app.porting.records import (
    UNSET_DATE,
    CommentRecord,
    ImportFailed,
    Note,
    Record,
    ThreadRecord,
    clean_text,
    optional_text,
    shorten,
    timestamp_to_datetime,
)

MODES = {1: CommentStatus.approved, 2: CommentStatus.pending, 4: CommentStatus.deleted}
COMMENT_COLUMNS = (
    "tid",
    "id",
    "parent",
    "created",
    "modified",
    "mode",
    "remote_addr",
    "text",
    "author",
    "email",
    "website",
    "likes",
    "dislikes",
)
LABEL = "Isso database"


def _connect(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.text_factory = bytes  # decode ourselves, to name the row that is not UTF-8
        columns = {row[1].decode() for row in conn.execute("PRAGMA table_info(comments)")}
        thread_columns = {row[1].decode() for row in conn.execute("PRAGMA table_info(threads)")}
    except sqlite3.DatabaseError as exc:
        raise ImportFailed(f"{LABEL}: not an SQLite database ({exc})") from None
    missing = (set(COMMENT_COLUMNS) - columns) | ({"id", "uri", "title"} - thread_columns)
    if missing:
        conn.close()
        raise ImportFailed(
            f"{LABEL}: not an Isso database: missing columns {', '.join(sorted(missing))}"
        )
    return conn


def _text(value: Any, place: str, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportFailed(
                f"{place}: column {column} holds bytes that are not valid UTF-8 "
                f"(at byte {exc.start})"
            ) from None
    return str(value)


def _threads(conn: sqlite3.Connection, base_url: str) -> dict[int, ThreadRecord]:
    threads = {}
    for tid, uri, title in conn.execute("SELECT id, uri, title FROM threads ORDER BY id"):
        place = f"thread {tid}"
        path = _text(uri, place, "uri")
        name = _text(title, place, "title")
        threads[tid] = ThreadRecord(
            key=str(tid),
            url=urljoin(base_url, path),
            place=f"thread {tid} ({shorten(path)!r})",
            title=clean_text(name, 500),
        )
    return threads


def _comment(row: tuple[Any, ...], thread: ThreadRecord) -> CommentRecord:
    tid, cid, parent, created, modified, mode, addr, text, author, email, website = row[:11]
    likes, dislikes = row[11:]
    place = f"comment {cid} (thread {tid})"
    body = _text(text, place, "text")
    record = CommentRecord(
        source_id=f"isso:{cid}",
        thread_key=thread.key,
        parent=f"isso:{parent}" if parent is not None else None,
        place=place,
        created_at=UNSET_DATE,
        body=body,
        body_html=render_markdown(body),
        status=MODES.get(mode, CommentStatus.pending),
        author_name=clean_text(_text(author, place, "author"), 100),
        author_email=optional_text(_text(email, place, "email"), 254),
        author_website=optional_text(_text(website, place, "website"), 500),
        author_ip=optional_text(_text(addr, place, "remote_addr"), 64),
        score=max(-(2**31), min(2**31 - 1, int(likes or 0) - int(dislikes or 0))),
    )
    if mode not in MODES:
        record.adjust("unknown-status", f"unknown mode {mode!r} (expected 1, 2 or 4)", "held")
    try:
        record.created_at = timestamp_to_datetime(created, place, "created")
    except ImportFailed as exc:
        problem = (exc.detail or "").removeprefix(f"{place}: ")
        record.adjust("date-from-import", problem, "used the import time")
        record.created_at = datetime.now(UTC)
    if modified is not None:
        try:
            record.edited_at = timestamp_to_datetime(modified, place, "modified")
        except ImportFailed as exc:
            problem = (exc.detail or "").removeprefix(f"{place}: ")
            record.adjust("date-out-of-range", problem, "edit date dropped")
    return record


def parse_isso(
    path: Path, *, base_url: str, on_read: Callable[[int], None] | None = None
) -> Iterator[Record]:
    """Records of an Isso database, thread by thread."""
    with closing(_connect(path)) as conn:
        threads = _threads(conn, base_url)
        current: int | None = None
        query = f"SELECT {', '.join(COMMENT_COLUMNS)} FROM comments ORDER BY tid, id"  # noqa: S608
        for row in conn.execute(query):
            thread = threads.get(row[0])
            if thread is None:
                message = f"comment {row[1]}: its thread {row[0]} does not exist"
                yield Note("comment", "skipped", "no-thread", f"isso:{row[1]}", message)
                continue
            if row[0] != current:
                current = row[0]
                yield thread
            yield _comment(row, thread)
            if on_read is not None:
                on_read(1)
