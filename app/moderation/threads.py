"""Thread moderation: list a site's threads, close or reopen one, pin a top-level comment."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.models import Comment, CommentStatus, Thread
from app.comments.threads import bump_version, thread_state_changed
from app.db.paging import newest_first
from app.errors import InvalidInput, NotFound
from app.identity.access import Admin
from app.moderation.schemas import ThreadList, ThreadRead, ThreadUpdate
from app.sites import audit
from app.sites.urls import normalized_url


async def list_threads(
    session: AsyncSession, site_id: str, *, url: str | None, cursor: str | None, limit: int
) -> ThreadList:
    """The site's threads, newest first; `url` finds the one thread of a post."""
    query = select(Thread).where(Thread.site_id == site_id)
    if url:
        query = query.where(Thread.url == normalized_url(url))
    rows, next_cursor = await newest_first(session, query, Thread.id, cursor=cursor, limit=limit)
    return ThreadList(
        threads=[ThreadRead.model_validate(row, from_attributes=True) for row in rows],
        next_cursor=next_cursor,
    )


async def _thread(session: AsyncSession, site_id: str, thread_id: int) -> Thread:
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


async def update_thread(
    session: AsyncSession, site_id: str, thread_id: int, data: ThreadUpdate, *, admin: Admin
) -> ThreadRead:
    """Close/reopen and pin/unpin; each change is audited and bumps the thread's version."""
    thread = await _thread(session, site_id, thread_id)
    changes = data.model_dump(exclude_unset=True)
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
    return ThreadRead.model_validate(thread, from_attributes=True)
