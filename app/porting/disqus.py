"""Disqus XML export: `<thread dsq:id>` elements (link, title), then `<post dsq:id>` elements.

Posts refer to their thread and parent by `dsq:id`; posts of all threads are interleaved. The
namespaces are read from the document (`http://disqus.com` or `https://disqus.com`, with
`…/disqus-internals` for the `dsq:id` attribute).
"""

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO
from xml.etree.ElementTree import Element

from app.comments.models import CommentStatus
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
    optional_datetime,
    optional_text,
    shorten,
)
from app.porting.xmlstream import UTF8CheckingReader, iter_elements, local_name, namespace

DISQUS_NAMESPACE = re.compile(r"^https?://(www\.)?disqus\.com/?$")
CANONICAL = "http://disqus.com"


@dataclass
class _State:
    ns: str = "{http://disqus.com}"
    thread_dates: dict[str, datetime | None] = field(default_factory=dict)
    unplaced: dict[str, str] = field(default_factory=dict)  # thread id → why it is skipped


def _check_root(state: _State) -> Callable[[Element], None]:
    def check(root: Element) -> None:
        uri = namespace(root.tag)
        if local_name(root.tag) != "disqus" or not DISQUS_NAMESPACE.match(uri):
            raise ImportFailed(
                f"not a Disqus export: the root element is <{local_name(root.tag)}>, "
                'expected <disqus xmlns="http://disqus.com">'
            )
        state.ns = f"{{{uri}}}"

    return check


def _dsq_id(elem: Element | None) -> str | None:
    """The `dsq:id` attribute, whatever the internals namespace's scheme."""
    if elem is None:
        return None
    for key, value in elem.attrib.items():
        if key.endswith("}id") and "disqus-internals" in key:
            return value.strip() or None
    return None


def _text(elem: Element, state: _State, tag: str) -> str:
    child = elem.find(f"{state.ns}{tag}")
    return (child.text or "") if child is not None else ""


def _flag(elem: Element, state: _State, tag: str) -> bool:
    return _text(elem, state, tag).strip().lower() == "true"


def _thread(elem: Element, state: _State) -> Record:
    thread_id = _dsq_id(elem)
    title = _text(elem, state, "title")
    place = f"thread {thread_id or '?'} ({shorten(title)!r})"
    if not thread_id:
        return Note("thread", "skipped", "no-id", "?", f"{place}: a <thread> without dsq:id")
    created = optional_datetime(_text(elem, state, "createdAt"))
    state.thread_dates[thread_id] = created
    link = _text(elem, state, "link").strip()
    reason = "thread-deleted" if _flag(elem, state, "isDeleted") else "" if link else "no-link"
    if reason:
        state.unplaced[thread_id] = reason
        why = "deleted on Disqus" if reason == "thread-deleted" else "without a <link>"
        return Note("thread", "skipped", reason, thread_id, f"{place}: {why}; its posts skipped")
    return ThreadRecord(
        key=thread_id,
        url=link,
        place=place,
        title=clean_text(title, 500),
        closed=_flag(elem, state, "isClosed"),
        created_at=created,
    )


def _status(post: Element, state: _State) -> CommentStatus:
    if _flag(post, state, "isDeleted"):
        return CommentStatus.deleted
    if _flag(post, state, "isSpam"):
        return CommentStatus.spam
    return CommentStatus.approved


def _content_id(elem: Element, state: _State, thread_id: str | None) -> str:
    """An id for a post without `dsq:id`, from what it says, where and when, and who wrote it:
    the same on every import of the file, so a re-import finds the post already there."""
    author = elem.find(f"{state.ns}author")
    parts = [thread_id or "", _text(elem, state, "createdAt").strip()]
    parts.append(_text(elem, state, "message"))
    if author is not None:
        parts += [_text(author, state, "name").strip(), _text(author, state, "email").strip()]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"content-{digest[:24]}"


def _post(elem: Element, state: _State) -> Record:
    thread_id = _dsq_id(elem.find(f"{state.ns}thread"))
    post_id = _dsq_id(elem) or _content_id(elem, state, thread_id)
    place = f"post {post_id}"
    source_id = f"disqus:{post_id}"
    if not thread_id:
        message = f"{place}: no <thread dsq:id=…> reference"
        return Note("comment", "skipped", "no-thread", source_id, message)
    if thread_id in state.unplaced:
        message = f"{place}: its thread {thread_id} is skipped ({state.unplaced[thread_id]})"
        return Note("comment", "skipped", "thread-skipped", source_id, message)
    parent = _dsq_id(elem.find(f"{state.ns}parent"))
    author = elem.find(f"{state.ns}author")
    author = author if author is not None else Element("author")
    anonymous = _flag(author, state, "isAnonymous")
    message = _text(elem, state, "message")
    record = CommentRecord(
        source_id=source_id,
        thread_key=thread_id,
        parent=f"disqus:{parent}" if parent else None,
        place=place,
        created_at=UNSET_DATE,
        body=message,
        body_html=imported_html(message, paragraphs=False),
        status=_status(elem, state),
        author_name=clean_text(_text(author, state, "name"), 100),
        author_email=optional_text(_text(author, state, "email"), 254),
        author_website=None if anonymous else optional_text(_text(author, state, "link"), 500),
        author_ip=optional_text(_text(elem, state, "ipAddress"), 64),
    )
    if _dsq_id(elem) is None:
        remedy = "kept with an id made from its content"
        record.adjust("id-from-content", "a <post> without dsq:id", remedy)
    dates = [("<createdAt>", _text(elem, state, "createdAt"), "")]
    record.created_at = first_date(record, dates, state.thread_dates.get(thread_id))
    return record


def parse_disqus(
    stream: BinaryIO, *, on_read: Callable[[int], None] | None = None
) -> Iterator[Record]:
    """Records of a Disqus export, one element in memory at a time."""
    reader = UTF8CheckingReader(stream, "Disqus export", on_read)
    state = _State()
    for elem in iter_elements(reader, depth=1, check_root=_check_root(state)):
        if elem.tag == f"{state.ns}thread":
            yield _thread(elem, state)
        elif elem.tag == f"{state.ns}post":
            yield _post(elem, state)
    if state.ns != f"{{{CANONICAL}}}":
        uri = state.ns.strip("{}")
        message = f"Disqus export: namespace {uri!r} is not {CANONICAL}"
        yield Note("file", "adjusted", "namespace-variant", uri, message)
