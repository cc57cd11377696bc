"""What a site's moderation mode and the spam verdict make of a new or edited comment (pure)."""

from typing import Literal

from app.sites.models import ModerationMode
from app.sites.spam_settings import Verdict

Decision = Literal["approved", "pending", "spam"]


def decide_new(mode: ModerationMode, *, approved_before: bool, verdict: Verdict | None) -> Decision:
    """A new comment: spam wins; otherwise held when the mode or a check says so.

    `approved_before`: the author has an approved comment on the site (first_time mode)."""
    if verdict == "spam":
        return "spam"
    if mode == ModerationMode.all:
        return "pending"
    if mode == ModerationMode.first_time and not approved_before:
        return "pending"
    return "pending" if verdict == "pending" else "approved"


def decide_edit(mode: ModerationMode, *, verdict: Verdict | None, current: str) -> Decision:
    """An author's edit passes the same admission as a new comment: an edit the site would hold
    goes back to the queue, one the checks call spam goes to spam. An author who has been
    approved before is not held again in first_time mode."""
    if verdict == "spam":
        return "spam"
    if mode == ModerationMode.all or verdict == "pending":
        return "pending"
    return "pending" if current == "pending" else "approved"
