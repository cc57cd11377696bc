"""Atom 1.0 feeds of approved comments: one thread's, or a whole site's most recent (their
queries and their document; the route is `feeds_router.py`).

Feeds carry what the thread read shows (sanitized HTML, author names and websites), never an
email.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from feedgen.feed import FeedGenerator
from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.models import Comment, CommentStatus, Thread
from app.identity.models import Identity
from app.sites.models import Site

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
