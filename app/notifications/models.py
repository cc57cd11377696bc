"""The transactional outbox, and the email addresses and subscriptions of commenters."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, CreatedAtMixin, utcnow


class OutboxStatus(StrEnum):
    pending = "pending"  # due at next_attempt_at (a claimed row is pending with a lease there)
    done = "done"  # delivered
    dead = "dead"  # gave up: permanent failure or attempts exhausted


class OutboxMessage(CreatedAtMixin, Base):
    """One message to deliver (an email, a webhook call), written in the transaction that causes it.

    A worker claims due rows by pushing `next_attempt_at` one lease into the future (in a short
    transaction, `FOR UPDATE SKIP LOCKED` on PostgreSQL), delivers with no transaction open, then
    marks the row done or schedules a retry. A worker killed mid-delivery leaves its rows to be
    claimed again when the lease runs out: nothing acknowledged is ever lost.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_due", "status", "next_attempt_at"),
        Index("ix_outbox_messages_ref", "ref"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # picks the deliver function ("email", ...)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Enqueueing the same key twice keeps the first row: "never twice for one comment".
    dedupe_key: Mapped[str | None] = mapped_column(String(200), default=None, unique=True)
    # Free-form handle for the kind's own bookkeeping, e.g. "webhook-delivery:12".
    ref: Mapped[str | None] = mapped_column(String(100), default=None)
    status: Mapped[OutboxStatus] = mapped_column(
        Enum(OutboxStatus, native_enum=False, length=20), default=OutboxStatus.pending
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claim_token: Mapped[str | None] = mapped_column(String(64), default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    delivered_at: Mapped[datetime | None] = mapped_column(default=None)


class EmailAddress(CreatedAtMixin, Base):
    """An address that asked for notifications on a site; mail goes to it only once confirmed."""

    __tablename__ = "email_addresses"
    __table_args__ = (UniqueConstraint("site_id", "email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))  # lower-cased
    confirmed_at: Mapped[datetime | None] = mapped_column(default=None)


class SubscriptionScope(StrEnum):
    replies = "replies"  # direct replies to comment_id
    thread = "thread"  # every new comment on thread_id


class EmailSubscription(CreatedAtMixin, Base):
    __tablename__ = "email_subscriptions"
    __table_args__ = (
        Index("ix_email_subscriptions_thread_id", "thread_id"),
        Index("ix_email_subscriptions_comment_id", "comment_id"),
        Index("ix_email_subscriptions_address_id", "address_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    address_id: Mapped[int] = mapped_column(ForeignKey("email_addresses.id", ondelete="CASCADE"))
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), default=None
    )
    scope: Mapped[SubscriptionScope] = mapped_column(
        Enum(SubscriptionScope, native_enum=False, length=20)
    )
    # The subscriber's identity when logged in: their own comments never notify them.
    identity_id: Mapped[int | None] = mapped_column(
        ForeignKey("identities.id", ondelete="SET NULL"), default=None
    )
