"""Imported records are untrusted input: every field goes through the public API's validators.

The comment schema's own field validators are run one field at a time (pydantic's assignment
validation), so an import accepts exactly what a commenter could post: http(s) websites only,
normalised names, storable text within the same limits. A field that fails is repaired where
that is harmless (a bad website or email is dropped, an overlong body is shortened) and the
repair is noted on the record; the report counts it, a strict import refuses it.
"""

import re
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from app.comments.render import sanitize_html
from app.comments.schemas import MAX_BODY_CHARS, CommentCreate
from app.porting.records import CommentRecord, ImportFailed, Note, ThreadRecord, check_datetime
from app.validation import visible

_TEMPLATE = CommentCreate(url="https://example.invalid/", body="-")
_VALIDATOR = CommentCreate.__pydantic_validator__
# NUL, other C0 controls but tab and newlines, DEL, C1 controls, lone surrogates: removed from
# bodies (the public `Text` refuses them).
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# What a refused name is repaired by: every control and bidirectional control character goes.
_SPOOFING = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def public_field(name: str, value: Any) -> Any:
    """`value` as the public comment schema accepts field `name`; raises ValueError."""
    target = _TEMPLATE.model_copy()
    try:
        _VALIDATOR.validate_assignment(target, name, value)
    except ValidationError as exc:
        raise ValueError(exc.errors()[0]["msg"]) from None
    return getattr(target, name)


def public_website(value: str | None) -> str | None:
    """An http(s) URL as the public API would store it, or None."""
    try:
        return public_field("author_website", value) if value else None
    except ValueError:
        return None


def storable(text: str) -> str:
    """Text without NUL, lone surrogates and other control characters (newlines kept)."""
    return _UNSTORABLE.sub("", text)


def check_comment(record: CommentRecord) -> None:
    """Run every stored field through the public validators, repairing and noting failures."""
    record.author_name = _name(record)
    record.author_website = _optional(record, "author_website", "website-dropped")
    record.author_email = _optional(record, "author_email", "email-dropped")
    if record.author_email is not None:
        record.author_email = str(record.author_email)
    _body(record)
    record.author_ip = storable(record.author_ip) if record.author_ip else None
    record.created_at = _date(record, record.created_at, "created_at")
    if record.edited_at is not None:
        try:
            record.edited_at = check_datetime(record.edited_at, record.place, "edited_at")
        except ImportFailed:
            record.adjust("date-out-of-range", "edited_at out of range", "dropped")
            record.edited_at = None


def _name(record: CommentRecord) -> str:
    if not record.author_name:
        return ""
    try:
        return str(public_field("author_name", record.author_name) or "")
    except ValueError as exc:
        cleaned = visible(_SPOOFING.sub("", record.author_name))
        try:
            name = str(public_field("author_name", cleaned) or "")
        except ValueError:
            name = ""
        record.adjust("name-cleaned", f"author name refused ({exc})", f"stored as {name!r}")
        return name


def _optional(record: CommentRecord, field: str, reason: str) -> Any:
    value = getattr(record, field)
    if not value:
        return None
    try:
        return public_field(field, value)
    except ValueError as exc:
        record.adjust(reason, f"{field} {value!r} refused ({exc})", "dropped")
        return None


def _body(record: CommentRecord) -> None:
    body, html = storable(record.body), storable(record.body_html)
    if body != record.body or html != record.body_html:
        record.adjust("body-cleaned", "control characters in the text", "removed")
    if len(body) > MAX_BODY_CHARS:
        record.adjust("body-truncated", f"text longer than {MAX_BODY_CHARS} characters", "cut")
        body = body[:MAX_BODY_CHARS]
        html = sanitize_html(html[: MAX_BODY_CHARS * 2])
    if body:
        try:
            body = str(public_field("body", body))
        except ValueError as exc:  # a check the public schema has that this module lacks
            record.adjust("body-cleaned", f"text refused ({exc})", "left empty")
            body, html = "", ""
    record.body, record.body_html = body, html


def _date(record: CommentRecord, value: Any, field: str) -> Any:
    try:
        return check_datetime(value, record.place, field)
    except ImportFailed as exc:
        problem = (exc.detail or field).removeprefix(f"{record.place}: ")
        record.adjust("date-out-of-range", problem, "used the import time")
        return datetime.now(UTC)


def check_thread(record: ThreadRecord) -> None:
    """The post's URL and title as the public API would take them."""
    try:
        record.url = str(public_field("url", record.url))
    except ValueError:
        record.url = storable(record.url)[:2048]  # the placer reports it as unusable
    try:
        record.title = str(public_field("title", record.title))
    except ValueError as exc:
        title = storable(record.title)[:500]
        message = f"{record.place}: title refused ({exc}); stored as {title!r}"
        record.notes.append(Note("thread", "adjusted", "title-cleaned", record.key, message))
        record.title = title
