"""The actions behind the emailed links: confirm an address for a thread (and send the replies it
missed meanwhile), unsubscribe, list and cancel subscriptions. Every link is checked against a
keyed hash (`compose.Links`); a confirmation link also against its expiry."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.comments.models import Comment, CommentStatus, Thread
from app.db.base import utcnow
from app.errors import AppError, NotFound
from app.notifications.compose import Links
from app.notifications.models import (
    EmailAddress,
    EmailSubscription,
    SubscriptionScope,
    SubscriptionState,
)
from app.notifications.subscriptions import Change, own_comment, queue_notification
from app.sites.models import Site

# Replies that arrived before a confirmation and are sent once it comes: at most this many.
CATCH_UP_LIMIT = 20


class LinkInvalid(NotFound):
    type, title = "link-invalid", "This link is not valid any more"


class LinkExpired(AppError):
    status, type, title = 410, "link-expired", "This link has expired"

    def __init__(self, detail: str, *, site: Site, until: datetime) -> None:
        super().__init__(detail)
        self.site, self.until = site, until


async def find_address(
    session: AsyncSession, links: Links, address_id: int, token: str
) -> tuple[EmailAddress, Site]:
    """The address an unsubscribe/list link is for, or LinkInvalid."""
    row = (
        await session.execute(
            select(EmailAddress, Site)
            .join(Site, Site.id == EmailAddress.site_id)
            .where(EmailAddress.id == address_id)
        )
    ).first()
    if row is None or not links.check(address_id, row[0].email, token):
        raise LinkInvalid("This link is not valid any more.")
    return row[0], row[1]


async def thread_on_site(session: AsyncSession, site: Site, thread_id: int | None) -> Thread | None:
    """The thread a link names, when it is one of this site's."""
    thread = await session.get(Thread, thread_id) if thread_id else None
    return thread if thread is not None and thread.site_id == site.id else None


@dataclass(frozen=True)
class ConfirmLink:
    """What a confirmation link names: an address, a thread, until when, and its token."""

    address_id: int
    thread_id: int
    until: int
    token: str


async def check_confirm_link(
    session: AsyncSession, links: Links, link: ConfirmLink
) -> tuple[EmailAddress, Site, Thread]:
    """The address, site and thread of a genuine confirmation link; LinkInvalid or LinkExpired."""
    row = (
        await session.execute(
            select(EmailAddress, Site, Thread)
            .join(Site, Site.id == EmailAddress.site_id)
            .join(Thread, Thread.site_id == Site.id)
            .where(EmailAddress.id == link.address_id, Thread.id == link.thread_id)
        )
    ).first()
    if row is None or not links.check_confirm(
        link.address_id, row[0].email, link.thread_id, link.until, link.token
    ):
        raise LinkInvalid("This link is not valid any more.")
    until = datetime.fromtimestamp(link.until, tz=utcnow().tzinfo)
    if until <= utcnow():
        raise LinkExpired("This confirmation link has expired.", site=row[1], until=until)
    return row[0], row[1], row[2]


async def confirm_thread(
    session: AsyncSession, links: Links, link: ConfirmLink
) -> tuple[Site, Thread]:
    """Confirm an address for a thread (idempotent), and send the replies it missed meanwhile;
    commits."""
    address, site, thread = await check_confirm_link(session, links, link)
    waiting = (
        await session.scalars(
            select(EmailSubscription).where(
                EmailSubscription.address_id == address.id,
                EmailSubscription.thread_id == thread.id,
                EmailSubscription.state == SubscriptionState.unconfirmed,
            )
        )
    ).all()
    for subscription in waiting:
        subscription.state, subscription.confirm_by = SubscriptionState.active, None
    address.confirmed_at = address.confirmed_at or utcnow()
    await session.flush()
    if waiting:
        await _catch_up(session, site, thread, address, list(waiting), links)
    await session.commit()
    return site, thread


async def _catch_up(
    session: AsyncSession,
    site: Site,
    thread: Thread,
    address: EmailAddress,
    confirmed: list[EmailSubscription],
    links: Links,
) -> None:
    """Notify the approved comments the just-confirmed subscriptions wanted since they began."""
    since = min(s.created_at for s in confirmed)
    parent = aliased(Comment)
    rows = (
        await session.execute(
            select(Comment, parent)
            .outerjoin(parent, parent.id == Comment.parent_id)
            .where(
                Comment.thread_id == thread.id,
                Comment.status == CommentStatus.approved,
                Comment.created_at >= since,
            )
            .order_by(Comment.created_at.desc(), Comment.id.desc())
            .limit(CATCH_UP_LIMIT * 5)
        )
    ).all()
    sent = 0
    for comment, answered in reversed(rows):
        wanted = [
            s
            for s in confirmed
            if s.created_at <= comment.created_at
            and (s.scope == SubscriptionScope.thread or s.comment_id == comment.parent_id)
            and not own_comment(comment, s, address)
        ]
        if not wanted or sent >= CATCH_UP_LIMIT:
            continue
        shown = (
            answered if answered is not None and answered.status == CommentStatus.approved else None
        )
        change = Change(comment, thread, site, shown)
        wanted.sort(key=lambda s: s.scope != SubscriptionScope.replies)
        await queue_notification(session, change, wanted[0], address, links)
        sent += 1


async def unsubscribe(
    session: AsyncSession, links: Links, address_id: int, token: str, *, thread_id: int | None
) -> tuple[Site, Thread | None]:
    """Stop mail to an address: for one thread, or (thread_id None) for the whole site; commits."""
    address, site = await find_address(session, links, address_id, token)
    thread = None
    if thread_id is None:
        await session.delete(address)  # its subscriptions go with it (ON DELETE CASCADE)
    else:
        thread = await session.scalar(
            select(Thread).where(Thread.id == thread_id, Thread.site_id == site.id)
        )
        await session.execute(
            delete(EmailSubscription).where(
                EmailSubscription.address_id == address.id,
                EmailSubscription.thread_id == thread_id,
            )
        )
    await session.commit()
    return site, thread


async def list_subscriptions(
    session: AsyncSession, links: Links, address_id: int, token: str
) -> tuple[EmailAddress, Site, list[tuple[EmailSubscription, Thread]]]:
    """An address's subscriptions on its site, each with its thread, oldest first."""
    address, site = await find_address(session, links, address_id, token)
    rows = (
        await session.execute(
            select(EmailSubscription, Thread)
            .join(Thread, Thread.id == EmailSubscription.thread_id)
            .where(EmailSubscription.address_id == address.id)
            .order_by(EmailSubscription.id)
        )
    ).all()
    return address, site, [(row[0], row[1]) for row in rows]


async def cancel_subscription(
    session: AsyncSession, links: Links, address_id: int, token: str, subscription_id: int | None
) -> None:
    """Cancel one of an address's subscriptions (None: all of them, keeping the address);
    commits."""
    address, _ = await find_address(session, links, address_id, token)
    statement = delete(EmailSubscription).where(EmailSubscription.address_id == address.id)
    if subscription_id is not None:
        statement = statement.where(EmailSubscription.id == subscription_id)
    await session.execute(statement)
    await session.commit()
