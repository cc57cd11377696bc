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
    """An address that asked for notifications on a site. Mail about a thread goes to it only
    through an active subscription to that thread (`EmailSubscription.state`)."""

    __tablename__ = "email_addresses"
    __table_args__ = (UniqueConstraint("site_id", "email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))  # lower-cased
    confirmed_at: Mapped[datetime | None] = mapped_column(default=None)  # first confirmation


class SubscriptionScope(StrEnum):
    replies = "replies"  # direct replies to comment_id
    thread = "thread"  # every new comment on thread_id


class SubscriptionState(StrEnum):
    held = "held"  # its comment awaits moderation: it starts when the comment is approved
    unconfirmed = "unconfirmed"  # a confirmation mail for this thread went out (until confirm_by)
    active = "active"  # confirmed for this thread, or the subscriber's own verified address


class EmailSubscription(CreatedAtMixin, Base):
    """One address's wish to hear about one thread (every comment) or one comment's replies.

    Confirmation is per address *and thread*: a link confirmed for one post says nothing about
    another, so nobody can subscribe someone else's address to a thread they never agreed to."""

    __tablename__ = "email_subscriptions"
    __table_args__ = (
        Index("ix_email_subscriptions_thread_id", "thread_id"),
        Index("ix_email_subscriptions_comment_id", "comment_id"),
        Index("ix_email_subscriptions_address_id", "address_id"),
        Index("ix_email_subscriptions_source_comment_id", "source_comment_id"),
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
    state: Mapped[SubscriptionState] = mapped_column(
        Enum(SubscriptionState, native_enum=False, length=20),
        default=SubscriptionState.active,
        server_default=SubscriptionState.active.value,
    )
    # unconfirmed: when its confirmation link stops working (then nothing is ever sent).
    confirm_by: Mapped[datetime | None] = mapped_column(default=None)
    # The comment whose "notify me" made it (a held subscription starts when it is approved).
    source_comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="SET NULL"), default=None
    )
