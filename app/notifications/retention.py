"""Forgetting what has been delivered: sent and dead outbox messages and finished webhook
deliveries are deleted once older than `outbox_retention_days` (the outbox worker runs this
once an hour). Nothing pending is ever deleted.

Both tables grow in id order with time, so the oldest rows are found by walking the primary key
from the start in batches, each deleted in its own short transaction (on SQLite the write lock
is held for one batch at a time), until a row younger than the cutoff shows up: no scan of the
whole table, and no index just for this."""

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from app.db.base import utcnow
from app.db.session import Database
from app.notifications.models import OutboxMessage, OutboxStatus
from app.notifications.webhooks_models import DeliveryStatus, WebhookDelivery

BATCH = 500
PRUNE_EVERY_SECONDS = 3600.0

FINISHED: list[tuple[Any, Collection[str]]] = [
    (OutboxMessage, {OutboxStatus.done, OutboxStatus.dead}),
    (WebhookDelivery, {DeliveryStatus.succeeded, DeliveryStatus.failed}),
]


async def _prune(
    database: Database, model: Any, finished: Collection[str], before: datetime
) -> int:
    removed, after = 0, 0
    while True:
        async with database.write_transaction() as session:
            rows = (
                await session.execute(
                    select(model.id, model.created_at, model.status)
                    .where(model.id > after)
                    .order_by(model.id)
                    .limit(BATCH)
                )
            ).all()
            old = [row.id for row in rows if row.created_at < before and row.status in finished]
            if old:
                await session.execute(
                    delete(model)
                    .where(model.id.in_(old))
                    .execution_options(synchronize_session=False)
                )
            await session.commit()
        removed += len(old)
        if len(rows) < BATCH or any(row.created_at >= before for row in rows):
            return removed
        after = rows[-1].id


async def prune(database: Database, retention_days: int) -> int:
    """Delete finished messages and deliveries older than the retention; how many."""
    before = utcnow() - timedelta(days=retention_days)
    removed = 0
    for model, finished in FINISHED:
        removed += await _prune(database, model, finished, before)
    return removed
