"""The live event log: what a reconnecting reader missed, replayed from the database."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utcnow


class LiveEvent(Base):
    """One change readers of a thread can see, written in the change's own transaction.

    Readers ask for the ids after the last one they saw, so a thread's ids must only grow in
    the order readers can see them. On SQLite (one writer at a time) the id given at insert does.
    On PostgreSQL a post holds no thread lock (app/comments/threads.py), so its event is written
    unpublished and, once committed, gets its final id under the thread's advisory lock
    (app/live/publish.py)."""

    __tablename__ = "live_events"
    __table_args__ = (
        Index("ix_live_events_thread_id_id", "thread_id", "id"),
        Index("ix_live_events_created_at", "created_at"),
        Index("ix_live_events_published_created_at", "published", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[str] = mapped_column(String(64))
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(32))
    # No foreign key: a purged comment's deletion event outlives its row.
    comment_id: Mapped[int | None] = mapped_column(Integer, default=None)
    parent_id: Mapped[int | None] = mapped_column(Integer, default=None)
    closed: Mapped[bool | None] = mapped_column(Boolean, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
