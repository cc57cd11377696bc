"""The plain records every format parser yields, the import error, and shared value parsing."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from app.comments.models import CommentStatus
from app.errors import AppError

PINGBACK_KINDS = frozenset({"pingback", "trackback"})


class ImportFailed(AppError):
    """The file cannot be imported; the message names the place. Nothing was written."""

    status, type, title = 422, "invalid-input", "Import failed"


class ImportConflict(AppError):
    """The rows to write collide with rows already there; nothing was written."""

    status, type, title = 409, "conflict", "Import conflicts with existing data"


@dataclass(slots=True)
class Note:
    """An oddity of one record: it was `skipped` or `adjusted` for `reason` (a stable slug).

    Tolerant imports count notes in the report; strict imports refuse the file at the first."""

    subject: str  # "thread" | "comment"
    outcome: str  # "skipped" | "adjusted"
    reason: str
    source_id: str
    message: str  # the oddity (a strict import refuses the file with it)
    remedy: str = ""  # what a tolerant import did about it


@dataclass(slots=True)
class ThreadRecord:
    """A post: `key` identifies it inside the source file; comments refer to it by that key."""

    key: str
    url: str
    place: str
    title: str = ""
    closed: bool = False
    created_at: datetime | None = None
    pinned: str | None = None  # source id of the pinned comment (Parley's own format)
    keep_empty: bool = False  # create the thread even when none of its comments is imported
    notes: list[Note] = field(default_factory=list)


@dataclass(slots=True)
class CommentRecord:
    """One comment. `source_id` and `parent` are stored source ids ("<format>:<id>")."""

    source_id: str
    thread_key: str
    parent: str | None
    place: str
    created_at: datetime
    body: str
    body_html: str
    status: CommentStatus = CommentStatus.approved
    author_name: str = ""
    author_email: str | None = None
    author_website: str | None = None
    author_ip: str | None = None  # plain, as in the source; hashed before it is stored
    author_ip_hash: str | None = None  # already hashed (Parley's own format)
    kind: str = "comment"  # comment | pingback | trackback
    score: int = 0
    edited_at: datetime | None = None
    identity: str | None = None  # "provider:subject" (Parley's own format)
    edit_token_hash: str | None = None
    votes: list[tuple[str, int]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def adjust(self, reason: str, problem: str, remedy: str) -> None:
        message = f"{self.place}: {problem}"
        self.notes.append(Note("comment", "adjusted", reason, self.source_id, message, remedy))


@dataclass(slots=True)
class ParseWarning:
    """Something the parser worked around; it ends up in the report."""

    message: str


@dataclass(slots=True)
class ExtraRecord:
    """Parley-format records other than threads and comments (site, identity, ban, …)."""

    kind: str
    data: Any
    place: str


Record = ThreadRecord | CommentRecord | ParseWarning | ExtraRecord | Note

ZERO_DATE = "0000-00-00 00:00:00"
UNSET_DATE = datetime.min.replace(tzinfo=UTC)  # a placeholder until first_date() decides
_WP_DATE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


def parse_datetime(text: str | None, place: str, field_name: str) -> datetime:
    """A UTC-aware datetime from "YYYY-MM-DD HH:MM:SS" (taken as UTC) or ISO 8601."""
    value = (text or "").strip()
    try:
        if _WP_DATE.match(value):  # the common case, parsed without strptime's overhead
            return datetime(
                int(value[0:4]),
                int(value[5:7]),
                int(value[8:10]),
                int(value[11:13]),
                int(value[14:16]),
                int(value[17:19]),
                tzinfo=UTC,
            )
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ImportFailed(f"{place}: unknown date format {value!r} in {field_name}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return _bounded(parsed, value, place, field_name)


EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=2)  # clocks of the exporting server may run ahead a little


def _bounded(parsed: datetime, value: object, place: str, field_name: str) -> datetime:
    """UTC, and between 1970 and shortly after now: `0001-01-01T00:00:00+14:00` is refused
    here instead of overflowing later (in UTC conversion, the database or the export)."""
    try:
        utc = parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        utc = None
    if utc is None or not EARLIEST <= utc <= datetime.now(UTC) + FUTURE_SLACK:
        raise ImportFailed(f"{place}: date {value!r} in {field_name} is out of range") from None
    return utc


def check_datetime(value: datetime, place: str, field_name: str) -> datetime:
    """An already parsed (aware) datetime, held to the same bounds."""
    return _bounded(value, value.isoformat(), place, field_name)


def optional_datetime(text: str | None) -> datetime | None:
    """A date that only adds detail (a post's date): None when absent or unreadable."""
    try:
        return parse_datetime(text, "", "") if text and text.strip() else None
    except ImportFailed:
        return None


def timestamp_to_datetime(value: Any, place: str, field_name: str) -> datetime:
    """A UTC-aware datetime from a Unix timestamp (Isso stores floats)."""
    try:
        parsed = datetime.fromtimestamp(float(value), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        raise ImportFailed(f"{place}: unknown date format {value!r} in {field_name}") from None
    return _bounded(parsed, value, place, field_name)


def first_date(
    record: CommentRecord,
    candidates: Sequence[tuple[str, str | None, str]],
    fallback: datetime | None,
) -> datetime:
    """The first readable date of `candidates` ((field, text, reason when used), best first),
    else the post's date, else now; every step down the chain is noted on the record."""
    problems = []
    for index, (field_name, text, reason) in enumerate(candidates):
        value = (text or "").strip()
        if not value or value == ZERO_DATE:
            problems.append(f"no {field_name}")
            continue
        try:
            found = parse_datetime(value, record.place, field_name)
        except ImportFailed as exc:
            problems.append((exc.detail or field_name).removeprefix(f"{record.place}: "))
            continue
        if index:
            record.adjust(reason, "; ".join(problems), f"used {field_name}")
        return found
    if fallback is not None:
        record.adjust("date-from-post", "; ".join(problems), "used the post's date")
        return fallback
    record.adjust("date-from-import", "; ".join(problems), "used the import time")
    return datetime.now(UTC)


def clean_text(value: str | None, limit: int) -> str:
    return (value or "").strip()[:limit]


def optional_text(value: str | None, limit: int) -> str | None:
    text = (value or "").strip()
    return text[:limit] if text else None


def shorten(text: str, limit: int = 60) -> str:
    """A short quote of a title or value for messages."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
