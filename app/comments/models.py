"""Threads (one per site and normalized post URL), comments and votes."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    Enum,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, CreatedAtMixin, utcnow


class CommentStatus(StrEnum):
    approved = "approved"
    pending = "pending"
    spam = "spam"
    deleted = "deleted"


class Thread(CreatedAtMixin, Base):
    __tablename__ = "threads"
    __table_args__ = (UniqueConstraint("site_id", "url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2048))
    title: Mapped[str] = mapped_column(String(500), default="")
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    pinned_comment_id: Mapped[int | None] = mapped_column(Integer, default=None)
    # Bumped by every change that alters what readers see; keys the read cache and the ETag.
    version: Mapped[int] = mapped_column(Integer, default=0)


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_thread_listing", "thread_id", "parent_id", "status", "created_at"),
        Index("ix_comments_root_id", "root_id"),
        Index("ix_comments_site_queue", "site_id", "status", "created_at"),
        # Admission's checks on a site's comments probe these, the author's indexes (a guest's
        # name owned here, approved here before: by identity, or by site and email); what else
        # they compare is a filter only (app/comments/admit.py), so no statistics can make one
        # of the site's indexes, and a walk of the site, look cheaper.
        Index("ix_comments_identity_site_status", "identity_id", "site_id", "status"),
        Index("ix_comments_site_email_status", "site_id", "author_email", "status"),
        # The per-IP rate check.
        Index("ix_comments_site_ip", "site_id", "author_ip_hash", "created_at"),
        UniqueConstraint("site_id", "source_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), default=None
    )
    # Top-level ancestor (NULL on top-level comments): one query loads all replies of a page.
    root_id: Mapped[int | None] = mapped_column(Integer, default=None)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    identity_id: Mapped[int | None] = mapped_column(
        ForeignKey("identities.id", ondelete="SET NULL"), default=None
    )
    author_name: Mapped[str] = mapped_column(String(100), default="")
    author_email: Mapped[str | None] = mapped_column(String(254), default=None)
    author_website: Mapped[str | None] = mapped_column(String(500), default=None)
    author_ip_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[CommentStatus] = mapped_column(
        Enum(CommentStatus, native_enum=False, length=20), default=CommentStatus.approved
    )
    score: Mapped[int] = mapped_column(Integer, default=0)
    edit_token_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(default=None)
    # "<format>:<id in the source>" for imported comments; makes re-imports idempotent.
    source_id: Mapped[str | None] = mapped_column(String(200), default=None)


class Vote(Base):
    __tablename__ = "votes"

    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True
    )
    voter_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[int] = mapped_column(SmallInteger)
