"""Comment change events: how the domains above comments learn that a comment changed.

Only `comments` emits (it owns every change to a comment). Domains above it subscribe where the
app and the CLI are assembled (`app/assembly.py`), through the `CommentListeners` registered in
the sessions' wiring (app/db/wiring.py):

- listeners run inside the write transaction, right after the change is flushed. They may add
  rows to the same session (the outbox, the live log) and nothing else: no network, no commit.
  What must wait for the commit (publishing, waking a worker) they schedule with
  `app.db.session.on_commit`, which never runs on rollback.

A session whose Database registered no listeners cannot emit: `MissingWiring` is raised rather
than a change going unannounced.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession
from typing_extensions import TypeAliasType

from app.comments.models import CommentStatus
from app.db.session import transaction_memo, wiring_of

EventType = Literal[
    "comment.created",  # stored (any status)
    "comment.approved",  # became approved (posted approved, or approved from the queue)
    "comment.updated",  # text changed
    "comment.deleted",  # deleted or purged by author, moderator or privacy erase
    "comment.spam",  # marked spam (by the checks or a moderator)
    "thread.closed",  # a thread closed or reopened (comment_id is None)
]
NotifyChoice = TypeAliasType("NotifyChoice", Literal["none", "replies", "thread"])
# What became of a new comment's "notify me" (told to its author in the answer to the post):
# a confirmation mail went out, the address already gets them, or it starts on approval.
NotificationOutcome = TypeAliasType(
    "NotificationOutcome", Literal["confirmation_sent", "subscribed", "on_approval"]
)
_OUTCOMES = "comment_notification_outcomes"


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


@dataclass
class CommentListeners:
    """The app's subscribers to comment events."""

    in_transaction: list[InTransaction] = field(default_factory=list)


def report_notification(
    session: AsyncSession, comment_id: int, outcome: NotificationOutcome
) -> None:
    """An in-transaction listener's word on what a new comment's notify choice did."""
    transaction_memo(session).setdefault(_OUTCOMES, {})[comment_id] = outcome


def notification_of(session: AsyncSession, comment_id: int) -> NotificationOutcome | None:
    """What `report_notification` said about a comment in this session (None: nothing)."""
    outcome: NotificationOutcome | None = (
        transaction_memo(session).get(_OUTCOMES, {}).get(comment_id)
    )
    return outcome


async def emit(session: AsyncSession, event: CommentEvent) -> None:
    """Tell the app's listeners about one change (call after the change is flushed)."""
    listeners = wiring_of(session).require(CommentListeners)
    for listener in listeners.in_transaction:
        await listener(session, event)
