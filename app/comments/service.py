"""Comment use cases: post, read one, edit, delete. Services flush; routes commit."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.admission.akismet import DEFAULT_ENDPOINT as DEFAULT_AKISMET_ENDPOINT
from app.admission.bans import check_not_banned
from app.admission.spam import Draft, assess
from app.comments.models import Comment, CommentStatus, Thread
from app.comments.reads import normalized_url
from app.comments.render import render_markdown
from app.comments.schemas import CommentCreate, CommentUpdate
from app.comments.threads import bump_version, get_or_create_thread
from app.crypto import hash_token, new_token, tokens_equal
from app.db.base import utcnow
from app.errors import AppError, Forbidden, InvalidInput, NotFound
from app.identity.deps import Viewer
from app.identity.models import Identity
from app.net import ClientInfo
from app.sites.models import GuestPolicy, ModerationMode, Site
from app.sites.service import check_origin, check_url_on_site, get_site


class ThreadClosed(AppError):
    status, type, title = 403, "thread-closed", "Comments are closed"


class GuestsNotAllowed(AppError):
    status, type, title = 403, "guests-not-allowed", "Log in to comment"


class NameReserved(AppError):
    status, type, title = 409, "name-reserved", "Name belongs to a verified commenter"


class EditWindowClosed(AppError):
    status, type, title = 403, "edit-window-closed", "Too late to change this comment"


class NotTheAuthor(Forbidden):
    type, title = "not-the-author", "Only the author can change this comment"


@dataclass(frozen=True)
class Posted:
    comment: Comment
    identity: Identity | None
    edit_token: str | None


def _render(body: str) -> str:
    if not body.strip():
        raise InvalidInput("The comment is empty.")
    html = render_markdown(body)
    if not html:
        raise InvalidInput("The comment has no visible text.")
    return html


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
        # Identities first, then an indexed probe of their comments on this site: the other
        # way round walks every comment of the site.
        commented_here = (
            select(Comment.id)
            .where(Comment.identity_id == Identity.id, Comment.site_id == site.id)
            .exists()
        )
        taken = await session.scalar(
            select(Identity.id)
            .where(func.lower(Identity.display_name) == name.lower(), commented_here)
            .limit(1)
        )
        if taken is not None:
            raise NameReserved(
                f"'{name}' is a verified commenter here; log in or pick another name."
            )
    return name or "Anonymous", email


async def _parent(
    session: AsyncSession, thread: Thread, parent_id: int | None, viewer: Viewer | None
) -> Comment | None:
    if parent_id is None:
        return None
    parent = await session.get(Comment, parent_id)
    if parent is None or parent.thread_id != thread.id:
        raise InvalidInput(f"Comment {parent_id} is not in this thread.")
    own_pending = (
        parent.status == CommentStatus.pending
        and viewer is not None
        and parent.identity_id == viewer.identity.id
    )
    if parent.status != CommentStatus.approved and not own_pending:
        raise InvalidInput(f"Comment {parent_id} cannot be replied to.")
    return parent


async def _initial_status(
    session: AsyncSession, site: Site, identity_id: int | None, email: str | None
) -> CommentStatus:
    if site.moderation == ModerationMode.all:
        return CommentStatus.pending
    if site.moderation == ModerationMode.first_time:
        known = Comment.identity_id == identity_id if identity_id else Comment.author_email == email
        if identity_id is None and not email:
            return CommentStatus.pending
        approved_before = await session.scalar(
            select(Comment.id)
            .where(Comment.site_id == site.id, Comment.status == CommentStatus.approved, known)
            .limit(1)
        )
        return CommentStatus.approved if approved_before else CommentStatus.pending
    return CommentStatus.approved


async def create_comment(
    session: AsyncSession,
    site_id: str,
    data: CommentCreate,
    *,
    viewer: Viewer | None,
    client: ClientInfo,
    secret_key: str,
    akismet_endpoint: str = DEFAULT_AKISMET_ENDPOINT,
) -> Posted:
    """Post a comment (creating the thread on first use) after origin, policy, ban, spam checks."""
    # Pure work first: on SQLite the first statement takes the write lock for the whole request.
    url = normalized_url(data.url)
    body_html = _render(data.body)
    site = await get_site(session, site_id)
    check_origin(site, client.origin)
    if viewer is not None and viewer.site_id != site.id:
        raise Forbidden("This session token belongs to another site.")
    check_url_on_site(site, url)
    if site.closed:
        raise ThreadClosed("Comments are closed on this site.")
    identity = viewer.identity if viewer else None
    if identity is not None:
        name, email = identity.display_name, identity.email
    else:
        name, email = await _guest_author(session, site, data)
    await check_not_banned(
        session,
        site.id,
        secret_key=secret_key,
        identity_id=identity.id if identity else None,
        email=email,
        ip_hash=client.ip_hash,
    )
    thread = await get_or_create_thread(session, site.id, url, data.title.strip())
    if thread.closed:
        raise ThreadClosed("Comments are closed on this post.")
    parent = await _parent(session, thread, data.parent_id, viewer)
    status = await _initial_status(session, site, identity.id if identity else None, email)
    verdict = await assess(
        session,
        site,
        Draft(
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
        ),
        akismet_endpoint=akismet_endpoint,
    )
    flagged = verdict.status
    if flagged is not None and (flagged == CommentStatus.spam or status == CommentStatus.approved):
        status = flagged
    edit_token = None if identity else new_token()
    comment = Comment(
        site_id=site.id,
        thread_id=thread.id,
        parent_id=parent.id if parent else None,
        root_id=(parent.root_id or parent.id) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        identity_id=identity.id if identity else None,
        author_name=name,
        author_email=email,
        author_website=data.author_website,
        author_ip_hash=client.ip_hash,
        body=data.body,
        body_html=body_html,
        status=status,
        edit_token_hash=hash_token(edit_token) if edit_token else None,
        created_at=utcnow(),
    )
    session.add(comment)
    await session.flush()
    await verdict.record(session, comment)
    await bump_version(session, thread.id)  # the row is already locked by get_or_create_thread
    return Posted(comment, identity, edit_token)


async def get_comment(session: AsyncSession, comment_id: int) -> tuple[Comment, Identity | None]:
    """A live (not spam, not deleted) comment with its author identity."""
    row = (
        await session.execute(
            select(Comment, Identity)
            .outerjoin(Identity, Identity.id == Comment.identity_id)
            .where(Comment.id == comment_id)
        )
    ).first()
    if row is None or row[0].status in (CommentStatus.spam, CommentStatus.deleted):
        raise NotFound(f"No comment {comment_id}.")
    return row[0], row[1]


def _is_author(comment: Comment, viewer: Viewer | None, edit_token: str | None) -> bool:
    if viewer is not None and comment.identity_id is not None:
        return viewer.identity.id == comment.identity_id and viewer.site_id == comment.site_id
    return bool(
        edit_token
        and comment.edit_token_hash
        and tokens_equal(hash_token(edit_token), comment.edit_token_hash)
    )


async def read_comment(
    session: AsyncSession, comment_id: int, *, viewer: Viewer | None, edit_token: str | None
) -> tuple[Comment, Identity | None]:
    """One comment: approved ones for anybody, a pending one for its author only."""
    comment, identity = await get_comment(session, comment_id)
    if comment.status == CommentStatus.pending and not _is_author(comment, viewer, edit_token):
        raise NotFound(f"No comment {comment_id}.")
    return comment, identity


async def _authorize_author(
    session: AsyncSession,
    comment_id: int,
    *,
    viewer: Viewer | None,
    edit_token: str | None,
    client: ClientInfo,
) -> tuple[Comment, Identity | None]:
    """The comment, if the caller is its author and still within the site's edit window."""
    comment, identity = await get_comment(session, comment_id)
    site = await get_site(session, comment.site_id)
    check_origin(site, client.origin)
    if not _is_author(comment, viewer, edit_token):
        raise NotTheAuthor("Only the author can change this comment.")
    if utcnow() - comment.created_at > timedelta(seconds=site.edit_window_seconds):
        raise EditWindowClosed(
            f"Comments can be changed for {site.edit_window_seconds // 60} minutes after posting."
        )
    return comment, identity


async def edit_comment(
    session: AsyncSession,
    comment_id: int,
    data: CommentUpdate,
    *,
    viewer: Viewer | None,
    edit_token: str | None,
    client: ClientInfo,
) -> tuple[Comment, Identity | None]:
    """The author replaces the text of their comment."""
    comment, identity = await _authorize_author(
        session, comment_id, viewer=viewer, edit_token=edit_token, client=client
    )
    body_html = _render(data.body)
    await bump_version(session, comment.thread_id)  # lock order: thread row first
    comment.body_html = body_html
    comment.body = data.body
    comment.edited_at = utcnow()
    await session.flush()
    return comment, identity


async def delete_comment(
    session: AsyncSession,
    comment_id: int,
    *,
    viewer: Viewer | None,
    edit_token: str | None,
    client: ClientInfo,
) -> None:
    """The author deletes their comment; replies keep it as a placeholder (the tree stays whole)."""
    comment, _ = await _authorize_author(
        session, comment_id, viewer=viewer, edit_token=edit_token, client=client
    )
    await bump_version(session, comment.thread_id)  # lock order: thread row first
    comment.status = CommentStatus.deleted
    comment.body = ""
    comment.body_html = ""
    comment.edited_at = utcnow()
    await session.flush()
