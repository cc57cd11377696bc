"""Spam checks run on each new comment; a verdict sends it to `spam` or `pending`, never drops it."""

from dataclasses import dataclass

from app.comments.models import CommentStatus


@dataclass(frozen=True)
class Draft:
    """What the checks see of a comment about to be stored."""

    site_id: str
    body: str
    body_html: str
    author_name: str
    author_email: str | None
    author_website: str | None
    ip_hash: str
    honeypot: str | None
    form_elapsed_ms: int | None
    verified: bool


def assess(draft: Draft) -> CommentStatus | None:
    """The strictest verdict of the checks, or None when the comment looks fine."""
    if draft.honeypot:
        return CommentStatus.spam
    return None
