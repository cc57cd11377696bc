"""Commento / Comentario JSON export: `{"version": 1, "comments": [...], "commenters": [...]}`.

A comment (Commento's `api/comment.go`) has `commentHex`, `parentHex` ("root" at the top
level), `domain` + `url` (the page's path), `commenterHex` ("anonymous" for guests), `markdown`,
`html`, `score`, `state` (approved | unapproved | flagged), `creationDate` and `deleted`.
Commenters carry `name`, `email` and `link` ("undefined" when none). Pages become
`https://<domain><url>`; `--map-origin https://<domain>=…` moves them. The export is one JSON
document, read whole (its nesting bounded first).
"""

from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from app.comments.models import CommentStatus
from app.comments.render import render_markdown
from app.porting import jsondoc
from app.porting.records import (
    UNSET_DATE,
    CommentRecord,
    ImportFailed,
    Note,
    Record,
    ThreadRecord,
    clean_text,
    first_date,
    optional_text,
)

LABEL = "Commento export"
STATES = {
    "approved": CommentStatus.approved,
    "unapproved": CommentStatus.pending,
    "flagged": CommentStatus.spam,
}
NO_LINK = {"", "undefined", "null"}


def _load(stream: BinaryIO, on_read: Callable[[int], None] | None) -> dict[str, Any]:
    data = stream.read()
    if on_read is not None:
        on_read(len(data))
    if not data.strip():
        raise ImportFailed(f"{LABEL}: the file is empty")
    doc = jsondoc.loads(jsondoc.decode(data, LABEL), LABEL)
    if not isinstance(doc, dict) or not isinstance(doc.get("comments"), list):
        raise ImportFailed(f'{LABEL}: not a Commento export (no "comments" array)')
    if doc.get("version") != 1:
        raise ImportFailed(f"{LABEL}: unsupported version {doc.get('version')!r} (reads 1)")
    return doc


def _str(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    return value if isinstance(value, str) else ""


def _commenters(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    people = doc.get("commenters")
    if not isinstance(people, list):
        return {}
    return {
        _str(p, "commenterHex"): p for p in people if isinstance(p, dict) and p.get("commenterHex")
    }


def _thread(domain: str, path: str) -> ThreadRecord:
    key = f"{domain}{path}"
    return ThreadRecord(key=key, url=f"https://{key}", place=f"page {key!r}")


def _comment(raw: dict[str, Any], index: int, people: dict[str, dict[str, Any]]) -> Record:
    hex_id = _str(raw, "commentHex").strip()
    place = f"comments[{index}]"
    if not hex_id:
        return Note("comment", "skipped", "no-id", place, f"{LABEL}: {place}: no commentHex")
    source_id = f"commento:{hex_id}"
    domain, path = _str(raw, "domain").strip(), _str(raw, "url").strip()
    if not domain:
        message = f"{LABEL}: {place}: no domain, so no page to put it on"
        return Note("comment", "skipped", "no-thread", source_id, message)
    person = people.get(_str(raw, "commenterHex"), {})
    parent = _str(raw, "parentHex").strip()
    markdown = _str(raw, "markdown")
    link = _str(person, "link").strip()
    record = CommentRecord(
        source_id=source_id,
        thread_key=f"{domain}{'/' + path.lstrip('/')}",
        parent=None if parent in ("", "root") else f"commento:{parent}",
        place=f"{place} ({hex_id})",
        created_at=UNSET_DATE,
        body=markdown,
        body_html=render_markdown(markdown),
        author_name=clean_text(_str(person, "name") or "Anonymous", 100),
        author_email=optional_text(_str(person, "email"), 254),
        author_website=None if link in NO_LINK else optional_text(link, 500),
        score=raw["score"] if isinstance(raw.get("score"), int) else 0,
    )
    state = _str(raw, "state") or "approved"
    record.status = STATES.get(state, CommentStatus.pending)
    if state not in STATES:
        record.adjust("unknown-status", f"unknown state {state!r}", "held for moderation")
    if raw.get("deleted") is True:
        record.status = CommentStatus.deleted
    record.created_at = first_date(record, [("creationDate", _str(raw, "creationDate"), "")], None)
    return record


def parse_commento(
    stream: BinaryIO, *, on_read: Callable[[int], None] | None = None
) -> Iterator[Record]:
    """Records of a Commento export: each page's thread before its first comment."""
    doc = _load(stream, on_read)
    people = _commenters(doc)
    threads: set[str] = set()
    for index, raw in enumerate(doc["comments"]):
        if not isinstance(raw, dict):
            place = f"comments[{index}]"
            yield Note(
                "comment", "skipped", "invalid-record", place, f"{LABEL}: {place}: not an object"
            )
            continue
        record = _comment(raw, index, people)
        if isinstance(record, CommentRecord) and record.thread_key not in threads:
            threads.add(record.thread_key)
            domain, _, path = record.thread_key.partition("/")
            yield _thread(domain, "/" + path)
        yield record
