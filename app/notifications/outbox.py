"""The transactional outbox: enqueue inside the causing transaction, deliver later, exactly once.

Message kinds plug in through a `Kinds` registry (kind name -> `Kind`), built by
`app.notifications.delivery.delivery_kinds` for both the in-app worker and `python -m app.cli
worker`. A kind's `deliver(context, message)` does the network call with no transaction open;
it returns normally on success, raises `PermanentFailure` to give up at once, and any other
exception to be retried with backoff until `max_attempts`.
"""

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings
from app.crypto import new_token
from app.db.base import utcnow
from app.db.session import Database, on_commit, wiring_of
from app.notifications.models import OutboxMessage, OutboxStatus


@dataclass(frozen=True)
class OutboxWake:
    """Wiring (app/db/wiring.py): what wakes the outbox worker after a commit that enqueued
    something. Optional: a process without a worker (the CLI) leaves the rows to one that has."""

    wake: Callable[[], None]


class PermanentFailure(Exception):
    """Raised by a deliver function: retrying cannot help (bad address, refused target)."""


@dataclass(frozen=True)
class Message:
    """What a deliver function gets: the row's data, detached from any session."""

    id: int
    kind: str
    payload: dict[str, Any]
    ref: str | None
    attempt: int  # 1 on the first try
    created_at: datetime


@dataclass(frozen=True)
class DeliveryContext:
    database: Database
    settings: Settings
    secret_key: str


Deliver = Callable[[DeliveryContext, Message], Awaitable[None]]
GiveUp = Callable[[DeliveryContext, Message, str], Awaitable[None]]


def default_backoff(attempt: int) -> float:
    """Seconds to wait after failed attempt `attempt`: 30 s doubling, capped at 6 h, jittered."""
    base: float = min(30.0 * 2.0 ** (attempt - 1), 6 * 3600.0)
    return base * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not a secret


@dataclass(frozen=True)
class Kind:
    deliver: Deliver
    max_attempts: int = 12  # about a day with the default backoff
    backoff: Callable[[int], float] = default_backoff
    on_give_up: GiveUp | None = None  # e.g. record a webhook delivery as failed


@dataclass
class Kinds:
    """The registry of message kinds a worker can deliver."""

    kinds: dict[str, Kind] = field(default_factory=dict)

    def register(self, name: str, kind: Kind) -> None:
        if name in self.kinds:
            raise ValueError(f"outbox kind {name!r} registered twice")
        self.kinds[name] = kind

    def get(self, name: str) -> Kind | None:
        return self.kinds.get(name)


async def enqueue(
    session: AsyncSession,
    kind: str,
    payload: dict[str, Any],
    *,
    dedupe_key: str | None = None,
    ref: str | None = None,
    deliver_after: datetime | None = None,
) -> bool:
    """Add a message in the caller's transaction; False if `dedupe_key` was already enqueued."""
    values = {
        "kind": kind,
        "payload": payload,
        "dedupe_key": dedupe_key,
        "ref": ref,
        "status": OutboxStatus.pending,
        "attempts": 0,
        "next_attempt_at": deliver_after or utcnow(),
        "created_at": utcnow(),
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(OutboxMessage).values(**values)
    if dedupe_key is not None:
        statement = statement.on_conflict_do_nothing(index_elements=["dedupe_key"])
    result = await session.execute(statement.returning(OutboxMessage.id))
    added = result.scalar_one_or_none() is not None
    waker = wiring_of(session).find(OutboxWake)
    if added and waker is not None:
        on_commit(session, waker.wake)
    return added


async def claim_due(
    session: AsyncSession, *, limit: int, lease_seconds: float, kinds: list[str]
) -> list[Message]:
    """Lease up to `limit` due messages to the caller (the caller commits at once)."""
    now = utcnow()
    query = (
        select(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.pending,
            OutboxMessage.next_attempt_at <= now,
            OutboxMessage.kind.in_(kinds),
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = list((await session.scalars(query)).all())
    token = new_token(16)
    claimed: list[Message] = []
    for row in rows:
        row.attempts += 1
        row.claim_token = token
        row.next_attempt_at = now + timedelta(seconds=lease_seconds)
        claimed.append(
            Message(row.id, row.kind, dict(row.payload), row.ref, row.attempts, row.created_at)
        )
    await session.flush()
    return claimed


async def has_due(session: AsyncSession, kinds: list[str]) -> bool:
    """A cheap read: is anything due? (so an idle worker never takes SQLite's write lock)"""
    found = await session.scalar(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status == OutboxStatus.pending,
            OutboxMessage.next_attempt_at <= utcnow(),
            OutboxMessage.kind.in_(kinds),
        )
        .limit(1)
    )
    return found is not None


async def mark_done(session: AsyncSession, message: Message) -> None:
    """Record a delivery (whoever holds the row now: the message went out, so it is done)."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id)
        .values(status=OutboxStatus.done, delivered_at=utcnow(), last_error=None, claim_token=None)
    )


async def mark_failed(
    session: AsyncSession, message: Message, error: str, *, retry_in: float | None
) -> None:
    """Schedule a retry (`retry_in` seconds) or give up (None); only if the lease is still ours."""
    values: dict[str, Any] = {"last_error": error[:2000], "claim_token": None}
    if retry_in is None:
        values["status"] = OutboxStatus.dead
    else:
        values["next_attempt_at"] = utcnow() + timedelta(seconds=retry_in)
    await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message.id,
            OutboxMessage.status == OutboxStatus.pending,
            OutboxMessage.attempts == message.attempt,
        )
        .values(**values)
    )
