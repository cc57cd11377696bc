"""The live event log: what a reconnecting reader missed, replayed from the database."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utcnow


class LiveEvent(Base):
    """One change readers of a thread can see. Written in the change's own transaction, so
    its id orders events of a thread in commit order (writers of a thread hold its row lock)."""

    __tablename__ = "live_events"
    __table_args__ = (
        Index("ix_live_events_thread_id_id", "thread_id", "id"),
        Index("ix_live_events_created_at", "created_at"),
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
