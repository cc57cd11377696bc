"""Webhooks of a site and their deliveries (one row per event sent to one webhook)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, CreatedAtMixin, utcnow


class DeliveryStatus(StrEnum):
    pending = "pending"  # waiting for its first or next attempt
    succeeded = "succeeded"  # the receiver answered 2xx
    failed = "failed"  # retries exhausted, refused target, or the webhook was disabled


class Webhook(CreatedAtMixin, Base):
    __tablename__ = "webhooks"
    __table_args__ = (Index("ix_webhooks_site_id", "site_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2048))
    description: Mapped[str] = mapped_column(String(500), default="")
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Kept in the clear: signing needs the key itself (shown to the owner once, at creation or
    # rotation). After a rotation the previous one signs too, until `previous_secret_until`.
    secret: Mapped[str] = mapped_column(String(100))
    previous_secret: Mapped[str | None] = mapped_column(String(100), default=None)
    previous_secret_until: Mapped[datetime | None] = mapped_column(default=None)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(String(500), default=None)
    disabled_at: Mapped[datetime | None] = mapped_column(default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def signing_secrets(self, now: datetime) -> list[str]:
        """The secrets a delivery at `now` is signed with: the current one, and the previous
        one while its grace period after a rotation lasts."""
        if self.previous_secret and self.previous_secret_until and now < self.previous_secret_until:
            return [self.secret, self.previous_secret]
        return [self.secret]


class WebhookDelivery(CreatedAtMixin, Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_webhook_id", "webhook_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    # The `webhook-id` header: the same on every retry, so receivers can deduplicate.
    message_id: Mapped[str] = mapped_column(String(64), unique=True)
    event_type: Mapped[str] = mapped_column(String(40))
    # The exact body that is signed and sent, fixed when the event happened.
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[DeliveryStatus] = mapped_column(
        Enum(DeliveryStatus, native_enum=False, length=20), default=DeliveryStatus.pending
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_response_code: Mapped[int | None] = mapped_column(Integer, default=None)
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
    last_attempt_at: Mapped[datetime | None] = mapped_column(default=None)
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=None)
    delivered_at: Mapped[datetime | None] = mapped_column(default=None)
