"""Email subscriptions: the comment-event listener that writes outbox rows, and the confirm,
unsubscribe and list actions behind the emailed links.

Rules (issue 23.5): an address is confirmed per thread — the first subscription of an address to
a thread sends one confirmation, valid for `CONFIRM_DAYS`; only a subscriber's own verified
address (a logged-in identity's provider email) needs none. A pending comment subscribes
nothing until it is approved (its subscription is held). Nothing about a thread goes to an
address until it is confirmed for that thread; replies that arrive meanwhile are sent once it is
(never if the link expires). Nobody hears of their own comment; only approved comments notify;
one email per comment and address."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select
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
from app.errors import AppError, InvalidInput, NotFound
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
# Replies that arrived before a confirmation and are sent once it comes: at most this many.
CATCH_UP_LIMIT = 20


class LinkInvalid(NotFound):
    type, title = "link-invalid", "This link is not valid any more"


class LinkExpired(AppError):
    status, type, title = 410, "link-expired", "This link has expired"

    def __init__(self, detail: str, *, site: Site, until: datetime) -> None:
        super().__init__(detail)
        self.site, self.until = site, until


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
    subscription.state, subscription.source_comment_id = SubscriptionState.held, change.comment.id
    await session.flush()
    if change.comment.status == CommentStatus.pending:
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
    key = f"confirm:{address.id}:{subscription.thread_id}:{int(until.timestamp())}"
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


async def _notify(
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


def _own(comment: Comment, subscription: EmailSubscription, address: EmailAddress) -> bool:
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
        if _own(comment, subscription, address) or address.id in seen:
            continue
        seen.add(address.id)
        await _notify(session, change, subscription, address, links)


async def alert_moderators(session: AsyncSession, change: Change, base_url: str) -> None:
    """An email to each of the site's `notify_emails` about a new comment, per `notify_on`."""
    site, comment = change.site, change.comment
    queued = comment.status == CommentStatus.pending
    if site.notify_on == NotifyOn.none or not site.notify_emails:
        return
    if not queued and not (
        site.notify_on == NotifyOn.all and comment.status == CommentStatus.approved
    ):
        return
    admin_url = f"{base_url}/admin?site={site.id}&comment={comment.id}"
    for email in site.notify_emails:
        payload = compose.moderator_alert(
            site.language,
            to=email,
            reply=change.reply(),
            status=str(comment.status),
            admin_url=admin_url,
            queued=queued,
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
            await alert_moderators(session, change, base_url)
            return
        live = change.comment.status in (CommentStatus.approved, CommentStatus.pending)
        if event.notify != "none" and live:
            email = event.notify_email or change.comment.author_email
            if not email:
                raise InvalidInput("An email address is needed for notifications.")
            outcome = await subscribe(session, change, event.notify, email, links())
            report_notification(session, change.comment.id, outcome)
        await alert_moderators(session, change, base_url)

    return listener


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
    """Confirm an address for a thread (idempotent), and send the replies it missed meanwhile."""
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
            and not _own(comment, s, address)
        ]
        if not wanted or sent >= CATCH_UP_LIMIT:
            continue
        shown = (
            answered if answered is not None and answered.status == CommentStatus.approved else None
        )
        change = Change(comment, thread, site, shown)
        wanted.sort(key=lambda s: s.scope != SubscriptionScope.replies)
        await _notify(session, change, wanted[0], address, links)
        sent += 1


async def unsubscribe(
    session: AsyncSession, links: Links, address_id: int, token: str, *, thread_id: int | None
) -> tuple[Site, Thread | None]:
    """Stop mail to an address: for one thread, or (thread_id None) for the whole site."""
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
    await session.flush()
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
    """Cancel one of an address's subscriptions (None: all of them, keeping the address)."""
    address, _ = await find_address(session, links, address_id, token)
    statement = delete(EmailSubscription).where(EmailSubscription.address_id == address.id)
    if subscription_id is not None:
        statement = statement.where(EmailSubscription.id == subscription_id)
    await session.execute(statement)
    await session.flush()
