"""WordPress eXtended RSS (WXR 1.0, 1.1, 1.2): posts (`<item>`) and their `<wp:comment>`s.

Comments of a post live inside its `<item>`, so the file is read one item at a time.
"""

import re
from collections.abc import Callable, Iterator
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

# WXR 1.0-1.2 declare http://wordpress.org/export/1.x/; real files also use https and other
# version numbers, so the namespace is recognised by its shape.
WP_NAMESPACE = re.compile(r"^https?://(www\.)?wordpress\.org/export/(\d+(\.\d+)*)/?$")
CANONICAL_VERSIONS = {"1.0", "1.1", "1.2"}
# The values WordPress stores in comment_approved; it shows a comment only when it is "1", so
# anything else (empty, absent, "approve") is held for moderation rather than published.
STATUSES = {
    "1": CommentStatus.approved,
    "0": CommentStatus.pending,
    "spam": CommentStatus.spam,
    "trash": CommentStatus.deleted,
    "post-trashed": CommentStatus.deleted,
}
COMMENT_TYPES = {
    "": "comment",
    "comment": "comment",
    "pingback": "pingback",
    "trackback": "trackback",
    "review": "comment",
}


def _is_wp(elem: Element) -> bool:
    return WP_NAMESPACE.match(namespace(elem.tag)) is not None


def _namespace_note(uri: str) -> Note | None:
    """A namespace that WordPress's own 1.0-1.2 exports would not write is an oddity."""
    match = WP_NAMESPACE.match(uri)
    if match is None or (uri.startswith("http://") and match.group(2) in CANONICAL_VERSIONS):
        return None
    message = f"WordPress export: wp: namespace {uri!r} is not http://wordpress.org/export/1.x/"
    return Note("file", "adjusted", "namespace-variant", uri, message)


def _fields(elem: Element) -> dict[str, str]:
    """Text of the direct children by local name (wp:, content:, dc: and plain RSS alike)."""
    return {local_name(child.tag): child.text or "" for child in elem if len(child) == 0}


def _check_root(root: Element) -> None:
    if local_name(root.tag) != "rss":
        raise ImportFailed(
            f"not a WordPress export (WXR): the root element is <{local_name(root.tag)}>, "
            "expected <rss>"
        )


def _comment(
    elem: Element, post_id: str, item_place: str, post_date: datetime | None, ids: dict[str, str]
) -> Iterator[Record]:
    fields = _fields(elem)
    comment_id = fields.get("comment_id", "").strip()
    if not comment_id:
        message = f"{item_place}: a <wp:comment> without <wp:comment_id>"
        yield Note("comment", "skipped", "no-id", f"{post_id}/?", message)
        return
    place = f"{item_place}, comment {comment_id}"
    raw_type = fields.get("comment_type", "").strip()
    parent = fields.get("comment_parent", "0").strip()
    content = fields.get("comment_content", "")
    source_id = ids.get(comment_id, f"wordpress:{comment_id}")
    record = CommentRecord(
        source_id=source_id,
        thread_key=post_id,
        parent=None if parent in ("", "0") else ids.get(parent, f"wordpress:{parent}"),
        place=place,
        created_at=post_date or UNSET_DATE,
        body=content,
        body_html=imported_html(content, paragraphs=True),
        author_name=clean_text(fields.get("comment_author"), 100),
        author_email=optional_text(fields.get("comment_author_email"), 254),
        author_website=_website(fields.get("comment_author_url")),
        author_ip=optional_text(fields.get("comment_author_IP"), 64),
        kind=COMMENT_TYPES.get(raw_type, f"type:{raw_type}"),
    )
    if source_id != f"wordpress:{comment_id}":
        problem = f"comment id {comment_id} is also used on an earlier post"
        record.adjust("id-scoped", problem, f"kept as {source_id.removeprefix('wordpress:')}")
    approved = fields.get("comment_approved")
    if approved is None or approved.strip() not in STATUSES:
        record.status = CommentStatus.pending
        problem = (
            "no wp:comment_approved"
            if approved is None
            else f"unknown wp:comment_approved value {approved.strip()!r}"
        )
        record.adjust("unknown-status", problem, "held for moderation")
    else:
        record.status = STATUSES[approved.strip()]
    dates = [
        ("wp:comment_date_gmt", fields.get("comment_date_gmt"), ""),
        ("wp:comment_date", fields.get("comment_date"), "date-local"),
    ]
    record.created_at = first_date(record, dates, post_date)
    yield record


def _website(value: str | None) -> str | None:
    text = optional_text(value, 500)
    return None if text in (None, "http://", "https://") else text


def _scoped_ids(comments: list[Element], post_key: str, taken: set[str]) -> dict[str, str]:
    """Source ids of a post's comments. WordPress numbers comments per site, but its importer
    scopes them to their post, so files that merge sites reuse ids: an id an earlier post used
    is kept as `<post>/<id>` (the same on every import of the file) and parents are looked up
    in the post first. `taken` gains this post's ids."""
    ids: dict[str, str] = {}
    for comment in comments:
        cid = _fields(comment).get("comment_id", "").strip()
        if cid and cid not in ids:
            ids[cid] = f"wordpress:{post_key}/{cid}" if cid in taken else f"wordpress:{cid}"
    taken.update(ids)
    return ids


def _item(item: Element, taken: set[str]) -> Iterator[Record]:
    fields = _fields(item)
    post_id = fields.get("post_id", "").strip()
    title = fields.get("title", "")
    place = f"item {post_id or '?'} ({shorten(title)!r})"
    comments = [child for child in item if _is_wp(child) and local_name(child.tag) == "comment"]
    if not comments:
        return
    url = fields.get("link", "").strip() or fields.get("guid", "").strip()
    if not url:
        yield from _unplaceable(comments, post_id or "?", place)
        return
    thread = ThreadRecord(
        key=post_id or url,
        url=url,
        place=place,
        title=clean_text(title, 500),
        closed=fields.get("comment_status", "open").strip() == "closed",
        created_at=optional_datetime(fields.get("post_date_gmt"))
        or optional_datetime(fields.get("post_date")),
    )
    if not post_id:
        message = f"{place}: an <item> with comments but no <wp:post_id>; keyed by its link"
        thread.notes.append(Note("thread", "adjusted", "keyed-by-link", url, message))
    yield thread
    ids = _scoped_ids(comments, thread.key, taken)
    for comment in comments:
        yield from _comment(comment, thread.key, place, thread.created_at, ids)


def _unplaceable(comments: list[Element], post_id: str, place: str) -> Iterator[Record]:
    """A post without a link cannot be placed: it and its comments are skipped."""
    message = f"{place}: an <item> with comments but no <link>; it cannot be placed"
    yield Note("thread", "skipped", "no-link", post_id, message)
    for comment in comments:
        comment_id = _fields(comment).get("comment_id", "").strip() or "?"
        yield Note(
            "comment",
            "skipped",
            "thread-skipped",
            f"wordpress:{comment_id}",
            f"{place}, comment {comment_id}: its post cannot be placed",
        )


def parse_wordpress(
    stream: BinaryIO, *, on_read: Callable[[int], None] | None = None
) -> Iterator[Record]:
    """Records of a WXR file, one `<item>` in memory at a time."""
    reader = UTF8CheckingReader(stream, "WordPress export", on_read)
    seen_wp = False
    taken: set[str] = set()  # comment ids of the posts read so far
    for elem in iter_elements(reader, depth=2, check_root=_check_root):
        if not seen_wp:
            wp = next((e for e in (elem, *elem) if _is_wp(e)), None)
            if wp is not None:
                seen_wp = True
                note = _namespace_note(namespace(wp.tag))
                if note is not None:
                    yield note
        if local_name(elem.tag) == "item" and namespace(elem.tag) == "":
            yield from _item(elem, taken)
    if not seen_wp:
        raise ImportFailed(
            "not a WordPress export (WXR): an RSS feed without wp: elements "
            "(export from Tools → Export in WordPress)"
        )
