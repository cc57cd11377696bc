"""Until every comment change emits its event (issue 9's move of comment writes into
app/comments), tests make sure the event of a change they made through the API was emitted:
if the log has no row for it, they emit it the way app/comments does (then commit)."""

from fastapi import FastAPI
from sqlalchemy import select

from app.comments.events import CommentEvent, EventType, emit
from app.comments.models import Comment, CommentStatus, Thread
from app.live.models import LiveEvent
from app.live.record import live_type


async def ensure_emitted(
    app: FastAPI,
    type_: EventType,
    comment_id: int | None = None,
    *,
    thread_id: int | None = None,
    previous: CommentStatus | None = None,
) -> bool:
    """Emit the event unless the app already did; True when this helper had to emit it."""
    database = app.state.database
    async with database.write_sessions() as session:
        status = None
        site_id = ""
        if comment_id is not None:
            comment = await session.get(Comment, comment_id)
            assert comment is not None
            status, thread_id, site_id = comment.status, comment.thread_id, comment.site_id
        else:
            assert thread_id is not None
            thread = await session.get(Thread, thread_id)
            assert thread is not None
            site_id = thread.site_id
        event = CommentEvent(type_, site_id, thread_id or 0, comment_id, status, previous)
        kind = live_type(event)
        recorded = await session.scalar(
            select(LiveEvent.id).where(
                LiveEvent.thread_id == thread_id,
                LiveEvent.type == kind,
                LiveEvent.comment_id.is_(None)
                if comment_id is None
                else LiveEvent.comment_id == comment_id,
            )
        )
        if recorded is not None:
            return False
        await emit(session, event)
        await session.commit()
        return True
