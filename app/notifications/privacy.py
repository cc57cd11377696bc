"""A commenter's email subscriptions on one site, for the privacy export and erasure.

The privacy requests are moderation's (app/moderation/privacy.py); it reaches this through the
`PersonalData` list every session carries, wired in app/main.py. Whom a request is about: the
site's addresses among `emails` (the one asked about, or the identity's), and the addresses the
identity subscribed with while logged in.
"""

from typing import Any

from sqlalchemy import ColumnElement, delete, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.models import Thread
from app.notifications.mail import EMAIL_KIND
from app.notifications.models import EmailAddress, EmailSubscription, OutboxMessage


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


class EmailSubscriptions:
    """The `email_subscriptions` part of a commenter's data."""

    name = "email_subscriptions"

    async def _addresses(
        self, session: AsyncSession, site_id: str, identity_id: int | None, emails: list[str]
    ) -> list[EmailAddress]:
        mine: ColumnElement[bool] = (
            EmailAddress.email.in_([e.lower() for e in emails]) if emails else false()
        )
        if identity_id is not None:
            used_by_identity = select(EmailSubscription.address_id).where(
                EmailSubscription.identity_id == identity_id
            )
            mine = or_(mine, EmailAddress.id.in_(used_by_identity))
        rows = await session.scalars(
            select(EmailAddress)
            .where(EmailAddress.site_id == site_id, mine)
            .order_by(EmailAddress.id)
        )
        return list(rows)

    async def export(
        self, session: AsyncSession, site_id: str, *, identity_id: int | None, emails: list[str]
    ) -> list[dict[str, Any]]:
        """Each address with what it is subscribed to."""
        addresses = await self._addresses(session, site_id, identity_id, emails)
        rows = await session.execute(
            select(EmailSubscription, Thread.url)
            .join(Thread, Thread.id == EmailSubscription.thread_id)
            .where(EmailSubscription.address_id.in_([a.id for a in addresses]))
            .order_by(EmailSubscription.id)
        )
        by_address: dict[int, list[dict[str, Any]]] = {a.id: [] for a in addresses}
        for subscription, url in rows.all():
            by_address[subscription.address_id].append(
                {
                    "scope": subscription.scope.value,
                    "thread_url": url,
                    "comment_id": subscription.comment_id,
                    "state": subscription.state.value,
                    "created_at": _iso(subscription.created_at),
                }
            )
        return [
            {
                "email": address.email,
                "confirmed_at": _iso(address.confirmed_at),
                "created_at": _iso(address.created_at),
                "subscriptions": by_address[address.id],
            }
            for address in addresses
        ]

    async def erase(
        self, session: AsyncSession, site_id: str, *, identity_id: int | None, emails: list[str]
    ) -> int:
        """Delete the addresses (their subscriptions go with them) and the mail queued or sent
        to them; how many addresses were deleted."""
        ids = [a.id for a in await self._addresses(session, site_id, identity_id, emails)]
        if not ids:
            return 0
        keys = [f"confirm:{i}" for i in ids]
        replies = [OutboxMessage.dedupe_key.like(f"reply:%:{i}") for i in ids]
        await session.execute(
            delete(OutboxMessage)
            .where(OutboxMessage.kind == EMAIL_KIND)
            .where(or_(OutboxMessage.dedupe_key.in_(keys), *replies))
            .execution_options(synchronize_session=False)
        )
        await session.execute(
            delete(EmailSubscription)
            .where(EmailSubscription.address_id.in_(ids))
            .execution_options(synchronize_session=False)
        )
        await session.execute(
            delete(EmailAddress)
            .where(EmailAddress.id.in_(ids))
            .execution_options(synchronize_session=False)
        )
        return len(ids)
