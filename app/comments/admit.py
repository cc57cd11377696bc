"""Admission of a new comment or an edit: everything posting decides before it writes.

All of it reads outside any write transaction (a new comment's on a bare read connection):
the site's policy, bans, the guest-name check, the parent, the moderation mode and the spam
chain — Akismet's network call included. The write transaction then only inserts, bumps and
commits (app/comments/service.py).
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from limits import parse
from sqlalchemy import ColumnElement, Integer, String, Table, and_, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.admission.bans import ban_in_force_id, ban_parameters, check_not_banned
from app.admission.policy import Decision, decide_edit, decide_new
from app.admission.spam import Assessment, Draft, History, assess, wants_history
from app.comments.errors import GuestsNotAllowed, NameReserved, ThreadClosed
from app.comments.models import Comment, CommentStatus, Thread
from app.comments.schemas import CommentCreate
from app.comments.writes import render_body
from app.db.base import loaded, utcnow
from app.db.prepared import Prepared
from app.errors import Forbidden, InvalidInput, NotFound
from app.identity.deps import Viewer
from app.identity.models import Identity, name_key
from app.net import ClientInfo
from app.sites.models import GuestPolicy, Site
from app.sites.service import check_origin, check_site_id, check_url_on_site, get_site
from app.sites.spam_settings import effective_spam_settings
from app.sites.urls import normalized_url


@dataclass(frozen=True)
class Checks:
    """What admission needs from the app: the server key (ban hashes) and Akismet's endpoint."""

    secret_key: str
    akismet_endpoint: str


@dataclass(frozen=True)
class Admitted:
    """A new comment that passed admission, with everything its row needs."""

    site: Site
    url: str
    title: str
    thread_id: int | None  # None: the post's first comment creates the thread
    parent: Comment | None
    identity: Identity | None
    name: str
    email: str | None
    body_html: str
    status: CommentStatus
    assessment: Assessment


def _guest_author(site: Site, data: CommentCreate) -> tuple[str, str | None]:
    """Name and email for a guest under the site's policy."""
    if site.guest_policy == GuestPolicy.oauth_only:
        raise GuestsNotAllowed("This site accepts comments from logged-in commenters only.")
    name = data.author_name or ""
    email = str(data.author_email).lower() if data.author_email else None
    if site.guest_policy == GuestPolicy.name_email and (not name or not email):
        raise InvalidInput("Name and email are required to comment as a guest.")
    return name or "Anonymous", email


# The statements every post runs are built once (building one costs more than SQLite takes to
# run it); their values are bind parameters.


# The checks on a site's comments each probe one index: the author's (by identity, or by site
# and email). What else they compare is a filter only: IS NOT DISTINCT FROM (the same as = on
# these columns, never NULL), which PostgreSQL never makes an index condition but SQLite does.
# Without statistics (autovacuum behind, or off) PostgreSQL rates every probe of two equalities
# a one-row probe and took the site's queue index (site_id, status, …) or another of the site's,
# walking every comment of the site for every post (21 ms a post at 13,000 comments); with no
# usable condition left there, only the author's index can answer.
def _filter_only(column: InstrumentedAttribute[Any], value: object) -> ColumnElement[bool]:
    return column.is_not_distinct_from(value)


_SITE_ID = bindparam("site_id", type_=String)
_APPROVED = _filter_only(Comment.status, CommentStatus.approved)

# One query for everything a new comment's admission asks the database (one round trip on
# PostgreSQL instead of five): the site, and beside it, as scalar subqueries bound by the same
# parameters, the facts checked against it. A NULL parameter matches nothing, and where a
# subquery's index probe needs it, says so up front (`IS NOT NULL`): PostgreSQL's generic plan
# of `identity_id = $1` walks every approved comment of the site when $1 is NULL.
_guest_name = bindparam("guest_name", type_=String)
_identity_id = bindparam("identity_id", type_=Integer)
_approved_email = bindparam("approved_email", type_=String)
_SITES = cast(Table, Site.__table__)
_SITE_COLUMNS = len(_SITES.c)  # the row: the site's columns, then the facts below, in order
_FACTS = Prepared(
    select(
        *_SITES.c,
        # A guest may not take a verified commenter's name here: one who has commented on this
        # site under it. Identities by that name first, then for each an index probe of its
        # comments here (the other way round walks every comment of the site). A correlated
        # scalar subquery, not EXISTS: PostgreSQL turns EXISTS into a semi join, whose planning
        # for every post cost ~0.1 ms, a third of the whole query's.
        select(Identity.id)
        .where(
            _guest_name.is_not(None),
            Identity.name_key == _guest_name,
            select(Comment.id)
            .where(Comment.identity_id == Identity.id, _filter_only(Comment.site_id, _SITE_ID))
            .limit(1)
            .scalar_subquery()
            .is_not(None),
        )
        .limit(1)
        .scalar_subquery()
        .label("name_owner"),
        ban_in_force_id().label("ban_id"),
        Thread.id.label("thread_id"),
        Thread.closed.label("thread_closed"),
        select(Comment.id)
        .where(
            _identity_id.is_not(None),
            Comment.identity_id == _identity_id,
            _filter_only(Comment.site_id, _SITE_ID),
            _APPROVED,
        )
        .limit(1)
        .scalar_subquery()
        .label("approved_identity"),
        select(Comment.id)
        .where(
            _approved_email.is_not(None),
            Comment.site_id == _SITE_ID,
            Comment.author_email == _approved_email,
            _APPROVED,
        )
        .limit(1)
        .scalar_subquery()
        .label("approved_email"),
    )
    # The post's thread, if it has one yet.
    .outerjoin(Thread, and_(Thread.site_id == Site.id, Thread.url == bindparam("url")))
    .where(Site.id == bindparam("site_id"))
)


@dataclass(frozen=True)
class _Facts:
    site: Site
    name_owner: int | None
    ban_id: int | None
    thread_id: int | None
    thread_closed: bool
    approved_before: bool


async def _facts(
    connection: AsyncConnection,
    site_id: str,
    url: str,
    data: CommentCreate,
    identity: Identity | None,
    *,
    client: ClientInfo,
    checks: Checks,
) -> _Facts:
    """The admission query; the guest's email is only known to be the one given (the site's
    policy may still refuse it), which is all a ban or a first-time check needs."""
    check_site_id(site_id)
    if identity is not None:
        email, guest_name = identity.email, None
    else:
        email = str(data.author_email).lower() if data.author_email else None
        guest_name = name_key(data.author_name) if data.author_name else None
    parameters = ban_parameters(
        site_id,
        secret_key=checks.secret_key,
        identity_id=identity.id if identity else None,
        email=email,
        ip_hash=client.ip_hash,
    )
    parameters |= {
        "url": url,
        "guest_name": guest_name,
        "approved_email": None if identity else email,
    }
    # Prepared: the ORM's execution path, and even Core's, cost more than the query.
    row = await _FACTS.first(connection, parameters)
    if row is None:
        raise NotFound(f"No site '{site_id}'.")
    site = loaded(Site, _SITES.c.keys(), row[:_SITE_COLUMNS])  # admission only reads it
    name_owner, ban_id, thread_id, thread_closed, approved_identity, approved_email = row[
        _SITE_COLUMNS:
    ]
    return _Facts(
        site=site,
        name_owner=name_owner,
        ban_id=ban_id,
        thread_id=thread_id,
        thread_closed=bool(thread_closed),
        approved_before=(approved_identity or approved_email) is not None,
    )


_COMMENTS = cast(Table, Comment.__table__)
_PARENT = Prepared(
    select(*_COMMENTS.c, Thread.url)
    .join(Thread, Thread.id == _COMMENTS.c.thread_id)
    .where(_COMMENTS.c.id == bindparam("parent_id"), _COMMENTS.c.site_id == bindparam("site_id"))
)


async def _parent(
    connection: AsyncConnection, site: Site, url: str, parent_id: int | None, viewer: Viewer | None
) -> Comment | None:
    if parent_id is None:
        return None
    row = await _PARENT.first(connection, {"parent_id": parent_id, "site_id": site.id})
    if row is None or row[-1] != url:
        raise InvalidInput(f"Comment {parent_id} is not in this thread.")
    parent = loaded(Comment, _COMMENTS.c.keys(), row[:-1])
    own_pending = (
        parent.status == CommentStatus.pending
        and viewer is not None
        and parent.identity_id == viewer.identity.id
    )
    if parent.status != CommentStatus.approved and not own_pending:
        raise InvalidInput(f"Comment {parent_id} cannot be replied to.")
    return parent


async def _history(session: AsyncSession | AsyncConnection, site: Site, draft: Draft) -> History:
    """The database facts the site's enabled spam checks need (none when they are off)."""
    settings = effective_spam_settings(site.spam_settings)
    if not wants_history(settings):
        return History()
    duplicate = False
    check = settings.duplicates
    if check.enabled and len(draft.body.strip()) >= check.min_length:
        since = utcnow() - timedelta(hours=check.window_hours)
        duplicate = (
            await session.scalar(
                select(Comment.id)
                .where(Comment.site_id == site.id, Comment.created_at >= since)
                .where(Comment.body == draft.body)
                .limit(1)
            )
        ) is not None
    recent = 0
    if settings.rate_limit.enabled:
        since = utcnow() - timedelta(seconds=parse(settings.rate_limit.limit).get_expiry())
        recent = int(
            await session.scalar(
                select(func.count())
                .select_from(Comment)
                .where(Comment.site_id == site.id, Comment.author_ip_hash == draft.ip_hash)
                .where(Comment.created_at >= since)
            )
            or 0
        )
    return History(duplicate=duplicate, recent_from_ip=recent)


def _check_open(site: Site, viewer: Viewer | None, client: ClientInfo) -> None:
    check_origin(site, client.origin)
    if viewer is not None and viewer.site_id != site.id:
        raise Forbidden("This session token belongs to another site.")
    if site.closed:
        raise ThreadClosed("Comments are closed on this site.")


async def _open_site(
    session: AsyncSession, site_id: str, viewer: Viewer | None, client: ClientInfo
) -> Site:
    site = await get_site(session, site_id)
    _check_open(site, viewer, client)
    return site


async def admit_new(
    connection: AsyncConnection,
    site_id: str,
    data: CommentCreate,
    *,
    viewer: Viewer | None,
    client: ClientInfo,
    checks: Checks,
) -> Admitted:
    """Origin, policy, ban, thread, parent, moderation and spam checks for a new comment."""
    url = normalized_url(data.url)
    body_html = render_body(data.body)
    identity = viewer.identity if viewer else None
    facts = await _facts(connection, site_id, url, data, identity, client=client, checks=checks)
    site = facts.site
    _check_open(site, viewer, client)
    check_url_on_site(site, url)
    if identity is not None:
        name, email = identity.display_name, identity.email
    else:
        name, email = _guest_author(site, data)
        if facts.name_owner is not None:
            raise NameReserved(
                f"'{name}' is a verified commenter here; log in or pick another name."
            )
    identity_id = identity.id if identity else None
    if facts.ban_id is not None:  # the check again, for its message (when the ban ends)
        await check_not_banned(
            connection,
            site.id,
            secret_key=checks.secret_key,
            identity_id=identity_id,
            email=email,
            ip_hash=client.ip_hash,
        )
    if facts.thread_closed:
        raise ThreadClosed("Comments are closed on this post.")
    parent = await _parent(connection, site, url, data.parent_id, viewer)
    draft = Draft(
        site_id=site.id,
        body=data.body,
        body_html=body_html,
        author_name=name,
        author_email=email,
        author_website=data.author_website,
        ip_hash=client.ip_hash,
        honeypot=data.honeypot,
        form_elapsed_ms=data.form_elapsed_ms,
        verified=identity is not None,
        url=url,
        client_ip=client.ip,
    )
    history = await _history(connection, site, draft)
    assessment = await assess(site, draft, history, akismet_endpoint=checks.akismet_endpoint)
    decision = decide_new(
        site.moderation, approved_before=facts.approved_before, verdict=assessment.verdict
    )
    return Admitted(
        site=site,
        url=url,
        title=data.title.strip(),
        thread_id=facts.thread_id,
        parent=parent,
        identity=identity,
        name=name,
        email=email,
        body_html=body_html,
        status=CommentStatus(decision),
        assessment=assessment,
    )


@dataclass(frozen=True)
class AdmittedEdit:
    body_html: str
    status: CommentStatus
    assessment: Assessment


async def admit_edit(
    session: AsyncSession,
    comment: Comment,
    identity: Identity | None,
    body: str,
    *,
    viewer: Viewer | None,
    client: ClientInfo,
    checks: Checks,
) -> AdmittedEdit:
    """The same admission as a new comment, for an author's new text (bans, closed threads,
    the spam chain, the moderation mode)."""
    body_html = render_body(body)
    site = await _open_site(session, comment.site_id, viewer, client)
    await assert_open_thread(session, comment.thread_id)
    email = identity.email if identity else comment.author_email
    await check_not_banned(
        session,
        site.id,
        secret_key=checks.secret_key,
        identity_id=comment.identity_id,
        email=email,
        ip_hash=client.ip_hash,
    )
    draft = Draft(
        site_id=site.id,
        body=body,
        body_html=body_html,
        author_name=identity.display_name if identity else comment.author_name,
        author_email=email,
        author_website=comment.author_website,
        ip_hash=client.ip_hash,
        honeypot=None,
        form_elapsed_ms=None,
        verified=identity is not None,
        client_ip=client.ip,
    )
    # Duplicate and rate checks judge new comments; an edit is judged by its text.
    assessment = await assess(site, draft, History(), akismet_endpoint=checks.akismet_endpoint)
    decision: Decision = decide_edit(
        site.moderation, verdict=assessment.verdict, current=comment.status.value
    )
    return AdmittedEdit(body_html, CommentStatus(decision), assessment)


async def assert_open_thread(session: AsyncSession, thread_id: int) -> None:
    """Refuse changes on a closed thread."""
    if await session.scalar(select(Thread.closed).where(Thread.id == thread_id)):
        raise ThreadClosed("Comments are closed on this post.")
