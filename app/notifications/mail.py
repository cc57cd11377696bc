"""Sending email: the SMTP target from one URL setting, and the outbox's "email" kind.

An email payload is composed when it is enqueued (`app.notifications.compose`); delivery only
checks that the address may still receive it (still subscribed, confirmed unless it is the
confirmation itself) and hands it to the SMTP server with aiosmtplib."""

import unicodedata
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Any
from urllib.parse import unquote, urlsplit

import aiosmtplib
from sqlalchemy import select

from app.config import Settings
from app.notifications.models import EmailAddress, EmailSubscription, SubscriptionState
from app.notifications.outbox import DeliveryContext, Message, PermanentFailure

EMAIL_KIND = "email"
SCHEMES = {
    "smtp": (25, False, False),
    "smtp+starttls": (587, False, True),
    "smtps": (465, True, False),
}


@dataclass(frozen=True)
class SmtpTarget:
    hostname: str
    port: int
    use_tls: bool
    start_tls: bool
    username: str | None
    password: str | None


def parse_smtp_url(url: str) -> SmtpTarget:
    """`smtp://host:port`, `smtp+starttls://user:pass@host:587` or `smtps://user:pass@host:465`."""
    parts = urlsplit(url.strip())
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise ValueError("PARLEY_SMTP_URL must be smtp://, smtp+starttls:// or smtps://host[:port]")
    default_port, use_tls, start_tls = SCHEMES[parts.scheme]
    return SmtpTarget(
        hostname=parts.hostname,
        port=parts.port or default_port,
        use_tls=use_tls,
        start_tls=start_tls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def mail_domain(settings: Settings) -> str:
    """The domain of PARLEY_MAIL_FROM (for Message-IDs)."""
    address = parseaddr(settings.mail_from)[1]
    return address.rpartition("@")[2] or "localhost"


def header_value(value: str) -> str:
    """`value` as one header line: every control character and line or paragraph separator
    (CR, LF, NEL, U+2028...) a space, runs of spaces one. A title stored with a line break
    made every mail about its thread fail to build and be dropped."""
    spaced = "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in value
    )
    return " ".join(spaced.split())


def build_message(settings: Settings, message: Message) -> EmailMessage:
    """The MIME message of an outbox email: text/plain, plus an HTML alternative when given."""
    payload = message.payload
    mail = EmailMessage()
    mail["From"] = settings.mail_from
    mail["To"] = Address(addr_spec=payload["to"])
    mail["Subject"] = header_value(payload["subject"])
    mail["Date"] = formatdate(message.created_at.timestamp(), usegmt=True)
    # Stable across retries, so a receiving server can drop a duplicate.
    mail["Message-ID"] = f"<parley.outbox.{message.id}@{mail_domain(settings)}>"
    mail["Auto-Submitted"] = "auto-generated"
    for name, value in payload.get("headers", {}).items():
        mail[name] = header_value(value)
    mail.set_content(payload["text"])
    if payload.get("html"):
        mail.add_alternative(payload["html"], subtype="html")
    return mail


async def send(settings: Settings, mail: EmailMessage) -> None:
    """Hand one message to the configured SMTP server."""
    assert settings.smtp_url is not None
    target = parse_smtp_url(settings.smtp_url.get_secret_value())
    try:
        await aiosmtplib.send(
            mail,
            hostname=target.hostname,
            port=target.port,
            username=target.username,
            password=target.password,
            use_tls=target.use_tls,
            start_tls=target.start_tls,
            timeout=settings.smtp_timeout_seconds,
        )
    except aiosmtplib.SMTPRecipientsRefused as exc:
        raise PermanentFailure(f"recipient refused: {exc}") from exc
    except aiosmtplib.SMTPResponseException as exc:
        if 500 <= exc.code < 600:
            raise PermanentFailure(f"{exc.code} {exc.message}") from exc
        raise


async def _may_receive(context: DeliveryContext, gate: dict[str, Any]) -> bool:
    """The address still exists for that email (not unsubscribed) and, unless this is its
    confirmation, still has an active subscription to the thread (confirmed for it)."""
    async with context.database.read_sessions() as session:
        address = await session.scalar(
            select(EmailAddress).where(EmailAddress.id == gate["address_id"])
        )
        if address is None or address.email != gate["email"]:
            return False
        if not gate.get("confirmed", True):
            return True
        if "thread_id" not in gate:  # queued before confirmation was per thread
            return address.confirmed_at is not None
        active = await session.scalar(
            select(EmailSubscription.id)
            .where(
                EmailSubscription.address_id == address.id,
                EmailSubscription.thread_id == gate["thread_id"],
                EmailSubscription.state == SubscriptionState.active,
            )
            .limit(1)
        )
    return active is not None


async def deliver_email(context: DeliveryContext, message: Message) -> None:
    """The outbox's "email" kind: check the gate (read only), then send."""
    gate = message.payload.get("gate")
    if gate is not None and not await _may_receive(context, gate):
        return  # unsubscribed (or never confirmed) since it was enqueued: nothing to send
    await send(context.settings, build_message(context.settings, message))
