"""From comment events to webhook deliveries: one outbox message per matching webhook, written
in the transaction of the change (so a delivery exists if and only if the change committed)."""

import json
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.events import CommentEvent, InTransaction
from app.comments.models import Comment, CommentStatus, Thread
from app.comments.presenter import Presenter
from app.crypto import new_token
from app.db.base import utcnow
from app.db.prepared import Prepared
from app.db.session import transaction_memo
from app.identity.models import Identity
from app.notifications import outbox
from app.notifications.webhooks_delivery import WEBHOOK_KIND
from app.notifications.webhooks_models import Webhook, WebhookDelivery
from app.notifications.webhooks_schemas import WEBHOOK_EVENTS
from app.sites.models import Site

# Built once: every change reads it. Only what matching needs, as Core rows on the session's
# connection: most sites have no webhook, and the ORM's execution path costs a post more than
# the statement does.
_ENABLED = Prepared(
    select(Webhook.id, Webhook.events).where(
        Webhook.site_id == bindparam("site_id"), Webhook.enabled.is_(True)
    )
)


async def _subscribed(session: AsyncSession, event: CommentEvent) -> list[int]:
    """The ids of the site's enabled webhooks that want this event."""
    # A new comment emits two events (created, approved): the site's webhooks are read once.
    memo = transaction_memo(session)
    key = ("webhooks", event.site_id)
    if key not in memo:
        connection = await session.connection()
        memo[key] = await _ENABLED.rows(connection, {"site_id": event.site_id})
    return [webhook_id for webhook_id, events in memo[key] if event.type in events]


def _public_comment(
    presenter: Presenter, comment: Comment | None, identity: Identity | None, comment_id: int
) -> dict[str, Any]:
    """The comment as the thread read shows it (no email, no IP hash); a deleted comment is
    its placeholder, so a deletion never sends the text it removed."""
    if comment is None:  # purged: the row is gone
        return {"id": comment_id, "status": CommentStatus.deleted.value}
    shown = comment.status != CommentStatus.deleted
    view = presenter.comment(comment, identity, shown=shown)
    return view.model_dump(mode="json", exclude={"replies"})


async def build_payload(session: AsyncSession, event: CommentEvent, presenter: Presenter) -> str:
    """The JSON body every subscribed webhook gets for this event (signed as is)."""
    row = (
        await session.execute(
            select(Comment, Identity)
            .outerjoin(Identity, Identity.id == Comment.identity_id)
            .where(Comment.id == event.comment_id)
        )
    ).first()
    comment, identity = (row[0], row[1]) if row is not None else (None, None)
    thread = await session.get(Thread, event.thread_id)
    site = await session.get(Site, event.site_id)
    assert event.comment_id is not None
    body = {
        "type": event.type,
        "timestamp": utcnow().isoformat(),
        "data": {
            "comment": _public_comment(presenter, comment, identity, event.comment_id),
            "thread": {
                "url": thread.url if thread else None,
                "title": thread.title if thread else None,
            },
            "site": {"id": event.site_id, "name": site.name if site else None},
        },
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


async def enqueue_webhooks(session: AsyncSession, event: CommentEvent, presenter: Presenter) -> int:
    """Add a delivery and its outbox message for each enabled webhook wanting this event."""
    if event.type not in WEBHOOK_EVENTS or event.comment_id is None:
        return 0
    webhook_ids = await _subscribed(session, event)
    if not webhook_ids:
        return 0
    payload = await build_payload(session, event, presenter)
    deliveries = [
        WebhookDelivery(
            webhook_id=webhook_id,
            message_id=f"msg_{new_token(18)}",
            event_type=event.type,
            payload=payload,
        )
        for webhook_id in webhook_ids
    ]
    session.add_all(deliveries)
    await session.flush()
    for delivery in deliveries:
        await outbox.enqueue(
            session,
            WEBHOOK_KIND,
            {"delivery_id": delivery.id},
            ref=f"webhook-delivery:{delivery.id}",
        )
    return len(deliveries)


def webhook_listener(secret_key: str, base_url: str | None) -> InTransaction:
    """The in-transaction comment listener that app/assembly.py subscribes."""
    presenter = Presenter(secret_key, (base_url or "").rstrip("/"))

    async def listener(session: AsyncSession, event: CommentEvent) -> None:
        await enqueue_webhooks(session, event, presenter)

    return listener
