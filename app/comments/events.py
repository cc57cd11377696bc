"""Comment change events: how the domains above comments learn that a comment changed.

Only `comments` emits (it owns every change to a comment). Domains above it subscribe when the
app is built (`app/main.py`), through the `CommentListeners` carried in every session's `info`:

- `in_transaction` listeners run inside the write transaction, right after the change is
  flushed. They may add rows to the same session (the notifications outbox) and nothing else:
  no network, no commit.
- `after_commit` listeners run once the transaction has committed (never on rollback). They may
  publish (live fan-out); they must not block, so they schedule their async work.

Sessions built without listeners (the CLI, imports, tests of one domain) emit to nobody.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.models import CommentStatus
from app.db.session import on_commit

EventType = Literal[
    "comment.created",  # stored (any status)
    "comment.approved",  # became approved (posted approved, or approved from the queue)
    "comment.updated",  # text changed
    "comment.deleted",  # deleted or purged by author, moderator or privacy erase
    "comment.spam",  # marked spam (by the checks or a moderator)
    "thread.closed",  # a thread closed or reopened (comment_id is None)
]
NotifyChoice = Literal["none", "replies", "thread"]
# What became of a new comment's "notify me" (told to its author in the answer to the post):
# a confirmation mail went out, the address already gets them, or it starts on approval.
NotificationOutcome = Literal["confirmation_sent", "subscribed", "on_approval"]
LISTENERS_KEY = "comment_listeners"
OUTCOMES_KEY = "comment_notification_outcomes"


@dataclass(frozen=True)
class CommentEvent:
    type: EventType
    site_id: str
    thread_id: int
    comment_id: int | None
    status: CommentStatus | None  # the comment's status after the change
    previous_status: CommentStatus | None = None
    actor: str | None = None  # "identity:<id>", "guest", an admin actor, or "import"
    # comment.created only: the author's email-notification choice (C6) and the address they
    # gave for it (None: the comment's own author_email, e.g. a provider's verified one).
    notify: NotifyChoice = "none"
    notify_email: str | None = None


InTransaction = Callable[[AsyncSession, CommentEvent], Awaitable[None]]
AfterCommit = Callable[[CommentEvent], None]


@dataclass
class CommentListeners:
    """The app's subscribers to comment events."""

    in_transaction: list[InTransaction] = field(default_factory=list)
    after_commit: list[AfterCommit] = field(default_factory=list)


def report_notification(
    session: AsyncSession, comment_id: int, outcome: NotificationOutcome
) -> None:
    """An in-transaction listener's word on what a new comment's notify choice did."""
    session.info.setdefault(OUTCOMES_KEY, {})[comment_id] = outcome


def notification_of(session: AsyncSession, comment_id: int) -> NotificationOutcome | None:
    """What `report_notification` said about a comment in this session (None: nothing)."""
    outcome: NotificationOutcome | None = session.info.get(OUTCOMES_KEY, {}).get(comment_id)
    return outcome


async def emit(session: AsyncSession, event: CommentEvent) -> None:
    """Tell the app's listeners about one change (call after the change is flushed)."""
    listeners: CommentListeners | None = session.info.get(LISTENERS_KEY)
    if listeners is None:
        return
    for listener in listeners.in_transaction:
        await listener(session, event)
    for callback in listeners.after_commit:
        on_commit(session, partial(callback, event))
