"""The registry of every model, so the metadata is complete (Alembic and tests use this).

It sits above every domain; nothing in app/ imports it except migrations and tests."""

from app.admission.models import Ban
from app.comments.models import Comment, Thread, Vote
from app.db.base import Base
from app.identity.models import (
    AdminSession,
    AdminToken,
    AuthSession,
    Identity,
    LoginCode,
    Moderator,
)
from app.live.models import LiveEvent
from app.notifications.models import EmailAddress, EmailSubscription, OutboxMessage
from app.notifications.webhooks_models import Webhook, WebhookDelivery
from app.porting.models import ImportJob
from app.sites.audit import AuditEntry
from app.sites.models import Site

__all__ = [
    "AdminSession",
    "AdminToken",
    "AuditEntry",
    "AuthSession",
    "Ban",
    "Base",
    "Comment",
    "EmailAddress",
    "EmailSubscription",
    "Identity",
    "ImportJob",
    "LiveEvent",
    "LoginCode",
    "Moderator",
    "OutboxMessage",
    "Site",
    "Thread",
    "Vote",
    "Webhook",
    "WebhookDelivery",
]
