"""Email subscriptions: the comment-event listener that writes outbox rows, and the confirm and
unsubscribe actions behind the emailed links.

Rules: the first subscription of an address on a site sends it one confirmation; nothing else
goes to an address until it is confirmed; nobody hears of their own comment; only approved
comments notify (a pending one when it is approved); one email per comment and address."""

from dataclasses import dataclass

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.events import CommentEvent, InTransaction, NotifyChoice
from app.comments.models import Comment, CommentStatus, Thread
from app.config import Settings
from app.db.base import utcnow
from app.errors import InvalidInput, NotFound
from app.identity.action_links import MAIL_ACTIONS
from app.notifications import compose
from app.notifications.compose import Links, Reply
from app.notifications.mail import EMAIL_KIND
from app.notifications.models import EmailAddress, EmailSubscription, SubscriptionScope
from app.notifications.outbox import enqueue
from app.sites.models import NotifyOn, Site


class LinkInvalid(NotFound):
    type, title = "link-invalid", "This link is not valid any more"


@dataclass(frozen=True)
class Change:
    """The comment an event is about, with its thread and site."""

    comment: Comment
    thread: Thread
    site: Site

    def reply(self) -> Reply:
        return Reply(
            site_name=self.site.name,
            post_title=self.thread.title,
            post_url=self.thread.url,
            comment_id=self.comment.id,
            author=self.comment.author_name,
            body=self.comment.body,
            body_html=self.comment.body_html,
        )


async def _load(session: AsyncSession, comment_id: int) -> Change | None:
    row = (
        await session.execute(
            select(Comment, Thread, Site)
            .join(Thread, Thread.id == Comment.thread_id)
            .join(Site, Site.id == Comment.site_id)
            .where(Comment.id == comment_id)
        )
    ).first()
    return None if row is None else Change(row[0], row[1], row[2])


async def _address(session: AsyncSession, site_id: str, email: str) -> tuple[EmailAddress, bool]:
    """The site's row for `email`, created if new (True then); safe against a concurrent insert."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    created = await session.scalar(
        insert(EmailAddress)
        .values(site_id=site_id, email=email, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["site_id", "email"])
        .returning(EmailAddress.id)
    )
    address = await session.scalar(
        select(EmailAddress).where(EmailAddress.site_id == site_id, EmailAddress.email == email)
    )
    assert address is not None
    return address, created is not None


async def subscribe(
    session: AsyncSession,
    change: Change,
    choice: NotifyChoice,
    email: str,
    links: Links,
) -> None:
    """Subscribe `email` to replies to the comment or to its whole thread."""
    address, new = await _address(session, change.site.id, email.lower())
    scope = SubscriptionScope(choice)
    comment_id = change.comment.id if scope == SubscriptionScope.replies else None
    exists = await session.scalar(
        select(EmailSubscription.id).where(
            EmailSubscription.address_id == address.id,
            EmailSubscription.thread_id == change.thread.id,
            EmailSubscription.scope == scope,
            EmailSubscription.comment_id == comment_id
            if comment_id is not None
            else EmailSubscription.comment_id.is_(None),
        )
    )
    if exists is None:
        session.add(
            EmailSubscription(
                address_id=address.id,
                thread_id=change.thread.id,
                comment_id=comment_id,
                scope=scope,
                identity_id=change.comment.identity_id,
                created_at=utcnow(),
            )
        )
        await session.flush()
    if new:
        payload = compose.confirmation(
            change.site.language,
            to=address.email,
            site_name=change.site.name,
            post_title=change.thread.title,
            link=links.confirm(address.id, address.email),
        )
        payload["gate"] = {"address_id": address.id, "email": address.email, "confirmed": False}
        await enqueue(session, EMAIL_KIND, payload, dedupe_key=f"confirm:{address.id}")


async def notify_subscribers(session: AsyncSession, change: Change, links: Links) -> None:
    """Queue one email per confirmed subscriber of an approved comment (never its author)."""
    comment = change.comment
    wanted = EmailSubscription.thread_id == comment.thread_id
    matches = or_(
        EmailSubscription.scope == SubscriptionScope.thread,
        EmailSubscription.comment_id == comment.parent_id
        if comment.parent_id is not None
        else EmailSubscription.id.is_(None),
    )
    rows = (
        await session.execute(
            select(EmailSubscription, EmailAddress)
            .join(EmailAddress, EmailAddress.id == EmailSubscription.address_id)
            .where(wanted, matches, EmailAddress.confirmed_at.is_not(None))
            .order_by(EmailAddress.id)
        )
    ).all()
    own_email = (comment.author_email or "").lower()
    seen: set[int] = set()
    for subscription, address in rows:
        own = address.email == own_email or (
            comment.identity_id is not None and subscription.identity_id == comment.identity_id
        )
        if own or address.id in seen:
            continue
        seen.add(address.id)
        payload = compose.notification(
            change.site.language,
            to=address.email,
            reply=change.reply(),
            unsubscribe=links.unsubscribe(address.id, address.email, comment.thread_id),
        )
        payload["gate"] = {"address_id": address.id, "email": address.email, "confirmed": True}
        await enqueue(session, EMAIL_KIND, payload, dedupe_key=f"reply:{comment.id}:{address.id}")


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
            await subscribe(session, change, event.notify, email, links())
        await alert_moderators(session, change, links())

    return listener


async def find_address(
    session: AsyncSession, links: Links, address_id: int, token: str
) -> tuple[EmailAddress, Site]:
    """The address a confirm/unsubscribe link is for, or LinkInvalid."""
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


async def confirm_address(session: AsyncSession, links: Links, address_id: int, token: str) -> Site:
    """Confirm an address (idempotent)."""
    address, site = await find_address(session, links, address_id, token)
    if address.confirmed_at is None:
        address.confirmed_at = utcnow()
        await session.flush()
    return site


async def unsubscribe(
    session: AsyncSession, links: Links, address_id: int, token: str, *, thread_id: int | None
) -> Site:
    """Stop mail to an address: for one thread, or (thread_id None) for the whole site."""
    address, site = await find_address(session, links, address_id, token)
    if thread_id is None:
        await session.delete(address)  # its subscriptions go with it (ON DELETE CASCADE)
    else:
        await session.execute(
            delete(EmailSubscription).where(
                EmailSubscription.address_id == address.id,
                EmailSubscription.thread_id == thread_id,
            )
        )
    await session.flush()
    return site
