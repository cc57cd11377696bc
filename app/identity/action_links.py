"""Signed, expiring, single-purpose action links for moderator alert mails (issue 26 item 3).

A link names one action on one comment of one site and when it stops working, signed with a key
derived from the server secret. It grants exactly that action, without a login: whoever holds the
mail may approve, mark as spam or delete that comment, and nothing else. Pure functions: the
alert mail signs (app.notifications), the confirmation page verifies (app.moderation).
"""

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.crypto import keyed_hash
from app.db.base import utcnow
from app.errors import AppError

MAIL_ACTIONS = ("approve", "spam", "delete")
LINK_TTL = timedelta(days=7)
MAX_LINK_LENGTH = 400


class InvalidActionLink(AppError):
    status, type, title = 404, "invalid-link", "This link is not valid"


@dataclass(frozen=True)
class MailAction:
    site_id: str
    comment_id: int
    action: str
    expires_at: datetime


def _key(secret_key: str) -> bytes:
    return keyed_hash(secret_key, "mail-action-link", "").encode()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def sign_action(
    secret_key: str,
    *,
    site_id: str,
    comment_id: int,
    action: str,
    expires_at: datetime | None = None,
) -> str:
    """The link's token: base64url(JSON payload) "." base64url(HMAC-SHA256)."""
    if action not in MAIL_ACTIONS:
        raise ValueError(f"not a mail action: {action}")
    until = expires_at or utcnow() + LINK_TTL
    payload = {"s": site_id, "c": comment_id, "a": action, "e": int(until.timestamp())}
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    mac = hmac.new(_key(secret_key), body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def verify_action(secret_key: str, token: str, *, now: datetime | None = None) -> MailAction:
    """The action a token grants; InvalidActionLink when tampered, malformed or expired."""
    body, _, mac = token.partition(".")
    if len(token) > MAX_LINK_LENGTH or not body or not mac:
        raise InvalidActionLink("This link is incomplete; open it from the mail again.")
    expected = _b64(hmac.new(_key(secret_key), body.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(expected.encode(), mac.encode()):
        raise InvalidActionLink("This link was changed or is not from this server.")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    expires_at = datetime.fromtimestamp(int(payload["e"]), tz=UTC)
    if expires_at <= (now or utcnow()):
        raise InvalidActionLink("This link has expired; moderate the comment in /admin.")
    action = str(payload["a"])
    if action not in MAIL_ACTIONS:
        raise InvalidActionLink("This link names no action.")
    return MailAction(str(payload["s"]), int(payload["c"]), action, expires_at)
