"""Email subscriptions: the comment-event listener that writes outbox rows (the actions behind
the emailed links are in `mail_links.py`).

Rules (issue 23.5): an address is confirmed per thread — the first subscription of an address
to a thread sends one confirmation, valid for `CONFIRM_DAYS`; only a subscriber's own verified
address (a logged-in identity's provider email) needs none. A pending comment subscribes
nothing until it is approved (its subscription is held). Nothing about a thread goes to an
address until it is confirmed for that thread; replies that arrive meanwhile are sent once it
is (never if the link expires). Nobody hears of their own comment; only approved comments
notify; one email per comment and address."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.comments.events import (
    CommentEvent,
    InTransaction,
    NotificationOutcome,
    NotifyChoice,
    report_notification,
)
from app.comments.models import Comment, CommentStatus, Thread
from app.config import Settings
from app.db.base import utcnow
from app.errors import InvalidInput
from app.identity.action_links import MAIL_ACTIONS
from app.notifications import compose
from app.notifications.compose import Links, Quoted, Reply
from app.notifications.mail import EMAIL_KIND
from app.notifications.models import (
    EmailAddress,
    EmailSubscription,
    SubscriptionScope,
    SubscriptionState,
)
from app.notifications.outbox import enqueue
from app.sites.models import NotifyOn, Site

CONFIRM_DAYS = 7


@dataclass(frozen=True)
class Change:
    """The comment an event is about, with its thread, site and the comment it answers."""

    comment: Comment
    thread: Thread
    site: Site
    parent: Comment | None = None

    def reply(self) -> Reply:
        parent = self.parent
        return Reply(
            site_name=self.site.name,
            post_title=self.thread.title,
            post_url=self.thread.url,
            comment_id=self.comment.id,
            author=self.comment.author_name,
            body=self.comment.body,
            body_html=self.comment.body_html,
            parent=None
            if parent is None
            else Quoted(parent.author_name, parent.body, parent.body_html),
        )

    def own(self, email: str) -> bool:
        """Whether `email` is the logged-in author's own verified address."""
        author_email = (self.comment.author_email or "").lower()
        return self.comment.identity_id is not None and email == author_email


async def _load(session: AsyncSession, comment_id: int) -> Change | None:
    parent = aliased(Comment)
    row = (
        await session.execute(
            select(Comment, Thread, Site, parent)
            .join(Thread, Thread.id == Comment.thread_id)
            .join(Site, Site.id == Comment.site_id)
            .outerjoin(parent, parent.id == Comment.parent_id)
            .where(Comment.id == comment_id)
        )
    ).first()
    if row is None:
        return None
    answered = row[3] if row[3] is not None and row[3].status == CommentStatus.approved else None
    return Change(row[0], row[1], row[2], answered)


async def _address(session: AsyncSession, site_id: str, email: str) -> EmailAddress:
    """The site's row for `email`, created if new; safe against a concurrent insert."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    await session.execute(
        insert(EmailAddress)
        .values(site_id=site_id, email=email, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["site_id", "email"])
    )
    address = await session.scalar(
        select(EmailAddress).where(EmailAddress.site_id == site_id, EmailAddress.email == email)
    )
    assert address is not None
    return address


async def subscribe(
    session: AsyncSession,
    change: Change,
    choice: NotifyChoice,
    email: str,
    links: Links,
) -> NotificationOutcome:
    """Subscribe `email` to replies to the comment or to its whole thread: held while the comment
    is pending, else active or waiting for the address's confirmation for this thread."""
    address = await _address(session, change.site.id, email.lower())
    pending = CommentStatus.pending
    scope = SubscriptionScope(choice)
    comment_id = change.comment.id if scope == SubscriptionScope.replies else None
    subscription = await session.scalar(
        select(EmailSubscription).where(
            EmailSubscription.address_id == address.id,
            EmailSubscription.thread_id == change.thread.id,
            EmailSubscription.scope == scope,
            EmailSubscription.comment_id == comment_id
            if comment_id is not None
            else EmailSubscription.comment_id.is_(None),
        )
    )
    if subscription is None:
        subscription = EmailSubscription(
            address_id=address.id,
            thread_id=change.thread.id,
            comment_id=comment_id,
            scope=scope,
            identity_id=change.comment.identity_id,
            state=SubscriptionState.held,
            source_comment_id=change.comment.id,
            created_at=utcnow(),
        )
        session.add(subscription)
    elif subscription.state == SubscriptionState.active:
        return "subscribed"
    elif _outstanding(subscription):
        return "confirmation_sent"
    elif subscription.state == SubscriptionState.held and change.comment.status == pending:
        return "on_approval"  # the first held comment's approval starts it
    # A new start (or a restart after an expired link): replies before now are not its own.
    subscription.state, subscription.source_comment_id = SubscriptionState.held, change.comment.id
    subscription.created_at = utcnow()
    await session.flush()
    if change.comment.status == pending:
        return "on_approval"
    return await _start(session, change, address, subscription, links)


def _outstanding(subscription: EmailSubscription) -> bool:
    """An unconfirmed subscription whose confirmation link still works."""
    return (
        subscription.state == SubscriptionState.unconfirmed
        and subscription.confirm_by is not None
        and subscription.confirm_by > utcnow()
    )


async def _start(
    session: AsyncSession,
    change: Change,
    address: EmailAddress,
    subscription: EmailSubscription,
    links: Links,
) -> NotificationOutcome:
    """A held subscription whose comment is approved: active for the author's own verified
    address or an address already confirmed for this thread; otherwise unconfirmed, with one
    confirmation mail per address and thread while its link works."""
    others = (
        await session.scalars(
            select(EmailSubscription).where(
                EmailSubscription.address_id == address.id,
                EmailSubscription.thread_id == subscription.thread_id,
                EmailSubscription.id != subscription.id,
            )
        )
    ).all()
    if change.own(address.email) or any(o.state == SubscriptionState.active for o in others):
        subscription.state, subscription.confirm_by = SubscriptionState.active, None
        await session.flush()
        return "subscribed"
    waiting = [o.confirm_by for o in others if _outstanding(o) and o.confirm_by is not None]
    subscription.state = SubscriptionState.unconfirmed
    if waiting:  # its confirmation mail went out already: that link confirms this one too
        subscription.confirm_by = max(waiting)
        await session.flush()
        return "confirmation_sent"
    until = utcnow() + timedelta(days=CONFIRM_DAYS)
    subscription.confirm_by = until
    await session.flush()
    payload = compose.confirmation(
        change.site.language,
        to=address.email,
        site_name=change.site.name,
        post_title=change.thread.title,
        link=links.confirm(address.id, address.email, subscription.thread_id, until),
        until=until,
    )
    payload["gate"] = {"address_id": address.id, "email": address.email, "confirmed": False}
    key = f"confirm:{address.id}:{subscription.thread_id}:{until.isoformat()}"
    await enqueue(session, EMAIL_KIND, payload, dedupe_key=key)
    return "confirmation_sent"


async def start_held(session: AsyncSession, change: Change, links: Links) -> None:
    """The subscriptions a just-approved comment asked for start now."""
    rows = (
        await session.execute(
            select(EmailSubscription, EmailAddress)
            .join(EmailAddress, EmailAddress.id == EmailSubscription.address_id)
            .where(
                EmailSubscription.source_comment_id == change.comment.id,
                EmailSubscription.state == SubscriptionState.held,
            )
            .order_by(EmailSubscription.id)
        )
    ).all()
    for subscription, address in rows:
        await _start(session, change, address, subscription, links)


def _matches(comment: Comment) -> object:
    """Subscriptions that want `comment`: its thread's, or its parent's replies."""
    return or_(
        EmailSubscription.scope == SubscriptionScope.thread,
        EmailSubscription.comment_id == comment.parent_id
        if comment.parent_id is not None
        else EmailSubscription.id.is_(None),
    )


async def queue_notification(
    session: AsyncSession,
    change: Change,
    subscription: EmailSubscription,
    address: EmailAddress,
    links: Links,
) -> None:
    comment = change.comment
    parent = change.parent
    to_author = (
        subscription.scope == SubscriptionScope.replies and subscription.comment_id == parent.id
        if parent is not None
        else False
    ) or (parent is not None and (parent.author_email or "").lower() == address.email)
    payload = compose.notification(
        change.site.language,
        to=address.email,
        reply=change.reply(),
        to_author=to_author,
        unsubscribe=links.unsubscribe(address.id, address.email, comment.thread_id),
        manage=links.manage(address.id, address.email),
    )
    payload["gate"] = {
        "address_id": address.id,
        "email": address.email,
        "thread_id": comment.thread_id,
        "confirmed": True,
    }
    await enqueue(session, EMAIL_KIND, payload, dedupe_key=f"reply:{comment.id}:{address.id}")


def own_comment(comment: Comment, subscription: EmailSubscription, address: EmailAddress) -> bool:
    return address.email == (comment.author_email or "").lower() or (
        comment.identity_id is not None and subscription.identity_id == comment.identity_id
    )


async def notify_subscribers(session: AsyncSession, change: Change, links: Links) -> None:
    """Queue one email per subscriber of an approved comment whose address is confirmed for the
    thread (never its author)."""
    comment = change.comment
    rows = (
        await session.execute(
            select(EmailSubscription, EmailAddress)
            .join(EmailAddress, EmailAddress.id == EmailSubscription.address_id)
            .where(
                EmailSubscription.thread_id == comment.thread_id,
                _matches(comment),  # type: ignore[arg-type]
                EmailSubscription.state == SubscriptionState.active,
            )
            .order_by(EmailAddress.id, EmailSubscription.scope.desc())
        )
    ).all()
    seen: set[int] = set()
    for subscription, address in rows:
        if own_comment(comment, subscription, address) or address.id in seen:
            continue
        seen.add(address.id)
        await queue_notification(session, change, subscription, address, links)


async def alert_moderators(session: AsyncSession, change: Change, links: Links) -> None:
    """An email to each of the site's `notify_emails` about a new comment, per `notify_on`."""
    site, comment = change.site, change.comment
    queued = comment.status == CommentStatus.pending
    if site.notify_on == NotifyOn.none or not site.notify_emails:
        return
    if not queued and not (
        site.notify_on == NotifyOn.all and comment.status == CommentStatus.approved
    ):
        return
    admin_url = f"{links.base_url}/admin?site={site.id}&comment={comment.id}"
    actions = {action: links.moderate(site.id, comment.id, action) for action in MAIL_ACTIONS}
    if not queued:
        del actions["approve"]
    for email in site.notify_emails:
        payload = compose.moderator_alert(
            site.language,
            to=email,
            reply=change.reply(),
            status=str(comment.status),
            admin_url=admin_url,
            queued=queued,
            actions=actions,
        )
        key = f"alert:{comment.id}:{email.lower()}"[:200]
        await enqueue(session, EMAIL_KIND, payload, dedupe_key=key)


def make_listener(settings: Settings) -> InTransaction:
    """The in-transaction listener: comment events -> outbox rows (only when email is on)."""
    base_url = (settings.base_url or "http://localhost:8000").rstrip("/")
    key: list[str] = []

    def links() -> Links:
        if not key:
            key.append(settings.resolved_secret_key())
        return Links(base_url, key[0])

    async def listener(session: AsyncSession, event: CommentEvent) -> None:
        if not settings.email_enabled or event.comment_id is None:
            return
        pending = CommentStatus.pending
        queued = event.status == pending and event.previous_status not in (None, pending)
        if event.type not in ("comment.created", "comment.approved") and not queued:
            return
        change = await _load(session, event.comment_id)
        if change is None:
            return
        if event.type == "comment.approved":
            await start_held(session, change, links())
            await notify_subscribers(session, change, links())
            return
        if event.type != "comment.created":  # an edit (or a restore) sent it to the queue
            await alert_moderators(session, change, links())
            return
        live = change.comment.status in (CommentStatus.approved, CommentStatus.pending)
        if event.notify != "none" and live:
            email = event.notify_email or change.comment.author_email
            if not email:
                raise InvalidInput("An email address is needed for notifications.")
            outcome = await subscribe(session, change, event.notify, email, links())
            report_notification(session, change.comment.id, outcome)
        await alert_moderators(session, change, links())

    return listener
