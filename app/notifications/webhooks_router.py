"""Webhook routes for site owners: `/api/v1/admin/sites/{site_id}/webhooks`."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status

from app.config import Settings
from app.db.session import SessionDep
from app.errors import problems
from app.identity.deps import CurrentAdmin, SiteOwner
from app.notifications import webhooks_service as service
from app.notifications.webhooks_schemas import (
    DeliveryPage,
    DeliveryRead,
    SecretRotation,
    WebhookCreate,
    WebhookCreated,
    WebhookList,
    WebhookRead,
    WebhookUpdate,
)
from app.notifications.webhooks_targets import check_target
from app.runtime import AppSettings
from app.validation import DB_INT_MAX

ERRORS = problems(
    401,
    403,
    404,
    409,
    422,
    e403="Not an owner of this site (moderators cannot manage webhooks)",
    e404="No such site or webhook",
    e409="The webhook is disabled, or the delivery is still being sent",
    e422="Invalid input, or a target URL on a refused network",
)
router = APIRouter(
    prefix="/api/v1/admin/sites/{site_id}/webhooks", tags=["webhooks"], responses=ERRORS
)
WebhookId = Annotated[int, Path(ge=1, le=DB_INT_MAX)]


async def _checked_url(settings: Settings, admin: CurrentAdmin, site_id: str, url: str) -> str:
    """Check the credential's scope, then resolve and check the URL — before the route's
    session reads anything, so the DNS lookup never runs inside a write transaction."""
    admin.require_owner(site_id)
    target = await check_target(url, allow_private=settings.webhook_allow_private)
    return str(target.url)


async def checked_create(
    data: WebhookCreate, settings: AppSettings, admin: CurrentAdmin, site_id: str
) -> WebhookCreate:
    return data.model_copy(update={"url": await _checked_url(settings, admin, site_id, data.url)})


async def checked_update(
    data: WebhookUpdate, settings: AppSettings, admin: CurrentAdmin, site_id: str
) -> WebhookUpdate:
    if data.url is None:
        return data
    return data.model_copy(update={"url": await _checked_url(settings, admin, site_id, data.url)})


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_webhook(
    data: Annotated[WebhookCreate, Depends(checked_create)],
    admin: SiteOwner,
    site_id: str,
    session: SessionDep,
) -> WebhookCreated:
    """Add a webhook; the response carries its signing secret, shown only this once."""
    webhook = await service.create_webhook(session, site_id, data, admin=admin)
    return WebhookCreated(**WebhookRead.model_validate(webhook).model_dump(), secret=webhook.secret)


@router.get("")
async def list_webhooks(_: SiteOwner, site_id: str, session: SessionDep) -> WebhookList:
    """The site's webhooks (secrets are never shown again)."""
    webhooks = await service.list_webhooks(session, site_id)
    return WebhookList(webhooks=[WebhookRead.model_validate(w) for w in webhooks])


@router.get("/{webhook_id}")
async def read_webhook(
    webhook_id: WebhookId, _: SiteOwner, site_id: str, session: SessionDep
) -> WebhookRead:
    """One webhook, with whether it is enabled and why it was disabled."""
    return WebhookRead.model_validate(await service.get_webhook(session, site_id, webhook_id))


@router.patch("/{webhook_id}")
async def update_webhook(
    webhook_id: WebhookId,
    data: Annotated[WebhookUpdate, Depends(checked_update)],
    admin: SiteOwner,
    site_id: str,
    session: SessionDep,
) -> WebhookRead:
    """Change a webhook's URL, events or description, or enable it again."""
    webhook = await service.update_webhook(session, site_id, webhook_id, data, admin=admin)
    return WebhookRead.model_validate(webhook)


@router.post("/{webhook_id}/secret")
async def rotate_secret(
    webhook_id: WebhookId,
    admin: SiteOwner,
    site_id: str,
    session: SessionDep,
    data: SecretRotation | None = None,
) -> WebhookCreated:
    """A new signing secret, shown only in this response. For `keep_previous_hours` (24 when
    no body is sent) every delivery is signed with the old secret as well, so the receiver can
    switch to the new one without rejecting a delivery."""
    keep = (data or SecretRotation()).keep_previous_hours
    webhook, secret = await service.rotate_secret(session, site_id, webhook_id, keep, admin=admin)
    return WebhookCreated(**WebhookRead.model_validate(webhook).model_dump(), secret=secret)


@router.delete("/{webhook_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_webhook(
    webhook_id: WebhookId, admin: SiteOwner, site_id: str, session: SessionDep
) -> None:
    """Delete a webhook; deliveries not yet sent are dropped."""
    await service.delete_webhook(session, site_id, webhook_id, admin=admin)


@router.get("/{webhook_id}/deliveries")
async def list_deliveries(
    webhook_id: WebhookId,
    _: SiteOwner,
    site_id: str,
    session: SessionDep,
    before: Annotated[int | None, Query(ge=1, le=DB_INT_MAX, description="Older ids only")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> DeliveryPage:
    """The webhook's deliveries, newest first: status, attempts, last response, next attempt."""
    webhook = await service.get_webhook(session, site_id, webhook_id)
    rows, next_before = await service.list_deliveries(session, webhook, before=before, limit=limit)
    return DeliveryPage(
        deliveries=[DeliveryRead.model_validate(row) for row in rows], next_before=next_before
    )


@router.post("/{webhook_id}/deliveries/{delivery_id}/retry")
async def redeliver(
    webhook_id: WebhookId,
    delivery_id: Annotated[int, Path(ge=1, le=DB_INT_MAX)],
    admin: SiteOwner,
    site_id: str,
    session: SessionDep,
) -> DeliveryRead:
    """Send a finished delivery (succeeded or failed) again, with its original body and id."""
    delivery = await service.redeliver(session, site_id, webhook_id, delivery_id, admin=admin)
    return DeliveryRead.model_validate(delivery)
