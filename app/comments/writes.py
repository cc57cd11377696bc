"""The one writer of comment rows: every insert and update of a comment goes through here
(the importer's bulk insert aside, which renders with the same sanitizer and bumps threads).

Lock order, on every path: thread rows first, in id order (`lock_threads`, which also bumps
their versions so cached pages and ETags change), then comment rows FOR NO KEY UPDATE. On SQLite
there is one writer at a time anyway; on PostgreSQL the order keeps writers from deadlocking.
Every change emits a comment event (app/comments/events.py) once it is flushed.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, delete, false, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.events import CommentEvent, EventType, NotifyChoice, emit
from app.comments.models import Comment, CommentStatus, Thread, Vote
from app.comments.render import render_markdown
from app.comments.threads import bump_version
from app.db.base import loaded, utcnow
from app.db.prepared import Prepared
from app.errors import InvalidInput

STATUS_EVENTS: dict[CommentStatus, EventType] = {
    CommentStatus.approved: "comment.approved",
    CommentStatus.spam: "comment.spam",
    CommentStatus.deleted: "comment.deleted",
}


def render_body(body: str) -> str:
    """Markdown to sanitized HTML, refusing text that shows nothing."""
    html = render_markdown(body) if body.strip() else ""
    if not html:
        raise InvalidInput("The comment has no visible text.")
    return html


async def lock_threads(session: AsyncSession, thread_ids: Iterable[int]) -> None:
    """Bump (and so lock) each thread, in id order, before any of its comment rows is touched."""
    for thread_id in sorted(set(thread_ids)):
        await bump_version(session, thread_id)


async def lock_comments(
    session: AsyncSession, site_id: str, ids: Sequence[int]
) -> dict[int, Comment]:
    """The site's comments among `ids`, locked in the house order; other sites' ids are absent."""
    mine = (Comment.id.in_(list(ids)), Comment.site_id == site_id)
    await lock_threads(session, await session.scalars(select(Comment.thread_id).where(*mine)))
    rows = await session.scalars(select(Comment).where(*mine).with_for_update(key_share=True))
    return {comment.id: comment for comment in rows}


async def lock_comment(session: AsyncSession, comment_id: int) -> Comment | None:
    """One comment, locked in the house order (thread first)."""
    thread_id = await session.scalar(select(Comment.thread_id).where(Comment.id == comment_id))
    if thread_id is None:
        return None
    await lock_threads(session, [thread_id])
    return await session.scalar(
        select(Comment).where(Comment.id == comment_id).with_for_update(key_share=True)
    )


async def _emit(
    session: AsyncSession,
    kind: EventType,
    comment: Comment,
    *,
    actor: str,
    before: CommentStatus | None = None,
    notify: NotifyChoice = "none",
    notify_email: str | None = None,
) -> None:
    event = CommentEvent(
        type=kind,
        site_id=comment.site_id,
        thread_id=comment.thread_id,
        comment_id=comment.id,
        status=comment.status,
        previous_status=before,
        actor=actor,
        notify=notify,
        notify_email=notify_email,
    )
    await emit(session, event)


@dataclass(frozen=True)
class NewComment:
    """Everything a new row holds, decided before the write transaction opened."""

    site_id: str
    thread_id: int
    parent: Comment | None
    identity_id: int | None
    author_name: str
    author_email: str | None
    author_website: str | None
    author_ip_hash: str | None
    body: str
    body_html: str
    status: CommentStatus
    edit_token_hash: str | None
    actor: str
    notify: NotifyChoice = "none"
    notify_email: str | None = None


_COMMENTS = cast(Table, Comment.__table__)
_NEW_COLUMNS = [column for column in _COMMENTS.c if column.name != "id"]
# Built and compiled once (app/db/prepared.py); a Core insert, not the ORM's unit of work
# (which costs several times the insert).
# It inserts only into a thread that is still open, and on PostgreSQL holds the thread's row
# FOR KEY SHARE while it reads that: a moderator's close (FOR UPDATE) committed before this
# statement, or waits for this transaction (app/comments/threads.py).
_INSERT_COMMENT = Prepared(
    insert(_COMMENTS)
    .from_select(
        [column.name for column in _NEW_COLUMNS],
        select(*(bindparam(column.name, type_=column.type) for column in _NEW_COLUMNS))
        .where(Thread.id == bindparam("thread_id"), Thread.closed == false())
        .with_for_update(read=True, key_share=True),
    )
    .returning(_COMMENTS.c.id)
)


async def insert_comment(session: AsyncSession, new: NewComment) -> Comment | None:
    """Store a new comment of an existing thread (`threads.thread_for_post`); None if the thread
    has closed since admission. The caller then bumps the thread (`threads.bump_for_post`) and
    announces the comment (`announce_new`)."""
    parent = new.parent
    values = {
        "site_id": new.site_id,
        "thread_id": new.thread_id,
        "parent_id": parent.id if parent else None,
        "root_id": (parent.root_id or parent.id) if parent else None,
        "depth": parent.depth + 1 if parent else 0,
        "identity_id": new.identity_id,
        "author_name": new.author_name,
        "author_email": new.author_email,
        "author_website": new.author_website,
        "author_ip_hash": new.author_ip_hash,
        "body": new.body,
        "body_html": new.body_html,
        "status": new.status,
        "score": 0,
        "edit_token_hash": new.edit_token_hash,
        "created_at": utcnow(),
        "edited_at": None,
        "source_id": None,
    }
    # On the session's connection: the ORM's execution path costs more than the insert.
    comment_id = await _INSERT_COMMENT.scalar(await session.connection(), values)
    if comment_id is None:
        return None
    # The row as the session's own object, as if the session had read it: the listeners find it
    # in the identity map.
    comment = loaded(Comment, ("id", *values), (comment_id, *values.values()))
    session.add(comment)
    return comment


async def announce_new(session: AsyncSession, comment: Comment, new: NewComment) -> None:
    """The events of a stored comment: created, and approved or spam when it was stored so."""
    await _emit(
        session,
        "comment.created",
        comment,
        actor=new.actor,
        notify=new.notify,
        notify_email=new.notify_email,
    )
    if comment.status in STATUS_EVENTS:
        await _emit(session, STATUS_EVENTS[comment.status], comment, actor=new.actor)


async def change_status(
    session: AsyncSession, comment: Comment, target: CommentStatus, *, actor: str
) -> None:
    """Move a locked comment to another status."""
    before = comment.status
    if before == target:
        return
    comment.status = target
    await session.flush()
    if target in STATUS_EVENTS:
        await _emit(session, STATUS_EVENTS[target], comment, actor=actor, before=before)
    else:
        await _emit(session, "comment.updated", comment, actor=actor, before=before)


async def replace_text(
    session: AsyncSession,
    comment: Comment,
    body: str,
    body_html: str,
    *,
    actor: str,
    status: CommentStatus | None = None,
) -> None:
    """New text for a locked comment (rendered by `render_body`), and the status the edit's
    admission gave it, if any."""
    before = comment.status
    comment.body, comment.body_html, comment.edited_at = body, body_html, utcnow()
    if status is not None:
        comment.status = status
    await session.flush()
    await _emit(session, "comment.updated", comment, actor=actor, before=before)
    if comment.status != before and comment.status in STATUS_EVENTS:
        await _emit(session, STATUS_EVENTS[comment.status], comment, actor=actor, before=before)


async def delete_by_author(session: AsyncSession, comment: Comment, *, actor: str) -> None:
    """The author's delete: the row stays as a placeholder so replies keep their place."""
    before = comment.status
    comment.status = CommentStatus.deleted
    comment.body, comment.body_html, comment.edited_at = "", "", utcnow()
    await session.flush()
    await _emit(session, "comment.deleted", comment, actor=actor, before=before)


async def subtree_ids(session: AsyncSession, comment: Comment) -> list[int]:
    """The comment and every reply below it (one query over its top-level tree)."""
    root = comment.root_id or comment.id
    rows = (
        await session.execute(
            select(Comment.id, Comment.parent_id).where(
                or_(Comment.id == root, Comment.root_id == root)
            )
        )
    ).all()
    children: dict[int, list[int]] = {}
    for row_id, parent_id in rows:
        if parent_id is not None:
            children.setdefault(parent_id, []).append(row_id)
    found, stack = [], [comment.id]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, ()))
    return found


async def purge(session: AsyncSession, comment: Comment, *, actor: str) -> list[int]:
    """Remove a locked comment and its whole subtree: replies cannot outlive their parent row."""
    ids = await subtree_ids(session, comment)
    await session.execute(
        update(Thread)
        .where(Thread.id == comment.thread_id, Thread.pinned_comment_id.in_(ids))
        .values(pinned_comment_id=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        delete(Comment).where(Comment.id.in_(ids)).execution_options(synchronize_session=False)
    )
    for removed in ids:
        event = CommentEvent(
            type="comment.deleted",
            site_id=comment.site_id,
            thread_id=comment.thread_id,
            comment_id=removed,
            status=None,
            previous_status=comment.status if removed == comment.id else None,
            actor=actor,
        )
        await emit(session, event)
    return ids


async def erase(
    session: AsyncSession,
    site_id: str,
    ids: Sequence[int],
    thread_ids: Iterable[int],
    *,
    actor: str,
) -> None:
    """Privacy erasure of comments (threads already locked): placeholders with no text, name,
    email, website, address or identity, unpinned."""
    if not ids:
        return
    now: datetime = utcnow()
    await session.execute(
        update(Comment)
        .where(Comment.id.in_(list(ids)), Comment.site_id == site_id)
        .values(
            status=CommentStatus.deleted,
            body="",
            body_html="",
            author_name="",
            author_email=None,
            author_website=None,
            author_ip_hash=None,
            identity_id=None,
            edit_token_hash=None,
            edited_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Thread)
        .where(Thread.id.in_(list(thread_ids)), Thread.pinned_comment_id.in_(list(ids)))
        .values(pinned_comment_id=None)
        .execution_options(synchronize_session=False)
    )
    rows = await session.execute(
        select(Comment.id, Comment.thread_id).where(Comment.id.in_(list(ids)))
    )
    for comment_id, thread_id in rows.all():
        event = CommentEvent(
            type="comment.deleted",
            site_id=site_id,
            thread_id=thread_id,
            comment_id=comment_id,
            status=CommentStatus.deleted,
            actor=actor,
        )
        await emit(session, event)


def _score_of(comment_id: object) -> object:
    return (
        select(func.coalesce(func.sum(Vote.value), 0))
        .where(Vote.comment_id == comment_id)
        .scalar_subquery()
    )


async def cast_vote(
    session: AsyncSession, comment_id: int, voter_keys: Sequence[str], value: int
) -> int:
    """Set the voter's vote (0 withdraws) on a comment whose thread is locked; returns the score.

    `voter_keys[0]` is the key the vote is stored under; the others are keys the same person
    voted under before (a guest vote from their address, replaced once they log in).
    """
    # FOR NO KEY UPDATE: concurrent votes on this comment queue here, while inserts of replies
    # (whose foreign-key check takes KEY SHARE) are not blocked. The score recomputed below is
    # a new statement, so under READ COMMITTED it sees every committed vote.
    await session.execute(
        select(Comment.id).where(Comment.id == comment_id).with_for_update(key_share=True)
    )
    key = voter_keys[0]
    await session.execute(
        delete(Vote).where(Vote.comment_id == comment_id, Vote.voter_key.in_(list(voter_keys)))
    )
    if value != 0:
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        stmt = insert(Vote).values(comment_id=comment_id, voter_key=key, value=value)
        await session.execute(
            stmt.on_conflict_do_update(
                index_elements=["comment_id", "voter_key"], set_={"value": value}
            )
        )
    score = await session.scalar(
        update(Comment)
        .where(Comment.id == comment_id)
        .values(score=_score_of(comment_id))
        .returning(Comment.score)
        .execution_options(synchronize_session=False)
    )
    return int(score or 0)


async def remove_votes(session: AsyncSession, site_id: str, voter_key: str) -> int:
    """Delete one voter's votes on the site's comments (threads already locked); rescore them."""
    comment_ids = list(
        await session.scalars(
            select(Vote.comment_id)
            .join(Comment, Comment.id == Vote.comment_id)
            .where(Comment.site_id == site_id, Vote.voter_key == voter_key)
        )
    )
    if not comment_ids:
        return 0
    await session.execute(
        delete(Vote).where(Vote.voter_key == voter_key, Vote.comment_id.in_(comment_ids))
    )
    await session.execute(
        update(Comment)
        .where(Comment.id.in_(comment_ids))
        .values(score=_score_of(Comment.id))
        .execution_options(synchronize_session=False)
    )
    return len(comment_ids)
