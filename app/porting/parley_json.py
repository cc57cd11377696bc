"""Parley's own export format (see docs/export-format.md): the models, and the streaming reader.

The document is one JSON object whose `records` array holds one record per line, so it is read
line by line with flat memory; a file that was reformatted is still accepted, read whole.
"""

from collections.abc import Callable, Iterator
from typing import Annotated, Any, BinaryIO, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from app.admission.models import BanKind
from app.comments.models import CommentStatus
from app.comments.render import sanitize_html
from app.porting import jsondoc
from app.porting.records import (
    CommentRecord,
    ExtraRecord,
    ImportFailed,
    Note,
    Record,
    ThreadRecord,
)
from app.sites.models import GuestPolicy, ModerationMode, NotifyOn

FORMAT = "parley"
VERSION = 1
LABEL = "Parley export"


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


Int32 = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
Ref = Annotated[str, Field(min_length=1, max_length=300)]  # an identity reference


Text40 = Annotated[str, Field(max_length=40)]
Text50 = Annotated[str, Field(max_length=50)]
Text64 = Annotated[str, Field(max_length=64)]
Text80 = Annotated[str, Field(max_length=80)]
Text100 = Annotated[str, Field(max_length=100)]
Text200 = Annotated[str, Field(max_length=200)]
Text254 = Annotated[str, Field(max_length=254)]
Text255 = Annotated[str, Field(max_length=255)]
Text300 = Annotated[str, Field(max_length=300)]
Text500 = Annotated[str, Field(max_length=500)]
Text1000 = Annotated[str, Field(max_length=1000)]
Text2048 = Annotated[str, Field(max_length=2048)]


class SiteDoc(_Doc):
    id: str
    name: Text200
    origins: list[Text300]
    moderation: ModerationMode
    guest_policy: GuestPolicy
    edit_window_seconds: Int32
    max_depth: Int32
    closed: bool
    disabled_providers: list[Text40]
    spam_settings: dict[str, Any]
    # Added after version 1 was first written: optional, so older exports still import.
    notify_emails: list[Text254] = Field(default_factory=list)
    notify_on: NotifyOn = NotifyOn.pending
    language: Text40 = "en"
    created_at: AwareDatetime


class IdentityDoc(_Doc):
    type: Literal["identity"] = "identity"
    provider: Text40
    subject: Text255
    display_name: Text100
    avatar_url: Text1000 | None
    profile_url: Text1000 | None
    email: Text254 | None
    created_at: AwareDatetime
    last_login_at: AwareDatetime | None


class ModeratorDoc(_Doc):
    type: Literal["moderator"] = "moderator"
    identity: Ref
    created_at: AwareDatetime


class BanDoc(_Doc):
    type: Literal["ban"] = "ban"
    kind: BanKind
    value_hash: Text64
    identity: Ref | None
    # Whom it bans, as moderators knew them (older files have neither): the author's name, and
    # the key of the comment it was made from while that comment exists.
    author_name: Text100 = ""
    comment: Text200 | None = None
    reason: Text500
    expires_at: AwareDatetime | None
    created_by: Text100
    created_at: AwareDatetime


class ThreadDoc(_Doc):
    type: Literal["thread"] = "thread"
    url: Text2048
    title: Text500
    closed: bool
    pinned: Text200 | None
    created_at: AwareDatetime


class VoteDoc(_Doc):
    voter: Text80
    value: Annotated[int, Field(ge=-1, le=1)]


class CommentDoc(_Doc):
    type: Literal["comment"] = "comment"
    key: Annotated[str, Field(min_length=1, max_length=200)]
    parent: Text200 | None
    identity: Ref | None
    author_name: Text100
    author_email: Text254 | None
    author_website: Text500 | None
    author_ip_hash: Text64 | None
    body: str
    body_html: str
    status: CommentStatus
    score: Int32
    edit_token_hash: Text64 | None
    created_at: AwareDatetime
    edited_at: AwareDatetime | None
    votes: list[VoteDoc]


class AuditDoc(_Doc):
    type: Literal["audit"] = "audit"
    actor: Text100
    action: Text50
    comment: Text200 | None
    detail: dict[str, Any]
    created_at: AwareDatetime


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


def _where(prefix: str, exc: ValidationError) -> str:
    """`field.path: message` of the first validation error."""
    first = exc.errors()[0]
    loc = ".".join(str(part) for part in (prefix, *first["loc"]) if part != "")
    return f"{loc}: {first['msg']}" if loc else str(first["msg"])


def _validated(raw: Any, place: str, state: dict[str, str]) -> Any:
    """The record's model, or a Note skipping it (an invalid thread takes its comments along)."""
    try:
        return _RECORD.validate_python(raw)
    except ValidationError as exc:
        kind = raw.get("type") if isinstance(raw, dict) else None
        key = raw.get("key") or raw.get("url") if isinstance(raw, dict) else None
        if kind == "thread":
            state["thread"] = f"invalid:{place}"
        subject = kind if kind in ("thread", "comment") else "record"
        message = f"{LABEL}: {place}: {_where('', exc)}"
        return Note(subject, "skipped", "invalid-record", str(key or place)[:200], message)


def _to_records(doc: Any, place: str, state: dict[str, str]) -> Iterator[Record]:
    if isinstance(doc, Note):
        yield doc
    elif isinstance(doc, ThreadDoc):
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
            message = f"{LABEL}: {place}: a comment before any thread"
            yield Note("comment", "skipped", "no-thread", doc.key, message)
            return
        yield CommentRecord(
            source_id=doc.key,
            thread_key=state["thread"],
            parent=doc.parent,
            place=place,
            created_at=doc.created_at,
            edited_at=doc.edited_at,
            body=doc.body,
            body_html=sanitize_html(doc.body_html),
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
        raise ImportFailed(f"{LABEL}: {_where('site', exc)}") from None


def _decode(line: bytes, number: int) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            f"{LABEL}: line {number}: bytes that are not valid UTF-8 (at column {exc.start + 1})"
        ) from None


def _loads(text: str, place: str) -> Any:
    return jsondoc.loads(text, LABEL, place)


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
        raw = _loads(text.rstrip(","), place)
        yield from _to_records(_validated(raw, place, state), place, state)


def _whole(data: bytes) -> Iterator[Record]:
    doc = jsondoc.loads(jsondoc.decode(data, LABEL), LABEL)
    if not isinstance(doc, dict):
        raise ImportFailed(f"{LABEL}: not a Parley export (the document is not an object)")
    yield ExtraRecord(kind="site", data=_check_header(doc), place="site")
    records = doc.get("records") or []
    if not isinstance(records, list):
        raise ImportFailed(f'{LABEL}: "records" must be an array')
    state: dict[str, str] = {}
    for index, raw in enumerate(records):
        place = f"records[{index}]"
        yield from _to_records(_validated(raw, place, state), place, state)


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
