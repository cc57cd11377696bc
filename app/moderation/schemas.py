"""Moderation schemas: the queue, actions, threads, bans, privacy and the audit log."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from app.admission.models import BanKind
from app.comments.models import CommentStatus
from app.comments.moderate import Action
from app.comments.schemas import MAX_BODY_CHARS
from app.validation import Flag, RowId, Text, Timestamp


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class QueueAuthor(BaseModel):
    """The author as moderators see it: the email too, never the IP (only its keyed hash exists)."""

    name: str
    email: str | None
    website: str | None
    identity_id: int | None
    provider: str | None
    verified: bool


class QueueThread(BaseModel):
    id: int
    url: str
    title: str
    closed: bool
    pinned_comment_id: int | None


class QueueComment(BaseModel):
    id: int
    parent_id: int | None
    status: CommentStatus
    body: str
    body_html: str
    author: QueueAuthor
    thread: QueueThread
    pinned: bool
    score: int
    created_at: datetime
    edited_at: datetime | None
    flags: list[str] = Field(
        default_factory=list, description="Spam checks that fired when it was posted"
    )


class QueuePage(BaseModel):
    comments: list[QueueComment]
    next_cursor: str | None = None


class QueueCounts(BaseModel):
    """How many comments of the site are in each queue."""

    pending: int = 0
    approved: int = 0
    spam: int = 0
    deleted: int = 0


class ModerationEdit(_Input):
    body: Text = Field(min_length=1, max_length=MAX_BODY_CHARS, description="New Markdown source")


class BulkAction(_Input):
    ids: list[RowId] = Field(min_length=1, max_length=500)
    action: Action


class ActionResult(BaseModel):
    """Outcome of an action: the comments changed (purge: removed, with their replies)."""

    action: Action
    done: list[int] = Field(description="Comments changed (purge: every id removed)")
    missing: list[int] = Field(default_factory=list, description="Ids not found on this site")
    skipped: list[int] = Field(
        default_factory=list, description="Comments the action does not apply to"
    )


class ThreadRead(QueueThread):
    created_at: datetime


class ThreadList(BaseModel):
    threads: list[ThreadRead]
    next_cursor: str | None = None


class ThreadUpdate(_Input):
    """Close or reopen a thread, pin a top-level approved comment (null unpins)."""

    closed: Flag | None = None
    pinned_comment_id: RowId | None = None


class BanCreate(_Input):
    """A ban by identity, email or IP. IP bans name a comment: the moderator never sees the IP."""

    kind: BanKind
    identity_id: RowId | None = Field(default=None, description="kind=identity")
    email: EmailStr | None = Field(default=None, description="kind=email")
    comment_id: RowId | None = Field(
        default=None, description="Take the identity, email or IP of this comment's author"
    )
    reason: Text = Field(default="", max_length=500)
    expires_at: Timestamp | None = Field(default=None, description="Omit for a permanent ban")


class BanRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: BanKind
    identity_id: int | None
    author_name: str = Field(description="The banned author's name when the ban was made")
    comment_id: int | None = Field(description="The comment the ban was made from, if it exists")
    comment_url: str | None = Field(
        default=None, description="That comment on its page, if it exists"
    )
    reason: str
    expires_at: datetime | None
    created_at: datetime
    created_by: str


class BanList(BaseModel):
    bans: list[BanRead]
    next_cursor: str | None = None


class AuditRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    actor: str
    action: str
    comment_id: int | None
    detail: dict[str, Any]
    created_at: datetime
    comment_url: str | None = Field(
        default=None, description="The comment on its page, if it exists"
    )
    comment_author: str | None = Field(default=None, description="Who wrote that comment")
    person: str | None = Field(
        default=None, description="The name of the identity the entry is about (detail.identity_id)"
    )


class AuditPage(BaseModel):
    entries: list[AuditRead]
    next_cursor: str | None = None


class Commenter(_Input):
    """One commenter of a site: by identity id or by email (guests)."""

    identity_id: RowId | None = None
    email: EmailStr | None = None


class ErasureReport(BaseModel):
    comments: int = Field(description="Comments turned into deleted placeholders")
    identity_deleted: bool
    sessions_revoked: int
    votes_removed: int
    email_addresses_removed: int = Field(
        default=0, description="Notification addresses deleted, with their subscriptions and mail"
    )


ExportFormat = Literal["parley-commenter-export-1"]
