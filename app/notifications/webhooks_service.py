"""Webhook management for site owners: create (with a secret shown once), list, update, delete,
and the delivery log of each webhook."""

import base64
import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.base import utcnow
from app.errors import Conflict, NotFound
from app.notifications import outbox
from app.notifications.webhooks_delivery import WEBHOOK_KIND
from app.notifications.webhooks_models import DeliveryStatus, Webhook, WebhookDelivery
from app.notifications.webhooks_schemas import WebhookCreate, WebhookUpdate
from app.sites import audit

SECRET_BYTES = 32


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and the base64 of random key bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


async def list_webhooks(session: AsyncSession, site_id: str) -> list[Webhook]:
    """The site's webhooks, oldest first."""
    rows = await session.scalars(
        select(Webhook).where(Webhook.site_id == site_id).order_by(Webhook.id)
    )
    return list(rows.all())


async def get_webhook(session: AsyncSession, site_id: str, webhook_id: int) -> Webhook:
    """One webhook of the site, or a 404 (a webhook of another site is not found either)."""
    webhook = await session.scalar(
        select(Webhook).where(Webhook.id == webhook_id, Webhook.site_id == site_id)
    )
    if webhook is None:
        raise NotFound(f"No webhook {webhook_id} on site '{site_id}'.")
    return webhook


async def create_webhook(
    session: AsyncSession, site_id: str, data: WebhookCreate, *, admin: audit.Actor
) -> Webhook:
    """Store a webhook (its URL already checked) with a new signing secret, audited; commit."""
    webhook = Webhook(
        site_id=site_id,
        url=data.url,
        events=list(data.events),
        description=data.description,
        secret=new_secret(),
        enabled=True,
    )
    session.add(webhook)
    await session.flush()
    # Not the URL: it may carry a credential of the receiving end.
    audit.record(session, site_id, admin, "webhook.create", webhook_id=webhook.id)
    await session.commit()
    return webhook


async def rotate_secret(
    session: AsyncSession,
    site_id: str,
    webhook_id: int,
    keep_previous_hours: int,
    *,
    admin: audit.Actor,
) -> tuple[Webhook, str]:
    """Give the webhook a new secret (returned), audited; the old one signs too for the hours
    kept. Commits."""
    webhook = await get_webhook(session, site_id, webhook_id)
    if keep_previous_hours > 0:
        webhook.previous_secret = webhook.secret
        webhook.previous_secret_until = utcnow() + timedelta(hours=keep_previous_hours)
    else:
        webhook.previous_secret, webhook.previous_secret_until = None, None
    webhook.secret = new_secret()
    await session.flush()
    await session.refresh(webhook)
    audit.record(
        session,
        site_id,
        admin,
        "webhook.rotate_secret",
        webhook_id=webhook_id,
        keep_hours=keep_previous_hours,
    )
    await session.commit()
    return webhook, webhook.secret


async def update_webhook(
    session: AsyncSession, site_id: str, webhook_id: int, data: WebhookUpdate, *, admin: audit.Actor
) -> Webhook:
    """Apply the given fields, audited, and commit; enabling a disabled webhook clears why it
    was disabled."""
    webhook = await get_webhook(session, site_id, webhook_id)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    was_enabled = webhook.enabled
    for name, value in changes.items():
        setattr(webhook, name, list(value) if name == "events" else value)
    if webhook.enabled:
        webhook.disabled_reason, webhook.disabled_at = None, None
    elif was_enabled:
        webhook.disabled_reason, webhook.disabled_at = "Disabled by an owner.", utcnow()
    await session.flush()
    await session.refresh(webhook)
    fields = sorted(data.model_dump(exclude_unset=True))
    audit.record(session, site_id, admin, "webhook.update", webhook_id=webhook_id, fields=fields)
    await session.commit()
    return webhook


async def delete_webhook(
    session: AsyncSession, site_id: str, webhook_id: int, *, admin: audit.Actor
) -> None:
    """Delete the webhook and its delivery log (pending deliveries are then dropped), audited;
    commit."""
    webhook = await get_webhook(session, site_id, webhook_id)
    await session.execute(delete(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook.id))
    await session.delete(webhook)
    await session.flush()
    audit.record(session, site_id, admin, "webhook.delete", webhook_id=webhook_id)
    await session.commit()


async def list_deliveries(
    session: AsyncSession, webhook: Webhook, *, before: int | None, limit: int
) -> tuple[list[WebhookDelivery], int | None]:
    """A page of the webhook's deliveries, newest first, and the `before` of the next page."""
    query = select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook.id)
    if before is not None:
        query = query.where(WebhookDelivery.id < before)
    rows = list(
        (await session.scalars(query.order_by(WebhookDelivery.id.desc()).limit(limit + 1))).all()
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more and rows else None)


async def redeliver(
    session: AsyncSession, site_id: str, webhook_id: int, delivery_id: int, *, admin: audit.Actor
) -> WebhookDelivery:
    """Send a finished delivery again (same `webhook-id`, so receivers can tell it is a repeat),
    audited; commit."""
    webhook = await get_webhook(session, site_id, webhook_id)
    delivery = await session.scalar(
        select(WebhookDelivery).where(
            WebhookDelivery.id == delivery_id, WebhookDelivery.webhook_id == webhook.id
        )
    )
    if delivery is None:
        raise NotFound(f"No delivery {delivery_id} of webhook {webhook.id}.")
    if not webhook.enabled:
        raise Conflict("The webhook is disabled; enable it before sending again.")
    if delivery.status == DeliveryStatus.pending:
        raise Conflict("This delivery is still being sent.")
    delivery.status, delivery.next_attempt_at = DeliveryStatus.pending, utcnow()
    await outbox.enqueue(
        session, WEBHOOK_KIND, {"delivery_id": delivery.id}, ref=f"webhook-delivery:{delivery.id}"
    )
    await session.flush()
    audit.record(
        session, site_id, admin, "webhook.redeliver", webhook_id=webhook_id, delivery_id=delivery_id
    )
    await session.commit()
    return delivery
