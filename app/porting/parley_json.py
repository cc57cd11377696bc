"""Parley's own export format (see docs/export-format.md): the models, and the streaming reader.

The document is one JSON object whose `records` array holds one record per line, so it is read
line by line with flat memory; a file that was reformatted is still accepted, read whole.
"""

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Annotated, Any, BinaryIO, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from app.comments.models import CommentStatus
from app.moderation.models import BanKind
from app.porting.records import CommentRecord, ExtraRecord, ImportFailed, Record, ThreadRecord
from app.sites.models import GuestPolicy, ModerationMode

FORMAT = "parley"
VERSION = 1
LABEL = "Parley export"


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SiteDoc(_Doc):
    id: str
    name: str
    origins: list[str]
    moderation: ModerationMode
    guest_policy: GuestPolicy
    edit_window_seconds: int
    max_depth: int
    closed: bool
    disabled_providers: list[str]
    spam_settings: dict[str, Any]
    created_at: datetime


class IdentityDoc(_Doc):
    type: Literal["identity"] = "identity"
    provider: str
    subject: str
    display_name: str
    avatar_url: str | None
    profile_url: str | None
    email: str | None
    created_at: datetime
    last_login_at: datetime | None


class ModeratorDoc(_Doc):
    type: Literal["moderator"] = "moderator"
    identity: str
    created_at: datetime


class BanDoc(_Doc):
    type: Literal["ban"] = "ban"
    kind: BanKind
    value_hash: str
    identity: str | None
    reason: str
    expires_at: datetime | None
    created_by: str
    created_at: datetime


class ThreadDoc(_Doc):
    type: Literal["thread"] = "thread"
    url: str
    title: str
    closed: bool
    pinned: str | None
    created_at: datetime


class VoteDoc(_Doc):
    voter: str
    value: int


class CommentDoc(_Doc):
    type: Literal["comment"] = "comment"
    key: str
    parent: str | None
    identity: str | None
    author_name: str
    author_email: str | None
    author_website: str | None
    author_ip_hash: str | None
    body: str
    body_html: str
    status: CommentStatus
    score: int
    edit_token_hash: str | None
    created_at: datetime
    edited_at: datetime | None
    votes: list[VoteDoc]


class AuditDoc(_Doc):
    type: Literal["audit"] = "audit"
    actor: str
    action: str
    comment: str | None
    detail: dict[str, Any]
    created_at: datetime


AnyDoc = Annotated[
    IdentityDoc | ModeratorDoc | BanDoc | ThreadDoc | CommentDoc | AuditDoc,
    Field(discriminator="type"),
]
_RECORD = TypeAdapter(AnyDoc)


def identity_ref(provider: str, subject: str) -> str:
    return f"{provider}:{subject}"


def header_lines(site: SiteDoc) -> list[str]:
    """The fixed first lines of a document; the reader recognises the streaming layout by them."""
    return [
        f'{{"format": "{FORMAT}", "version": {VERSION},',
        f'"site": {site.model_dump_json()},',
        '"records": [',
    ]


def _validated(raw: Any, place: str) -> Any:
    try:
        return _RECORD.validate_python(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(part) for part in first["loc"])
        raise ImportFailed(f"{LABEL}: {place}: {loc}: {first['msg']}") from None


def _to_records(doc: Any, place: str, state: dict[str, str]) -> Iterator[Record]:
    if isinstance(doc, ThreadDoc):
        state["thread"] = doc.url
        yield ThreadRecord(
            key=doc.url,
            url=doc.url,
            place=place,
            title=doc.title,
            closed=doc.closed,
            created_at=doc.created_at,
            pinned=doc.pinned,
            keep_empty=True,
        )
    elif isinstance(doc, CommentDoc):
        if "thread" not in state:
            raise ImportFailed(f"{LABEL}: {place}: a comment before any thread")
        yield CommentRecord(
            source_id=doc.key,
            thread_key=state["thread"],
            parent=doc.parent,
            place=place,
            created_at=doc.created_at,
            edited_at=doc.edited_at,
            body=doc.body,
            body_html=doc.body_html,
            status=doc.status,
            author_name=doc.author_name,
            author_email=doc.author_email,
            author_website=doc.author_website,
            author_ip_hash=doc.author_ip_hash,
            score=doc.score,
            identity=doc.identity,
            edit_token_hash=doc.edit_token_hash,
            votes=[(vote.voter, vote.value) for vote in doc.votes],
        )
    else:
        yield ExtraRecord(kind=doc.type, data=doc, place=place)


def _check_header(head: dict[str, Any]) -> SiteDoc | None:
    if head.get("format") != FORMAT:
        raise ImportFailed(f'{LABEL}: not a Parley export (no "format": "parley")')
    if head.get("version") != VERSION:
        raise ImportFailed(
            f"{LABEL}: unsupported version {head.get('version')!r} (this Parley reads {VERSION})"
        )
    try:
        return SiteDoc.model_validate(head["site"]) if head.get("site") is not None else None
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ImportFailed(f"{LABEL}: site.{first['loc'][0]}: {first['msg']}") from None


def _decode(line: bytes, number: int) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            f"{LABEL}: line {number}: bytes that are not valid UTF-8 (at column {exc.start + 1})"
        ) from None


def _loads(text: str, place: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"{LABEL}: {place}: malformed JSON: {exc.msg}") from None


def _streamed(lines: Iterator[bytes], site_line: str) -> Iterator[Record]:
    head = _loads('{"format": "parley", "version": 1, ' + site_line.rstrip(",\n") + "}", "line 2")
    yield ExtraRecord(kind="site", data=_check_header(head), place="line 2")
    _loads_next = 4
    state: dict[str, str] = {}
    for number, raw in enumerate(lines, start=_loads_next):
        text = _decode(raw, number).strip()
        if text in ("]}", "]", "}", ""):
            continue
        place = f"line {number}"
        yield from _to_records(_validated(_loads(text.rstrip(","), place), place), place, state)


def _whole(data: bytes) -> Iterator[Record]:
    try:
        doc = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"{LABEL}: bytes that are not valid UTF-8 at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            f"{LABEL}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(doc, dict):
        raise ImportFailed(f"{LABEL}: not a Parley export (the document is not an object)")
    yield ExtraRecord(kind="site", data=_check_header(doc), place="site")
    state: dict[str, str] = {}
    for index, raw in enumerate(doc.get("records") or []):
        place = f"records[{index}]"
        yield from _to_records(_validated(raw, place), place, state)


def parse_parley(
    stream: BinaryIO, *, on_read: Callable[[int], None] | None = None
) -> Iterator[Record]:
    """Records of a Parley export; the first is always the `site` ExtraRecord."""

    def lines() -> Iterator[bytes]:
        for line in stream:
            if on_read is not None:
                on_read(len(line))
            yield line

    it = lines()
    first = next(it, b"")
    expected = f'{{"format": "{FORMAT}", "version": {VERSION},'.encode()
    if first.strip() == expected:
        second = next(it, b"")
        third = next(it, b"")
        if second.startswith(b'"site": ') and third.strip() == b'"records": [':
            yield from _streamed(it, _decode(second, 2))
            return
        yield from _whole(first + second + third + b"".join(it))
        return
    if not first.strip():
        raise ImportFailed(f"{LABEL}: the file is empty")
    yield from _whole(first + b"".join(it))
