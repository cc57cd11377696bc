"""Admission of a new comment or an edit: everything posting decides before it writes.

All of it runs on a read session, outside any write transaction: the site's policy, bans, the
guest-name check, the parent, the moderation mode and the spam chain — Akismet's network call
included. The write transaction then only inserts, bumps and commits (app/comments/service.py).
"""

from dataclasses import dataclass
from datetime import timedelta

from limits import parse
from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.admission.bans import check_not_banned
from app.admission.policy import Decision, decide_edit, decide_new
from app.admission.spam import Assessment, Draft, History, assess, wants_history
from app.comments.errors import GuestsNotAllowed, NameReserved, ThreadClosed
from app.comments.models import Comment, CommentStatus, Thread
from app.comments.schemas import CommentCreate
from app.comments.writes import render_body
from app.db.base import utcnow
from app.errors import Forbidden, InvalidInput
from app.identity.deps import Viewer
from app.identity.models import Identity
from app.net import ClientInfo
from app.sites.models import GuestPolicy, Site
from app.sites.service import check_origin, check_url_on_site, get_site
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
    parent: Comment | None
    identity: Identity | None
    name: str
    email: str | None
    body_html: str
    status: CommentStatus
    assessment: Assessment


async def _guest_author(
    session: AsyncSession, site: Site, data: CommentCreate
) -> tuple[str, str | None]:
    """Name and email for a guest under the site's policy; verified names are not up for grabs."""
    if site.guest_policy == GuestPolicy.oauth_only:
        raise GuestsNotAllowed("This site accepts comments from logged-in commenters only.")
    name = data.author_name or ""
    email = str(data.author_email).lower() if data.author_email else None
    if site.guest_policy == GuestPolicy.name_email and (not name or not email):
        raise InvalidInput("Name and email are required to comment as a guest.")
    if name:
        taken = await session.scalar(_VERIFIED_NAME, {"name": name.lower(), "site_id": site.id})
        if taken is not None:
            raise NameReserved(
                f"'{name}' is a verified commenter here; log in or pick another name."
            )
    return name or "Anonymous", email


# The statements every post runs are built once (building one costs more than SQLite takes to
# run it); their values are bind parameters.

# Identities first, then an indexed probe of their comments on this site: the other way round
# walks every comment of the site.
_VERIFIED_NAME = (
    select(Identity.id)
    .where(
        func.lower(Identity.display_name) == bindparam("name"),
        select(Comment.id)
        .where(Comment.identity_id == Identity.id, Comment.site_id == bindparam("site_id"))
        .exists(),
    )
    .limit(1)
)
_THREAD_CLOSED = select(Thread.closed).where(
    Thread.site_id == bindparam("site_id"), Thread.url == bindparam("url")
)
_APPROVED_HERE = select(Comment.id).where(
    Comment.site_id == bindparam("site_id"), Comment.status == CommentStatus.approved
)
_APPROVED_IDENTITY = _APPROVED_HERE.where(Comment.identity_id == bindparam("who")).limit(1)
_APPROVED_EMAIL = _APPROVED_HERE.where(Comment.author_email == bindparam("who")).limit(1)


async def _parent(
    session: AsyncSession, site: Site, url: str, parent_id: int | None, viewer: Viewer | None
) -> Comment | None:
    if parent_id is None:
        return None
    row = (
        await session.execute(
            select(Comment, Thread.url)
            .join(Thread, Thread.id == Comment.thread_id)
            .where(Comment.id == parent_id, Comment.site_id == site.id)
        )
    ).first()
    if row is None or row[1] != url:
        raise InvalidInput(f"Comment {parent_id} is not in this thread.")
    parent: Comment = row[0]
    own_pending = (
        parent.status == CommentStatus.pending
        and viewer is not None
        and parent.identity_id == viewer.identity.id
    )
    if parent.status != CommentStatus.approved and not own_pending:
        raise InvalidInput(f"Comment {parent_id} cannot be replied to.")
    return parent


async def _thread_closed(session: AsyncSession, site_id: str, url: str) -> bool:
    closed = await session.scalar(_THREAD_CLOSED, {"site_id": site_id, "url": url})
    return bool(closed)


async def _approved_before(
    session: AsyncSession, site: Site, identity_id: int | None, email: str | None
) -> bool:
    if identity_id is None and not email:
        return False
    statement = _APPROVED_IDENTITY if identity_id else _APPROVED_EMAIL
    found = await session.scalar(statement, {"site_id": site.id, "who": identity_id or email})
    return found is not None


async def _history(session: AsyncSession, site: Site, draft: Draft) -> History:
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


async def _open_site(
    session: AsyncSession, site_id: str, viewer: Viewer | None, client: ClientInfo
) -> Site:
    site = await get_site(session, site_id)
    check_origin(site, client.origin)
    if viewer is not None and viewer.site_id != site.id:
        raise Forbidden("This session token belongs to another site.")
    if site.closed:
        raise ThreadClosed("Comments are closed on this site.")
    return site


async def admit_new(
    session: AsyncSession,
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
    site = await _open_site(session, site_id, viewer, client)
    check_url_on_site(site, url)
    identity = viewer.identity if viewer else None
    if identity is not None:
        name, email = identity.display_name, identity.email
    else:
        name, email = await _guest_author(session, site, data)
    identity_id = identity.id if identity else None
    await check_not_banned(
        session,
        site.id,
        secret_key=checks.secret_key,
        identity_id=identity_id,
        email=email,
        ip_hash=client.ip_hash,
    )
    if await _thread_closed(session, site.id, url):
        raise ThreadClosed("Comments are closed on this post.")
    parent = await _parent(session, site, url, data.parent_id, viewer)
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
    history = await _history(session, site, draft)
    assessment = await assess(site, draft, history, akismet_endpoint=checks.akismet_endpoint)
    approved_before = await _approved_before(session, site, identity_id, email)
    decision = decide_new(
        site.moderation, approved_before=approved_before, verdict=assessment.verdict
    )
    return Admitted(
        site=site,
        url=url,
        title=data.title.strip(),
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
