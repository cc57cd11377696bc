"""The registry of every model, so the metadata is complete (Alembic and tests use this).

It sits above every domain; nothing in app/ imports it except migrations and tests."""

from app.comments.models import Comment, Thread, Vote
from app.db.base import Base
from app.identity.models import AuthSession, Identity, LoginCode
from app.moderation.models import AdminToken, AuditEntry, Ban, Moderator
from app.sites.models import Site

__all__ = [
    "AdminToken",
    "AuditEntry",
    "AuthSession",
    "Ban",
    "Base",
    "Comment",
    "Identity",
    "LoginCode",
    "Moderator",
    "Site",
    "Thread",
    "Vote",
]
