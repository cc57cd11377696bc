"""Comment use cases: post, read one, edit, delete.

Each write a commenter makes is one function here (`post_comment`, `edit_comment`,
`delete_own_comment`) that runs the whole protocol in order: admission on a read session
(app/comments/admit.py, where any network call happens), then a short write transaction that
only inserts or updates, bumps the thread and emits events (app/comments/writes.py), its commit,
and what must follow the commit (the PostgreSQL thread bump). Routes parse, call one of them and
present the result; they never see the steps.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments import admit, writes
from app.comments.admit import Admitted, AdmittedEdit
from app.comments.errors import EditWindowClosed, NotTheAuthor, ThreadClosed
from app.comments.events import NotificationOutcome, notification_of
from app.comments.models import Comment, CommentStatus
from app.comments.schemas import CommentCreate
from app.comments.threads import bump_for_post, bumps_after_commit, thread_for_post
from app.crypto import hash_token, new_token, tokens_equal
from app.db.base import utcnow
from app.db.session import Database
from app.errors import Conflict, NotFound
from app.identity.deps import Viewer
from app.identity.models import Identity
from app.net import ClientInfo
from app.sites.service import check_origin, get_site

log = logging.getLogger("parley.comments")


@dataclass(frozen=True)
class Posted:
    comment: Comment
    identity: Identity | None
    edit_token: str | None
    title: str = ""
    bump_after_commit: bool = False  # PostgreSQL: see `publish_post`
    notification: NotificationOutcome | None = None  # what the notify choice did


def actor_of(viewer: Viewer | None) -> str:
    return f"identity:{viewer.identity.id}" if viewer else "guest"


async def store_comment(
    session: AsyncSession, *, admitted: Admitted, data: CommentCreate, client: ClientInfo
) -> Posted:
    """Write an admitted comment: the thread (created on first use), the row (if the thread is
    still open), on SQLite the thread's bump, then the events. On PostgreSQL the caller runs
    `publish_post` once the transaction has committed (app/comments/threads.py)."""
    site, identity = admitted.site, admitted.identity
    thread_id = admitted.thread_id or await thread_for_post(
        session, site.id, admitted.url, admitted.title
    )
    edit_token = None if identity else new_token()
    new = writes.NewComment(
        site_id=site.id,
        thread_id=thread_id,
        parent=admitted.parent,
        identity_id=identity.id if identity else None,
        author_name=admitted.name,
        author_email=admitted.email,
        author_website=data.author_website,
        author_ip_hash=client.ip_hash,
        body=data.body,
        body_html=admitted.body_html,
        status=admitted.status,
        edit_token_hash=hash_token(edit_token) if edit_token else None,
        actor=f"identity:{identity.id}" if identity else "guest",
        notify=data.notify,
        notify_email=str(data.author_email).lower() if data.author_email else None,
    )
    try:
        comment = await writes.insert_comment(session, new)
    except IntegrityError as exc:  # what it points to went away since admission
        raise Conflict(
            "The comment replied to, or the author's account, was removed meanwhile."
        ) from exc
    if comment is None:  # closed since admission
        raise ThreadClosed("Comments are closed on this post.")
    if not bumps_after_commit(session):
        await bump_for_post(session, thread_id, admitted.title)
    await writes.announce_new(session, comment, new)
    admitted.assessment.record(session, site.id, comment.id, comment.status.value)
    return Posted(
        comment,
        identity,
        edit_token,
        admitted.title,
        bumps_after_commit(session),
        notification_of(session, comment.id),
    )


async def publish_post(database: Database, posted: Posted) -> None:
    """After the commit of a post on PostgreSQL: bump its thread, before the answer, so the next
    read on any process sees the comment. Concurrent posts to one thread share a bump that
    began after all their commits (`Database.shared_runs`). If the database fails now, the
    comment is stored and its live event is left unpublished: the live sweeper bumps the thread
    when it publishes it."""
    if not posted.bump_after_commit:
        return
    thread_id, title = posted.comment.thread_id, posted.title

    async def bump() -> None:
        async with database.autocommit() as connection:
            await bump_for_post(connection, thread_id, title)

    try:
        await database.shared_runs.run(("post bump", thread_id), bump)
    except (OSError, SQLAlchemyError):
        log.warning("thread %s: bump after commit failed", thread_id, exc_info=True)


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


async def authorize_author(
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


async def _locked(session: AsyncSession, comment: Comment) -> Comment:
    locked = await writes.lock_comment(session, comment.id)
    if locked is None or locked.status in (CommentStatus.spam, CommentStatus.deleted):
        raise NotFound(f"No comment {comment.id}.")
    return locked


async def store_edit(
    session: AsyncSession, comment: Comment, body: str, admitted: AdmittedEdit, *, actor: str
) -> Comment:
    """Write an admitted edit; the edit's admission may send the comment back to the queue."""
    locked = await _locked(session, comment)
    await writes.replace_text(
        session, locked, body, admitted.body_html, actor=actor, status=admitted.status
    )
    admitted.assessment.record(session, locked.site_id, locked.id, locked.status.value)
    return locked


async def delete_comment(session: AsyncSession, comment: Comment, *, actor: str) -> None:
    """The author deletes their comment; replies keep it as a placeholder (the tree stays whole)."""
    await writes.delete_by_author(session, await _locked(session, comment), actor=actor)


async def post_comment(
    database: Database,
    site_id: str,
    data: CommentCreate,
    *,
    viewer: Viewer | None,
    client: ClientInfo,
    checks: admit.Checks,
) -> Posted:
    """Post a comment or a reply: admission, the write, its commit, then the after-commit bump."""
    # One pooled connection at a time: the read one is back in the pool before the write opens.
    # A bare connection, no ORM session: admission reads columns, and a session's set-up and
    # tear-down cost more than its queries.
    async with database.read_connection() as reads:
        admitted = await admit.admit_new(
            reads, site_id, data, viewer=viewer, client=client, checks=checks
        )
    # On SQLite posts waiting for the write turn share a transaction (`Database.write`).
    posted = await database.write(
        partial(store_comment, admitted=admitted, data=data, client=client)
    )
    await publish_post(database, posted)
    return posted


async def edit_comment(
    database: Database,
    comment_id: int,
    body: str,
    *,
    viewer: Viewer | None,
    edit_token: str | None,
    client: ClientInfo,
    checks: admit.Checks,
) -> tuple[Comment, Identity | None]:
    """The author edits their comment within the edit window. The new text passes the same
    checks as a new comment and may send the comment back to the moderation queue."""
    async with database.read_sessions() as reads:
        comment, identity = await authorize_author(
            reads, comment_id, viewer=viewer, edit_token=edit_token, client=client
        )
        if body == comment.body:
            return comment, identity  # nothing changed: not "edited"
        admitted = await admit.admit_edit(
            reads, comment, identity, body, viewer=viewer, client=client, checks=checks
        )
    async with database.write_transaction() as session:
        edited = await store_edit(session, comment, body, admitted, actor=actor_of(viewer))
        await session.commit()
    return edited, identity


async def delete_own_comment(
    database: Database,
    comment_id: int,
    *,
    viewer: Viewer | None,
    edit_token: str | None,
    client: ClientInfo,
) -> None:
    """The author deletes their comment within the edit window (replies keep a placeholder)."""
    async with database.read_sessions() as reads:
        comment, _identity = await authorize_author(
            reads, comment_id, viewer=viewer, edit_token=edit_token, client=client
        )
    async with database.write_transaction() as session:
        await delete_comment(session, comment, actor=actor_of(viewer))
        await session.commit()
