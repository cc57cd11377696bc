"""Atom 1.0 feeds of approved comments: one thread's, or a whole site's most recent.

Feeds carry what the thread read shows (sanitized HTML, author names and websites), never an
email. The ETag is the hash of the feed's bytes, so any visible change (a new, approved, edited
or removed comment) changes it; readers that send it back get a 304.
"""

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request, Response, status
from feedgen.feed import FeedGenerator
from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.models import Comment, CommentStatus, Thread
from app.db.session import SessionDep
from app.errors import InvalidInput, problems
from app.identity.models import Identity
from app.net import Client
from app.ratelimit import READ_LIMITED
from app.sites.models import Site
from app.sites.schemas import SITE_ID_PATTERN
from app.sites.service import get_site
from app.sites.urls import InvalidURL, normalize_post_url

FEED_ENTRIES = 50
# What XML 1.0 cannot carry (and lxml refuses), plus the C1 controls: rows stored before `Text`
# refused them must not turn a feed into a 500.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
ATOM_MEDIA_TYPE = "application/atom+xml"


@dataclass(frozen=True)
class FeedEntry:
    comment: Comment
    thread_url: str
    thread_title: str
    identity: Identity | None


@dataclass(frozen=True)
class Feed:
    self_url: str  # also the feed's id
    title: str
    alternate: str | None
    updated: datetime
    entries: Sequence[FeedEntry]


async def _entries(session: AsyncSession, *conditions: ColumnElement[bool]) -> list[FeedEntry]:
    """The newest approved comments matching `conditions`, with their thread and identity."""
    rows = await session.execute(
        select(Comment, Thread.url, Thread.title, Identity)
        .join(Thread, Thread.id == Comment.thread_id)
        .outerjoin(Identity, Identity.id == Comment.identity_id)
        .where(Comment.status == CommentStatus.approved, *conditions)
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(FEED_ENTRIES)
    )
    return [FeedEntry(c, url, title, identity) for c, url, title, identity in rows]


def _updated(entries: Sequence[FeedEntry], fallback: datetime) -> datetime:
    stamps = [e.comment.edited_at or e.comment.created_at for e in entries]
    return max(stamps, default=fallback)


async def thread_feed(session: AsyncSession, site: Site, url: str, self_url: str) -> Feed:
    """The thread's feed; a post nobody has commented on yet gets an empty feed."""
    thread = await session.scalar(
        select(Thread).where(Thread.site_id == site.id, Thread.url == url)
    )
    entries = [] if thread is None else await _entries(session, Comment.thread_id == thread.id)
    fallback = thread.created_at if thread is not None else site.created_at
    title = thread.title if thread is not None and thread.title else url
    return Feed(self_url, f"Comments on {title}", url, _updated(entries, fallback), entries)


async def site_feed(session: AsyncSession, site: Site, self_url: str) -> Feed:
    """The site's most recent approved comments, on every thread."""
    entries = await _entries(session, Comment.site_id == site.id)
    alternate = site.origins[0] if site.origins else None
    updated = _updated(entries, site.created_at)
    return Feed(self_url, f"Recent comments on {site.name}", alternate, updated, entries)


def _author_name(entry: FeedEntry) -> str:
    if entry.identity is not None:
        return entry.identity.display_name or "Anonymous"
    return entry.comment.author_name or "Anonymous"


def _xml(value: str) -> str:
    """`value` without the characters an XML document cannot hold."""
    return _NOT_XML.sub("", value)


def render_atom(feed: Feed) -> bytes:
    """The Atom 1.0 document of a feed."""
    generator = FeedGenerator()
    generator.id(_xml(feed.self_url))
    generator.title(_xml(feed.title))
    generator.updated(feed.updated)
    generator.link(href=feed.self_url, rel="self", type=ATOM_MEDIA_TYPE)
    if feed.alternate:
        generator.link(href=_xml(feed.alternate), rel="alternate", type="text/html")
    generator.generator("Parley")
    for item in feed.entries:
        comment = item.comment
        permalink = _xml(f"{item.thread_url}#comment-{comment.id}")
        name = _xml(_author_name(item))
        entry = generator.add_entry(order="append")
        entry.id(permalink)
        entry.title(_xml(f"{name} on {item.thread_title or item.thread_url}"))
        website = comment.author_website or (item.identity.profile_url if item.identity else None)
        entry.author({"name": name, **({"uri": _xml(website)} if website else {})})
        entry.link(href=permalink, rel="alternate", type="text/html")
        entry.content(_xml(comment.body_html), type="html")
        entry.published(comment.created_at)
        entry.updated(comment.edited_at or comment.created_at)
    body: bytes = generator.atom_str(pretty=False)
    return body


def _not_modified(request: Request, etag: str, updated: datetime) -> bool:
    """RFC 9110: If-None-Match decides when sent; otherwise If-Modified-Since."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match == "*"
    since = request.headers.get("if-modified-since")
    if since is None:
        return False
    try:
        return updated.replace(microsecond=0) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


def feed_response(request: Request, feed: Feed) -> Response:
    body = render_atom(feed)
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers = {
        "ETag": etag,
        "Last-Modified": format_datetime(feed.updated.replace(microsecond=0), usegmt=True),
        "Cache-Control": "no-cache",
    }
    if _not_modified(request, etag, feed.updated):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(body, media_type=ATOM_MEDIA_TYPE, headers=headers)


router = APIRouter(tags=["feeds"], dependencies=[READ_LIMITED])
SiteId = Annotated[str, Path(pattern=SITE_ID_PATTERN, description="The site's slug")]


@router.get(
    "/api/v1/sites/{site_id}/feed.atom",
    response_class=Response,
    responses={
        200: {"content": {ATOM_MEDIA_TYPE: {}}, "description": "An Atom 1.0 feed"},
        304: {"description": "Unchanged since the ETag or date sent"},
        **problems(404, 422, 429, e404="No such site", e422="Invalid post URL"),
    },
)
async def read_feed(
    site_id: SiteId,
    request: Request,
    session: SessionDep,
    client: Client,
    url: Annotated[
        str | None, Query(max_length=2048, description="A post's URL: that thread only")
    ] = None,
) -> Response:
    """Atom feed of approved comments: one post's thread with `url`, else the site's latest."""
    site = await get_site(session, site_id)
    self_url = f"{client.base_url}/api/v1/sites/{site.id}/feed.atom"
    if url is None:
        return feed_response(request, await site_feed(session, site, self_url))
    try:
        post_url = normalize_post_url(url)
    except InvalidURL as exc:
        raise InvalidInput(f"Invalid post URL {url[:200]!r}: {exc}") from exc
    self_url = f"{self_url}?{urlencode({'url': post_url})}"
    return feed_response(request, await thread_feed(session, site, post_url, self_url))
