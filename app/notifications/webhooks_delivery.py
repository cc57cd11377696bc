"""Sending webhook deliveries: one more message kind on the outbox (`webhook_kind()`).

An attempt never overlaps a write transaction: the delivery is read in a read session, the
target is resolved, checked and called with no session open, and the outcome is written in a
short write session of its own. The outbox schedules retries with `retry_delay`.
"""

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import select
from standardwebhooks import Webhook as Signer

from app.config import Settings
from app.db.base import utcnow
from app.db.session import Database
from app.notifications.outbox import DeliveryContext, Kind, Message
from app.notifications.webhooks_models import DeliveryStatus, Webhook, WebhookDelivery
from app.notifications.webhooks_targets import Target, WebhookTargetRefused, check_target

WEBHOOK_KIND = "webhook"
USER_AGENT = "Parley-Webhooks/1.0"
MAX_RESPONSE_BYTES = 64 * 1024  # read (and discard) at most this much of a receiver's answer
# With the default first retry of 30 s, doubling, at most 6 h apart: the 14th and last attempt
# comes about 26 hours after the first ("retries for a day").
MAX_ATTEMPTS = 14
MAX_RETRY_GAP_SECONDS = 6 * 3600.0


class DeliveryFailed(Exception):
    """An attempt got no 2xx answer; the outbox retries it later."""


@dataclass(frozen=True)
class Outcome:
    """What one attempt got: a status code, or an error that prevented one."""

    status_code: int | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    def describe(self) -> str:
        return f"HTTP {self.status_code}" if self.status_code is not None else str(self.error)


def retry_delay(attempt: int, first: float) -> float:
    """Seconds between failed attempt `attempt` and the next one (exponential, capped)."""
    return min(first * 2.0 ** max(attempt - 1, 0), MAX_RETRY_GAP_SECONDS)


def signed_headers(
    secrets: Sequence[str], message_id: str, timestamp: datetime, body: str
) -> dict[str, str]:
    """The Standard Webhooks headers for one attempt (the timestamp is the attempt's time);
    one signature per secret, space-separated (a receiver accepts any that verifies)."""
    signatures = (Signer(secret).sign(message_id, timestamp, body) for secret in secrets)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": " ".join(signatures),
    }


async def _post(
    client: httpx.AsyncClient, target: Target, body: bytes, headers: dict[str, str]
) -> Outcome:
    """POST to the checked addresses in turn (never re-resolving the name), reading boundedly."""
    url, last_error = target.url, "no address"
    extensions = {"sni_hostname": url.host} if url.scheme == "https" else {}
    for address in target.addresses:
        request = client.build_request(
            "POST",
            url.copy_with(host=str(address)),
            content=body,
            headers={**headers, "Host": url.netloc.decode("ascii")},
            extensions=extensions,
        )
        try:
            response = await client.send(request, stream=True)
            try:
                received = 0
                async for chunk in response.aiter_raw():
                    received += len(chunk)
                    if received >= MAX_RESPONSE_BYTES:
                        break
            finally:
                await response.aclose()
            return Outcome(status_code=response.status_code)
        except httpx.ConnectError as exc:
            last_error = f"connection failed: {exc}"[:500]
        except httpx.TimeoutException:
            return Outcome(error="timed out")
        except httpx.HTTPError as exc:
            return Outcome(error=f"{type(exc).__name__}: {exc}"[:500])
    return Outcome(error=last_error)


async def _attempt(
    url: str,
    secrets: Sequence[str],
    message_id: str,
    body: str,
    *,
    allow_private: bool,
    time_limit: float,
) -> Outcome:
    try:
        target = await check_target(url, allow_private=allow_private)
    except WebhookTargetRefused as exc:
        return Outcome(error=str(exc)[:500])
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        **signed_headers(secrets, message_id, utcnow(), body),
    }
    # No proxies from the environment (they would bypass the address check), no redirects.
    async with httpx.AsyncClient(
        timeout=time_limit, follow_redirects=False, trust_env=False
    ) as client:
        return await _post(client, target, body.encode(), headers)


async def send(
    url: str,
    secrets: Sequence[str],
    message_id: str,
    body: str,
    *,
    allow_private: bool,
    time_limit: float,
) -> Outcome:
    """One attempt: resolve and check the target, sign with the current time, POST — all of it
    within `time_limit` (a receiver trickling its answer byte by byte is cut off too)."""
    try:
        async with asyncio.timeout(time_limit):
            return await _attempt(
                url, secrets, message_id, body, allow_private=allow_private, time_limit=time_limit
            )
    except TimeoutError:
        return Outcome(error="timed out")


def _disable(webhook: Webhook, reason: str, now: datetime) -> None:
    if webhook.enabled:
        webhook.enabled, webhook.disabled_at = False, now
        webhook.disabled_reason = f"Disabled after failing for a day (last: {reason})"[:500]


async def _record(
    context: DeliveryContext, delivery_id: int, attempt: int, outcome: Outcome
) -> None:
    """Write one attempt's outcome; the last failed attempt fails the delivery and disables
    its webhook (a receiver that has been failing for a day is shown as disabled)."""
    now = utcnow()
    async with context.database.write_sessions() as session:
        delivery = await session.get(WebhookDelivery, delivery_id, with_for_update=True)
        if delivery is None or delivery.status != DeliveryStatus.pending:
            return
        delivery.attempts = max(delivery.attempts, attempt)
        delivery.last_attempt_at = now
        delivery.last_response_code = outcome.status_code
        delivery.last_error = None if outcome.ok else outcome.describe()[:500]
        delivery.next_attempt_at = None
        if outcome.ok:
            delivery.status, delivery.delivered_at = DeliveryStatus.succeeded, now
        elif attempt >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.failed
            webhook = await session.get(Webhook, delivery.webhook_id, with_for_update=True)
            if webhook is not None:
                _disable(webhook, outcome.describe(), now)
        else:
            delay = retry_delay(attempt, context.settings.webhook_retry_seconds)
            delivery.next_attempt_at = now + timedelta(seconds=delay)
        await session.commit()


async def _fail_unsent(database: Database, delivery_id: int, reason: str) -> None:
    async with database.write_sessions() as session:
        delivery = await session.get(WebhookDelivery, delivery_id, with_for_update=True)
        if delivery is not None and delivery.status == DeliveryStatus.pending:
            delivery.status, delivery.last_error = DeliveryStatus.failed, reason[:500]
            delivery.next_attempt_at = None
            await session.commit()


async def deliver_webhook(context: DeliveryContext, message: Message) -> None:
    """The outbox's deliver function: one attempt; raises `DeliveryFailed` to be retried."""
    delivery_id = int(message.payload["delivery_id"])
    async with context.database.read_sessions() as session:
        row = (
            await session.execute(
                select(WebhookDelivery, Webhook)
                .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
                .where(WebhookDelivery.id == delivery_id)
            )
        ).first()
    if row is None:
        return  # the webhook was deleted, and its deliveries with it
    delivery, webhook = row
    if delivery.status != DeliveryStatus.pending:
        return
    if not webhook.enabled:
        await _fail_unsent(context.database, delivery_id, "Not sent: the webhook is disabled.")
        return
    outcome = await send(
        webhook.url,
        webhook.signing_secrets(utcnow()),
        delivery.message_id,
        delivery.payload,
        allow_private=context.settings.webhook_allow_private,
        time_limit=context.settings.webhook_timeout_seconds,
    )
    await _record(context, delivery_id, message.attempt, outcome)
    if not outcome.ok:
        raise DeliveryFailed(outcome.describe())


async def give_up_webhook(context: DeliveryContext, message: Message, error: str) -> None:
    """The outbox gave up on the message: fail the delivery and disable the webhook."""
    delivery_id = int(message.payload["delivery_id"])
    async with context.database.write_sessions() as session:
        delivery = await session.get(WebhookDelivery, delivery_id, with_for_update=True)
        if delivery is None:
            return
        if delivery.status == DeliveryStatus.pending:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.failed, None
            delivery.last_error = (delivery.last_error or error)[:500]
        webhook = await session.get(Webhook, delivery.webhook_id, with_for_update=True)
        if webhook is not None and delivery.status == DeliveryStatus.failed:
            _disable(webhook, delivery.last_error or error, utcnow())
        await session.commit()


def webhook_kind(settings: Settings) -> Kind:
    """The outbox kind of webhook deliveries (register it under `WEBHOOK_KIND`)."""
    first = settings.webhook_retry_seconds
    return Kind(
        deliver=deliver_webhook,
        max_attempts=MAX_ATTEMPTS,
        backoff=lambda attempt: retry_delay(attempt, first),
        on_give_up=give_up_webhook,
    )
