"""Disqus XML export: `<thread dsq:id>` elements (link, title), then `<post dsq:id>` elements.

Posts refer to their thread and parent by `dsq:id`; posts of all threads are interleaved.
"""

from collections.abc import Callable, Iterator
from typing import BinaryIO
from xml.etree.ElementTree import Element

from app.comments.models import CommentStatus
from app.porting.html import imported_html
from app.porting.records import (
    CommentRecord,
    ImportFailed,
    Record,
    ThreadRecord,
    clean_text,
    optional_datetime,
    optional_text,
    parse_datetime,
    shorten,
)
from app.porting.xmlstream import UTF8CheckingReader, child_text, iter_elements, local_name

NS = "{http://disqus.com}"
DSQ_ID = "{http://disqus.com/disqus-internals}id"


def _check_root(root: Element) -> None:
    if root.tag != f"{NS}disqus":
        raise ImportFailed(
            f"not a Disqus export: the root element is <{local_name(root.tag)}>, "
            'expected <disqus xmlns="http://disqus.com">'
        )


def _flag(elem: Element, tag: str) -> bool:
    return child_text(elem, f"{NS}{tag}").strip().lower() == "true"


def _ref(elem: Element, tag: str) -> str | None:
    child = elem.find(f"{NS}{tag}")
    return None if child is None else child.get(DSQ_ID)


def _thread(elem: Element) -> ThreadRecord:
    thread_id = elem.get(DSQ_ID)
    title = child_text(elem, f"{NS}title")
    place = f"thread {thread_id or '?'} ({shorten(title)!r})"
    if not thread_id:
        raise ImportFailed(f"{place}: a <thread> without dsq:id")
    return ThreadRecord(
        key=thread_id,
        url=child_text(elem, f"{NS}link").strip(),
        place=place,
        title=clean_text(title, 500),
        closed=_flag(elem, "isClosed"),
        created_at=optional_datetime(child_text(elem, f"{NS}createdAt")),
    )


def _status(post: Element) -> CommentStatus:
    if _flag(post, "isDeleted"):
        return CommentStatus.deleted
    if _flag(post, "isSpam"):
        return CommentStatus.spam
    return CommentStatus.approved


def _post(elem: Element) -> CommentRecord:
    post_id = elem.get(DSQ_ID)
    place = f"post {post_id or '?'}"
    if not post_id:
        raise ImportFailed("a <post> without dsq:id")
    thread_id = _ref(elem, "thread")
    if not thread_id:
        raise ImportFailed(f"{place}: no <thread dsq:id=…> reference")
    parent = _ref(elem, "parent")
    author = elem.find(f"{NS}author")
    author = author if author is not None else Element("author")
    anonymous = _flag(author, "isAnonymous")
    message = child_text(elem, f"{NS}message")
    return CommentRecord(
        source_id=f"disqus:{post_id}",
        thread_key=thread_id,
        parent=f"disqus:{parent}" if parent else None,
        place=place,
        created_at=parse_datetime(child_text(elem, f"{NS}createdAt"), place, "<createdAt>"),
        body=message,
        body_html=imported_html(message, paragraphs=False),
        status=_status(elem),
        author_name=clean_text(child_text(author, f"{NS}name"), 100),
        author_email=optional_text(child_text(author, f"{NS}email"), 254),
        author_website=None if anonymous else _profile(author),
        author_ip=optional_text(child_text(elem, f"{NS}ipAddress"), 64),
    )


def _profile(author: Element) -> str | None:
    link = optional_text(child_text(author, f"{NS}link"), 500)
    return link if link and link.startswith(("http://", "https://")) else None


def parse_disqus(
    stream: BinaryIO, *, on_read: Callable[[int], None] | None = None
) -> Iterator[Record]:
    """Records of a Disqus export, one element in memory at a time."""
    reader = UTF8CheckingReader(stream, "Disqus export", on_read)
    for elem in iter_elements(reader, depth=1, check_root=_check_root):
        if elem.tag == f"{NS}thread":
            yield _thread(elem)
        elif elem.tag == f"{NS}post":
            yield _post(elem)
