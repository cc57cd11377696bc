"""Moderators' writes: each action on comments or a thread is one function here.

`moderate_comments` (approve, spam, delete, restore, purge; one id or a bulk list),
`edit_as_moderator` and `update_thread` each run the whole protocol, as a commenter's writes do
(app/comments/service.py): the write transaction (thread rows locked and bumped first, so cached
pages and ETags change), the changes and their audit entries, the commit, and what the
listeners scheduled for after it (live events, the outbox, webhooks). The API routes, the mail
action links and the CLI call them; none of them sees the steps.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments import writes
from app.comments.models import Comment, CommentStatus, Thread
from app.comments.threads import bump_version, thread_state_changed
from app.db.session import Database
from app.errors import Conflict, InvalidInput, NotFound
from app.identity.access import Admin
from app.sites import audit


class Action(StrEnum):
    """What a moderator can do to a comment."""

    approve = "approve"
    spam = "spam"
    delete = "delete"
    restore = "restore"
    purge = "purge"


# The statuses each action applies to, and the status it sets.
TRANSITIONS: dict[Action, tuple[frozenset[CommentStatus], CommentStatus | None]] = {
    Action.approve: (
        frozenset({CommentStatus.pending, CommentStatus.spam}),
        CommentStatus.approved,
    ),
    Action.spam: (
        frozenset({CommentStatus.pending, CommentStatus.approved, CommentStatus.deleted}),
        CommentStatus.spam,
    ),
    Action.delete: (
        frozenset({CommentStatus.pending, CommentStatus.approved, CommentStatus.spam}),
        CommentStatus.deleted,
    ),
    Action.restore: (
        frozenset({CommentStatus.deleted, CommentStatus.spam}),
        CommentStatus.approved,
    ),
    Action.purge: (frozenset(CommentStatus), None),
}


@dataclass
class Moderated:
    """What one action did to each id asked for."""

    action: Action
    done: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)


async def _apply(
    session: AsyncSession, comment: Comment, action: Action, actor: str
) -> list[int] | None:
    """Change one comment; None when the action does not apply to its status."""
    allowed, target = TRANSITIONS[action]
    if comment.status not in allowed:
        return None
    if target is None:
        return await writes.purge(session, comment, actor=actor)
    if target == CommentStatus.approved and not comment.body:
        return None  # erased or deleted by its author: nothing left to show
    await writes.change_status(session, comment, target, actor=actor)
    return [comment.id]


async def _apply_all(
    session: AsyncSession, site_id: str, ids: Sequence[int], action: Action, admin: Admin
) -> Moderated:
    wanted = list(dict.fromkeys(ids))
    comments = await writes.lock_comments(session, site_id, wanted)
    result = Moderated(action)
    purged: set[int] = set()
    for comment_id in wanted:
        comment = comments.get(comment_id)
        if comment is None or comment_id in purged:
            (result.done if comment_id in purged else result.missing).append(comment_id)
            continue
        before = comment.status
        changed = await _apply(session, comment, action, admin.actor)
        if changed is None:
            result.skipped.append(comment_id)
            continue
        purged.update(changed if action == Action.purge else ())
        result.done.extend(changed if action == Action.purge else [comment_id])
        extra = {"removed": changed} if action == Action.purge else {"from": before.value}
        audit.record(
            session, site_id, admin, f"comment.{action.value}", comment_id=comment_id, **extra
        )
    result.done = list(dict.fromkeys(result.done))
    return result


async def moderate_comments(
    database: Database,
    site_id: str,
    ids: Sequence[int],
    action: Action,
    *,
    admin: Admin,
    one: bool = False,
) -> Moderated:
    """Apply an action to comments of this site, audited, and commit; ids of other sites count
    as missing. `one=True`: a single comment asked for by id, so a missing one is a 404."""
    async with database.write_transaction() as session:
        result = await _apply_all(session, site_id, ids, action, admin)
        if one and result.missing:
            raise NotFound(f"No comment {result.missing[0]} on site '{site_id}'.")
        await session.commit()
    return result


async def edit_as_moderator(
    database: Database, site_id: str, comment_id: int, body: str, *, admin: Admin
) -> None:
    """Replace a comment's text (re-rendered and sanitized like a new comment), audited."""
    async with database.write_transaction() as session:
        comment = (await writes.lock_comments(session, site_id, [comment_id])).get(comment_id)
        if comment is None:
            raise NotFound(f"No comment {comment_id} on site '{site_id}'.")
        if comment.status == CommentStatus.deleted and not comment.body:
            raise Conflict(
                "This comment was deleted by its author or erased; it has no text to edit."
            )
        await writes.replace_text(
            session, comment, body, writes.render_body(body), actor=admin.actor
        )
        audit.record(session, site_id, admin, "comment.edit", comment_id=comment_id)
        await session.commit()


async def _lock_thread(session: AsyncSession, site_id: str, thread_id: int) -> Thread:
    # FOR UPDATE (not NO KEY UPDATE): it waits for posts in flight, whose inserts hold the row
    # FOR KEY SHARE while they check that the thread is open (app/comments/writes.py).
    thread = await session.scalar(
        select(Thread).where(Thread.id == thread_id, Thread.site_id == site_id).with_for_update()
    )
    if thread is None:
        raise NotFound(f"No thread {thread_id} on site '{site_id}'.")
    return thread


async def _check_pinnable(session: AsyncSession, thread: Thread, comment_id: int) -> None:
    comment = await session.get(Comment, comment_id)
    if comment is None or comment.site_id != thread.site_id:
        raise NotFound(f"No comment {comment_id} on site '{thread.site_id}'.")
    if comment.thread_id != thread.id:
        raise InvalidInput(f"Comment {comment_id} is not in this thread.")
    if comment.parent_id is not None or comment.status != CommentStatus.approved:
        raise InvalidInput("Only an approved top-level comment can be pinned.")


async def _change_thread(
    session: AsyncSession, site_id: str, thread_id: int, changes: dict[str, Any], admin: Admin
) -> Thread:
    thread = await _lock_thread(session, site_id, thread_id)
    closes_or_reopens = changes.get("closed") is not None and changes["closed"] != thread.closed
    if closes_or_reopens:
        thread.closed = changes["closed"]
        action = "thread.close" if thread.closed else "thread.reopen"
        audit.record(session, site_id, admin, action, thread_id=thread.id, url=thread.url)
    if "pinned_comment_id" in changes and changes["pinned_comment_id"] != thread.pinned_comment_id:
        pinned = changes["pinned_comment_id"]
        if pinned is not None:
            await _check_pinnable(session, thread, pinned)
        previous, thread.pinned_comment_id = thread.pinned_comment_id, pinned
        audit.record(
            session,
            site_id,
            admin,
            "comment.pin" if pinned is not None else "comment.unpin",
            comment_id=pinned if pinned is not None else previous,
            thread_id=thread.id,
        )
    await session.flush()
    if closes_or_reopens:  # readers' widgets hide or show the form; a pin alone is no such news
        await thread_state_changed(session, thread, actor=admin.actor)
    else:
        await bump_version(session, thread.id)
    await session.refresh(thread)
    return thread


async def update_thread(
    database: Database, site_id: str, thread_id: int, changes: dict[str, Any], *, admin: Admin
) -> Thread:
    """Close/reopen and pin/unpin (`changes`: the fields the request set); each change is
    audited and bumps the thread's version."""
    async with database.write_transaction() as session:
        thread = await _change_thread(session, site_id, thread_id, changes, admin)
        await session.commit()
    return thread
