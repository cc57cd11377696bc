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


# The only schema objects an upload may hold (Isso's own): real tables, their indexes and
# the trigger Isso creates. A trigger never fires on a read-only connection; views and virtual
# tables run code of the file's choosing when read, so they are refused.
TABLES = {"threads": {"id", "uri", "title"}, "comments": set(COMMENT_COLUMNS), "preferences": set()}
TRIGGERS = {"remove_stale_threads"}
MAX_VALUE_BYTES = 1_000_000  # the longest text or blob a row may hold
MAX_ROWS = 10_000_000  # threads and comments, together
STEP_CHECK = 1_000  # VM instructions between two checks of the budget
# Reading Isso's tables costs ~35 VM instructions per row: at most ~0.6 per byte of file.
STEPS_PER_BYTE = 10
STEPS_FLOOR = 1_000_000


class _Budget:
    """The work SQLite may do for one file: a step limit in proportion to its size."""

    def __init__(self, size: int) -> None:
        self.limit = STEPS_FLOOR + STEPS_PER_BYTE * size
        self.steps = 0

    def tick(self) -> int:
        self.steps += STEP_CHECK
        return 1 if self.steps > self.limit else 0  # non-zero interrupts the statement


def _connect(path: Path) -> tuple[sqlite3.Connection, _Budget]:
    """A read-only, immutable connection with bounded work (the file is untrusted)."""
    try:
        budget = _Budget(path.stat().st_size)
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except (OSError, sqlite3.Error) as exc:
        raise ImportFailed(f"{LABEL}: cannot be opened ({exc})") from None
    try:
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        conn.set_progress_handler(budget.tick, STEP_CHECK)
        conn.text_factory = bytes  # decode ourselves, to name the row that is not UTF-8
        _check_schema(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise _failure(exc, budget, "not an SQLite database") from None
    except ImportFailed:
        conn.close()
        raise
    return conn, budget


def _check_schema(conn: sqlite3.Connection) -> None:
    """Only Isso's tables, as real tables with their columns; no views or virtual tables."""
    schema = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    for kind, name, table, sql in schema:
        kind, name, table = (_name(value) for value in (kind, name, table))
        what = f"{kind} {shorten(name)!r}"
        if kind == "table" and name.startswith("sqlite_"):
            continue  # SQLite's own (sqlite_sequence, sqlite_stat1)
        if kind == "table" and name in TABLES:
            if _name(sql).lstrip().upper().startswith("CREATE VIRTUAL"):
                raise ImportFailed(f"{LABEL}: not an Isso database: {what} is a virtual table")
            continue
        if kind == "index" and table in TABLES:
            continue
        if kind == "trigger" and name in TRIGGERS and table == "comments":
            continue  # Isso's own; triggers never fire on a read-only connection
        raise ImportFailed(f"{LABEL}: not an Isso database: it holds {what}")
    for table, expected in TABLES.items():
        columns = conn.execute(f"PRAGMA table_xinfo({table})").fetchall()
        if not columns and table == "preferences":
            continue
        generated = [_name(row[1]) for row in columns if row[6] != 0]
        if generated:
            raise ImportFailed(
                f"{LABEL}: not an Isso database: {table}.{generated[0]} is a generated column"
            )
        missing = expected - {_name(row[1]) for row in columns}
        if missing:
            raise ImportFailed(
                f"{LABEL}: not an Isso database: missing columns {', '.join(sorted(missing))}"
            )


def _name(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value or "")


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
    threads: dict[Any, ThreadRecord] = {}
    for tid, uri, title in conn.execute("SELECT id, uri, title FROM threads ORDER BY id"):
        if len(threads) >= MAX_ROWS:
            raise ImportFailed(f"{LABEL}: more than {MAX_ROWS:,} rows")
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


def _count(value: Any) -> int:
    """A like or dislike count; what is not a number counts as none."""
    if isinstance(value, int | float) and value == value and abs(value) < 2**63:
        return int(value)
    return 0


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
        score=max(-(2**31), min(2**31 - 1, _count(likes) - _count(dislikes))),
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
    conn, budget = _connect(path)
    with closing(conn):
        try:
            yield from _records(conn, base_url, on_read)
        except sqlite3.Error as exc:
            raise _failure(exc, budget, "unreadable") from None


def _failure(exc: sqlite3.Error, budget: _Budget, what: str) -> ImportFailed:
    if budget.steps > budget.limit:
        return ImportFailed(
            f"{LABEL}: reading it took more than {budget.limit:,} steps, far more than an "
            "Isso database of its size needs"
        )
    return ImportFailed(f"{LABEL}: {what} ({exc})")


def _records(
    conn: sqlite3.Connection, base_url: str, on_read: Callable[[int], None] | None
) -> Iterator[Record]:
    threads = _threads(conn, base_url)
    rows = len(threads)
    current: int | None = None
    query = f"SELECT {', '.join(COMMENT_COLUMNS)} FROM comments ORDER BY tid, id"  # noqa: S608
    for row in conn.execute(query):
        rows += 1
        if rows > MAX_ROWS:
            raise ImportFailed(f"{LABEL}: more than {MAX_ROWS:,} rows")
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
