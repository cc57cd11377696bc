"""Thread reads and counts: a constant number of queries whatever the thread's size."""

import hashlib
from collections import namedtuple
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, any_, bindparam, exists, func, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import aliased

from app.comments.bootstrap import LoginOptions, site_bootstrap
from app.comments.cache import CachedPage, Freshness, PageCache
from app.comments.cursor import after_cursor, decode_cursor, encode_cursor, order_by
from app.comments.models import Comment, CommentStatus, Thread
from app.comments.presenter import Presenter
from app.comments.schemas import CountsRead, ThreadInfo, ThreadPage, ThreadSort
from app.comments.tree import build_tree
from app.db.prepared import Prepared
from app.db.session import Database
from app.errors import NotFound
from app.identity.models import Identity
from app.sites.models import Site
from app.sites.service import SITE_ID
from app.sites.urls import normalized_url


@dataclass(frozen=True)
class PageQuery:
    site_id: str
    url: str  # normalized
    sort: ThreadSort
    cursor: str | None
    limit: int
    offset: int = 0  # the HTML thread's `page=` (the JSON thread pages by cursor)


@dataclass(frozen=True)
class PageResult:
    body: bytes
    page: CachedPage | None  # None for responses personal to the viewer


def _visible(viewer_id: int | None, comment: type[Comment] = Comment) -> ColumnElement[bool]:
    """SQL: what this viewer may read — approved, plus their own pending comments."""
    condition = comment.status == CommentStatus.approved
    if viewer_id is not None:
        condition = or_(
            condition,
            and_(comment.status == CommentStatus.pending, comment.identity_id == viewer_id),
        )
    return condition


def _is_visible(viewer_id: int | None) -> Callable[[Comment], bool]:
    def check(comment: Comment) -> bool:
        if comment.status == CommentStatus.approved:
            return True
        return (
            viewer_id is not None
            and comment.status == CommentStatus.pending
            and comment.identity_id == viewer_id
        )

    return check


@dataclass(frozen=True)
class ThreadHead:
    """What a read needs of the thread row: enough to key the cache and head the page."""

    id: int
    url: str
    title: str
    closed: bool
    pinned_comment_id: int | None
    version: int
    created_at: datetime


_HEAD_COLUMNS = (
    Thread.id,
    Thread.url,
    Thread.title,
    Thread.closed,
    Thread.pinned_comment_id,
    Thread.version,
    Thread.created_at,
)


# The site's columns the bootstrap shows (C1); all of them key the page cache.
_SITE_COLUMNS = (
    Site.id.label("site_id"),
    Site.name.label("site_name"),
    Site.closed.label("site_closed"),
    Site.guest_policy.label("site_guest_policy"),
    Site.moderation.label("site_moderation"),
    Site.edit_window_seconds.label("site_edit_window_seconds"),
    Site.max_depth.label("site_max_depth"),
    Site.disabled_providers.label("site_disabled_providers"),
    Site.updated_at.label("site_updated_at"),
    Site.language.label("site_language"),
    Site.origins.label("site_origins"),
)


# The head of a read: the site's columns and the thread's, in one indexed query (prepared: it is
# the whole database cost of a cached read, and a revalidation on the fast path is nothing else).
_HEAD = Prepared(
    select(*_SITE_COLUMNS, *_HEAD_COLUMNS)
    .outerjoin(Thread, and_(Thread.site_id == Site.id, Thread.url == bindparam("url")))
    .where(Site.id == bindparam("site_id"))
)
HeadRow = namedtuple(  # type: ignore[misc]  # the fields are the query's columns
    "HeadRow", [column.name for column in _SITE_COLUMNS] + [column.key for column in _HEAD_COLUMNS]
)


async def _head_row(connection: AsyncConnection, site_id: str, url: str) -> Any | None:
    if not SITE_ID.fullmatch(site_id):
        raise NotFound(f"No site '{site_id[:64]}'.")
    row = await _HEAD.first(connection, {"site_id": site_id, "url": url})
    return None if row is None else HeadRow(*row)


def _head_of(row: Any) -> ThreadHead | None:
    if row.id is None:
        return None
    return ThreadHead(
        id=row.id,
        url=row.url,
        title=row.title,
        closed=row.closed,
        pinned_comment_id=row.pinned_comment_id,
        version=row.version,
        created_at=row.created_at,
    )


async def _thread_head(
    session: AsyncSession, site_id: str, url: str
) -> tuple[Any, ThreadHead | None]:
    """(site columns, thread head or None) in one indexed query; a missing site is a 404."""
    row = await _head_row(await session.connection(), site_id, url)
    if row is None:
        raise NotFound(f"No site '{site_id}'.")
    return row, _head_of(row)


def fingerprint(site: Any, thread: ThreadHead | None) -> tuple[Any, ...]:
    """All a cached thread page (JSON or HTML) depends on besides its request: the thread's
    version and the site's settings. Equal fingerprints, equal pages."""
    version = (thread.id, thread.created_at, thread.version) if thread else (0, None, 0)
    return (*version, *_site_key(site))


async def current_fingerprint(database: Database, site_id: str, url: str) -> tuple[Any, ...] | None:
    """The fingerprint as the database has it now (None: no such site), for the fast path to
    tell whether a page it remembers still answers after the change token moved."""
    async with database.read_connection() as connection:
        row = await _head_row(connection, site_id, url)
    return None if row is None else fingerprint(row, _head_of(row))


def _site_key(site: Any) -> tuple[Any, ...]:
    """Everything of the site a page shows: a settings change must change the ETag."""
    return tuple(
        repr(getattr(site, column.name)) for column in _SITE_COLUMNS if column.name != "site_id"
    )


async def _roots(
    session: AsyncSession, thread: ThreadHead, query: PageQuery, viewer_id: int | None
) -> tuple[list[Comment], bool]:
    """A page of top-level comments: visible ones, and hidden ones with visible replies."""
    reply = aliased(Comment)
    has_visible_reply = exists().where(reply.root_id == Comment.id, _visible(viewer_id, reply))
    stmt = (
        select(Comment)
        .where(Comment.thread_id == thread.id, Comment.parent_id.is_(None))
        .where(or_(_visible(viewer_id), has_visible_reply))
        .order_by(*order_by(query.sort))
        .limit(query.limit + 1)
    )
    pinned = thread.pinned_comment_id
    if query.cursor:
        stmt = stmt.where(after_cursor(query.sort, query.cursor))
    if query.offset:
        stmt = stmt.offset(query.offset)
    if pinned is not None:
        stmt = stmt.where(Comment.id != pinned)
    roots = list((await session.scalars(stmt)).all())
    has_more = len(roots) > query.limit
    roots = roots[: query.limit]
    if pinned is not None and not query.cursor and not query.offset:
        pinned_root = await session.scalar(
            select(Comment).where(
                Comment.id == pinned, Comment.parent_id.is_(None), _visible(viewer_id)
            )
        )
        if pinned_root is not None:
            roots.insert(0, pinned_root)
    return roots, has_more


async def _replies_and_identities(
    session: AsyncSession, roots: Sequence[Comment]
) -> tuple[list[Comment], dict[int, Identity]]:
    replies: list[Comment] = []
    if roots:
        replies = list(
            (
                await session.scalars(
                    select(Comment).where(Comment.root_id.in_([root.id for root in roots]))
                )
            ).all()
        )
    identity_ids = {c.identity_id for c in (*roots, *replies) if c.identity_id is not None}
    identities: dict[int, Identity] = {}
    if identity_ids:
        found = await session.scalars(select(Identity).where(Identity.id.in_(identity_ids)))
        identities = {identity.id: identity for identity in found}
    return replies, identities


async def _visible_count(session: AsyncSession, thread_id: int) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(Comment)
        .where(Comment.thread_id == thread_id, Comment.status == CommentStatus.approved)
    )
    return int(count or 0)


async def _build_page(
    session: AsyncSession,
    site: Any,
    thread: ThreadHead | None,
    query: PageQuery,
    presenter: Presenter,
    viewer_id: int | None,
    login: LoginOptions | None,
) -> ThreadPage:
    site_closed = bool(site.site_closed)
    bootstrap = (
        site_bootstrap(site, login, thread_closed=bool(thread and thread.closed)) if login else None
    )
    if thread is None:
        info = ThreadInfo(url=query.url, title="", comment_count=0, closed=site_closed)
        return ThreadPage(thread=info, comments=[], next_cursor=None, site=bootstrap)
    roots, has_more = await _roots(session, thread, query, viewer_id)
    replies, identities = await _replies_and_identities(session, roots)
    nodes = build_tree(
        roots, replies, is_visible=_is_visible(viewer_id), order_key=lambda c: (c.created_at, c.id)
    )
    presenter.pinned_id = thread.pinned_comment_id
    info = ThreadInfo(
        url=thread.url,
        title=thread.title,
        comment_count=await _visible_count(session, thread.id),
        closed=thread.closed or site_closed,
    )
    next_cursor = encode_cursor(query.sort, roots[-1]) if has_more and roots else None
    return ThreadPage(
        thread=info,
        comments=presenter.tree(nodes, identities),
        next_cursor=next_cursor,
        site=bootstrap,
    )


async def thread_page(
    session: AsyncSession,
    query: PageQuery,
    *,
    presenter: Presenter,
    cache: PageCache,
    viewer_id: int | None,
    request_key: Hashable | None = None,
    token: bytes | None = None,
    login: LoginOptions | None = None,
) -> PageResult:
    """A page of a thread as JSON bytes. Anonymous reads are cached by thread version; with the
    database change token read before this call, the page also answers the same request on the
    fast path until the next commit. With `login`, the page carries the site bootstrap (C1)."""
    if query.cursor:
        decode_cursor(query.sort, query.cursor)  # a bad cursor is an error even on empty threads
    site, thread = await _thread_head(session, query.site_id, query.url)
    if viewer_id is not None:
        page = await _build_page(session, site, thread, query, presenter, viewer_id, login)
        return PageResult(page.model_dump_json().encode(), None)
    fresh = fingerprint(site, thread)
    key = (
        *fresh,
        login,
        query.url,
        query.sort,
        query.cursor,
        query.limit,
        presenter.base_url,
    )
    cached = cache.get(key)
    if cached is None:
        built = await _build_page(session, site, thread, query, presenter, None, login)
        etag = 'W/"' + hashlib.sha256(repr(key).encode()).hexdigest()[:24] + '"'
        cached = CachedPage.of(built.model_dump_json().encode(), etag)
        cache.put(key, cached)
    if request_key is not None:
        cache.remember(request_key, token, cached, Freshness(query.site_id, query.url, fresh))
    return PageResult(cached.body, cached)


def _counts_of(url_matches: ColumnElement[bool]) -> Select[str, str, int]:
    """Approved comments per thread of the site whose URL matches, one row per URL found (a
    site without any of them: one row with no URL, the outer join's)."""
    return (
        select(Site.id, Thread.url, func.count(Comment.id))
        .outerjoin(Thread, and_(Thread.site_id == Site.id, url_matches))
        .outerjoin(
            Comment,
            and_(Comment.thread_id == Thread.id, Comment.status == CommentStatus.approved),
        )
        .where(Site.id == bindparam("site_id"))
        .group_by(Site.id, Thread.url)
    )


# Built once. PostgreSQL takes the URLs as one array (one statement text, run straight on the
# driver); SQLite, which has no arrays, as an IN list Core expands per call.
_COUNTS_IN = _counts_of(Thread.url.in_(bindparam("urls", expanding=True)))
_COUNTS_OF_ANY = Prepared(
    _counts_of(Thread.url == any_(bindparam("urls", type_=ARRAY(Thread.url.type)))),
    only_on="postgresql",
)


async def _counted(connection: AsyncConnection, site_id: str, urls: Sequence[str]) -> CountsRead:
    """Visible comment counts for the URLs, keyed by the URLs as given (one query)."""
    normalized = {url: normalized_url(url) for url in urls}
    values = {"site_id": site_id, "urls": sorted(set(normalized.values()))}
    rows: Sequence[Sequence[Any]]
    if connection.dialect.name == "postgresql":
        rows = await _COUNTS_OF_ANY.rows(connection, values)
    else:
        rows = (await connection.execute(_COUNTS_IN, values)).all()
    if not rows:
        raise NotFound(f"No site '{site_id}'.")
    by_url = {url: int(n) for _, url, n in rows if url is not None}
    return CountsRead(counts={given: by_url.get(norm, 0) for given, norm in normalized.items()})


async def counts(session: AsyncSession, site_id: str, urls: Sequence[str]) -> CountsRead:
    """Visible comment counts for up to 100 post URLs (the GET route; 1,000 for the POST)."""
    return await _counted(await session.connection(), site_id, urls)


async def current_counts(database: Database, site_id: str, urls: Sequence[str]) -> CountsRead:
    """The same counts on a bare read connection, no session: what the fast path answers with
    where no change token lets it keep an answer (PostgreSQL without Redis; SQLite before its
    first commit)."""
    async with database.read_connection() as connection:
        return await _counted(connection, site_id, urls)


def counts_page(counted: CountsRead) -> CachedPage:
    """The counts as the routes and the fast path send them: their ETag is their hash."""
    body = counted.model_dump_json().encode()
    return CachedPage.of(body, 'W/"' + hashlib.sha256(body).hexdigest()[:24] + '"')
