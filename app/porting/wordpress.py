"""WordPress eXtended RSS (WXR 1.0, 1.1, 1.2): posts (`<item>`) and their `<wp:comment>`s.

Comments of a post live inside its `<item>`, so the file is read one item at a time.
"""

from collections.abc import Callable, Iterator
from typing import BinaryIO
from xml.etree.ElementTree import Element

from app.comments.models import CommentStatus
from app.porting.html import imported_html
from app.porting.records import (
    CommentRecord,
    ImportFailed,
    ParseWarning,
    Record,
    ThreadRecord,
    clean_text,
    optional_datetime,
    optional_text,
    parse_datetime,
    shorten,
)
from app.porting.xmlstream import UTF8CheckingReader, iter_elements, local_name, namespace

WP_NAMESPACE_PREFIX = "http://wordpress.org/export/"
STATUSES = {
    "1": CommentStatus.approved,
    "approve": CommentStatus.approved,
    "0": CommentStatus.pending,
    "hold": CommentStatus.pending,
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
ZERO_DATE = "0000-00-00 00:00:00"


def _is_wp(elem: Element) -> bool:
    return namespace(elem.tag).startswith(WP_NAMESPACE_PREFIX)


def _fields(elem: Element) -> dict[str, str]:
    """Text of the direct children by local name (wp:, content:, dc: and plain RSS alike)."""
    return {local_name(child.tag): child.text or "" for child in elem if len(child) == 0}


def _check_root(root: Element) -> None:
    if local_name(root.tag) != "rss":
        raise ImportFailed(
            f"not a WordPress export (WXR): the root element is <{local_name(root.tag)}>, "
            "expected <rss>"
        )


def _comment_date(fields: dict[str, str]) -> tuple[str, str]:
    gmt = fields.get("comment_date_gmt", "").strip()
    if gmt and gmt != ZERO_DATE:
        return gmt, "wp:comment_date_gmt"
    return fields.get("comment_date", "").strip(), "wp:comment_date"


def _comment(elem: Element, post_id: str, item_place: str) -> Iterator[Record]:
    fields = _fields(elem)
    comment_id = fields.get("comment_id", "").strip()
    if not comment_id:
        raise ImportFailed(f"{item_place}: a <wp:comment> without <wp:comment_id>")
    place = f"{item_place}, comment {comment_id}"
    raw_type = fields.get("comment_type", "").strip()
    approved = fields.get("comment_approved", "1").strip()
    if approved not in STATUSES:
        raise ImportFailed(f"{place}: unknown wp:comment_approved value {approved!r}")
    date_text, date_field = _comment_date(fields)
    if date_field == "wp:comment_date":
        yield ParseWarning(f"{place}: no GMT date; used wp:comment_date as UTC")
    parent = fields.get("comment_parent", "0").strip()
    content = fields.get("comment_content", "")
    yield CommentRecord(
        source_id=f"wordpress:{comment_id}",
        thread_key=post_id,
        parent=None if parent in ("", "0") else f"wordpress:{parent}",
        place=place,
        created_at=parse_datetime(date_text, place, date_field),
        body=content,
        body_html=imported_html(content, paragraphs=True),
        status=STATUSES[approved],
        author_name=clean_text(fields.get("comment_author"), 100),
        author_email=optional_text(fields.get("comment_author_email"), 254),
        author_website=_website(fields.get("comment_author_url")),
        author_ip=optional_text(fields.get("comment_author_IP"), 64),
        kind=COMMENT_TYPES.get(raw_type, f"type:{raw_type}"),
    )


def _website(value: str | None) -> str | None:
    text = optional_text(value, 500)
    return None if text in (None, "http://", "https://") else text


def _item(item: Element) -> Iterator[Record]:
    fields = _fields(item)
    post_id = fields.get("post_id", "").strip()
    title = fields.get("title", "")
    place = f"item {post_id or '?'} ({shorten(title)!r})"
    comments = [child for child in item if _is_wp(child) and local_name(child.tag) == "comment"]
    if not comments:
        return
    if not post_id:
        raise ImportFailed(f"{place}: an <item> with comments but no <wp:post_id>")
    url = fields.get("link", "").strip() or fields.get("guid", "").strip()
    yield ThreadRecord(
        key=post_id,
        url=url,
        place=place,
        title=clean_text(title, 500),
        closed=fields.get("comment_status", "open").strip() == "closed",
        created_at=optional_datetime(fields.get("post_date_gmt")),
    )
    for comment in comments:
        yield from _comment(comment, post_id, place)


def parse_wordpress(
    stream: BinaryIO, *, on_read: Callable[[int], None] | None = None
) -> Iterator[Record]:
    """Records of a WXR file, one `<item>` in memory at a time."""
    reader = UTF8CheckingReader(stream, "WordPress export", on_read)
    seen_wp = False
    for elem in iter_elements(reader, depth=2, check_root=_check_root):
        seen_wp = seen_wp or _is_wp(elem) or any(_is_wp(child) for child in elem)
        if local_name(elem.tag) == "item" and namespace(elem.tag) == "":
            yield from _item(elem)
    if not seen_wp:
        raise ImportFailed(
            "not a WordPress export (WXR): an RSS feed without wp: elements "
            "(export from Tools → Export in WordPress)"
        )
