"""Comment and thread schemas: what clients send and what they read."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator
from typing_extensions import TypeAliasType

from app.comments.bootstrap import SiteBootstrap
from app.comments.events import NotificationOutcome, NotifyChoice
from app.comments.models import CommentStatus
from app.sites.urls import InvalidURL, origin_of
from app.validation import Int, Label, Name, OneLine, RowId, Text

MAX_BODY_CHARS = 10_000
ThreadSort = TypeAliasType("ThreadSort", Literal["oldest", "newest", "top"])
# -1 down, 0 withdraw, 1 up
VoteValue = TypeAliasType(
    "VoteValue",
    Annotated[
        Int,
        Field(
            ge=-1,
            le=1,
            json_schema_extra={"enum": [-1, 0, 1], "x-enum-varnames": ["DOWN", "WITHDRAW", "UP"]},
        ),
    ],
)


def _check_website(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if "://" not in value:
        value = f"https://{value}"
    try:
        origin_of(value)
    except InvalidURL as exc:
        raise ValueError("website must be an http(s) URL") from exc
    return value


class CommentCreate(BaseModel):
    """A new comment. Guests send author_*; logged-in commenters send a bearer token instead."""

    model_config = ConfigDict(extra="forbid")

    url: Label = Field(max_length=2048, description="The post's URL (normalized server-side)")
    title: OneLine = Field(default="", max_length=500, description="The post's title")
    parent_id: RowId | None = Field(default=None, description="Comment this replies to")
    body: Text = Field(min_length=1, max_length=MAX_BODY_CHARS, description="Markdown source")
    author_name: Name | None = Field(default=None, max_length=100)
    author_email: EmailStr | None = Field(default=None, description="Never shown publicly")
    author_website: Label | None = Field(default=None, max_length=500)
    honeypot: Text | None = Field(
        default=None, max_length=500, description="Hidden form field; humans leave it empty"
    )
    form_elapsed_ms: Int | None = Field(
        default=None, ge=0, le=10**10, description="Time the form was open before submitting"
    )
    notify: NotifyChoice = Field(
        default="none",
        description="Email me replies to this comment, or every new comment on the thread "
        "(needs an email: author_email, or a logged-in commenter's verified one; confirmed once "
        "by a link). Only when the site's email_notifications is true.",
    )

    @field_validator("author_website")
    @classmethod
    def _website(cls, value: str | None) -> str | None:
        return _check_website(value)

    @field_validator("author_name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        return " ".join(value.split()) or None if value is not None else None


class CommentUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: Text = Field(min_length=1, max_length=MAX_BODY_CHARS, description="New Markdown source")


class AuthorRead(BaseModel):
    name: str
    website: str | None = None
    profile_url: str | None = None
    avatar_url: str | None = None
    verified: bool = False
    provider: str | None = None
    identity_id: int | None = None


class CommentRead(BaseModel):
    """A comment as readers see it; `replies` nests the whole sub-thread, oldest first."""

    id: int
    parent_id: int | None
    body_html: str
    author: AuthorRead
    status: CommentStatus
    pinned: bool = False
    created_at: datetime
    edited_at: datetime | None
    score: int
    replies: list["CommentRead"] = Field(default_factory=list)


class CommentDetail(CommentRead):
    """One comment with its Markdown source (to fill an edit form)."""

    body: str


class CommentCreated(CommentDetail):
    edit_token: str | None = Field(
        default=None, description="Guests only: proves authorship for edit/delete; shown once"
    )
    notification: NotificationOutcome | None = Field(
        default=None,
        description="What `notify` did: `confirmation_sent` (a confirmation mail was sent to the "
        "address for this post: check the inbox), `subscribed` (the address already gets "
        "them), `on_approval` (the comment awaits moderation: the subscription starts when it "
        "is approved); null when no notification was asked for (or email is off)",
    )


class ThreadInfo(BaseModel):
    url: str
    title: str
    comment_count: int = Field(description="Visible comments in the whole thread")
    closed: bool


class ThreadPage(BaseModel):
    thread: ThreadInfo
    comments: list[CommentRead]
    next_cursor: str | None = None
    site: SiteBootstrap | None = Field(
        default=None, description="The site's settings and whether one can comment here (C1)"
    )


class CountsRead(BaseModel):
    counts: dict[str, int]


class CountsQuery(BaseModel):
    """Post URLs to count, for lists too long for a query string."""

    model_config = ConfigDict(extra="forbid")

    urls: list[Annotated[Text, Field(max_length=2048)]] = Field(min_length=1, max_length=1000)


class VoteCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: VoteValue = Field(description="1 up, -1 down, 0 withdraw")


class VoteRead(BaseModel):
    score: int
    value: int
