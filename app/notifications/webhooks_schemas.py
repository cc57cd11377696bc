"""Webhook schemas: what a site owner sends, and what they read back."""

from datetime import datetime
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType

from app.notifications.webhooks_models import DeliveryStatus
from app.validation import Flag, Label, Text

WebhookEvent = TypeAliasType(
    "WebhookEvent",
    Literal[
        "comment.created", "comment.approved", "comment.updated", "comment.deleted", "comment.spam"
    ],
)
WEBHOOK_EVENTS: frozenset[str] = frozenset(get_args(WebhookEvent.__value__))


def _unique(events: list[WebhookEvent]) -> list[WebhookEvent]:
    return list(dict.fromkeys(events))


Events = Annotated[list[WebhookEvent], AfterValidator(_unique)]


class WebhookCreate(BaseModel):
    """A new webhook: where to POST, and which comment events to send."""

    model_config = ConfigDict(extra="forbid")

    url: Label = Field(max_length=2048, description="An http(s) URL on a public network")
    events: Events = Field(min_length=1, max_length=10)
    description: Text = Field(default="", max_length=500)


class WebhookUpdate(BaseModel):
    """Changes to a webhook; `enabled: true` re-enables one that was disabled after failures."""

    model_config = ConfigDict(extra="forbid")

    url: Label | None = Field(default=None, max_length=2048)
    events: Events | None = Field(default=None, min_length=1, max_length=10)
    description: Text | None = Field(default=None, max_length=500)
    enabled: Flag | None = None


class WebhookRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    url: str
    events: list[str]
    description: str
    enabled: bool
    disabled_reason: str | None = Field(
        description="Why Parley stopped sending (deliveries kept failing); null while enabled"
    )
    disabled_at: datetime | None
    previous_secret_until: datetime | None = Field(
        description="After a secret rotation: deliveries are signed with the previous secret "
        "too until then"
    )
    created_at: datetime
    updated_at: datetime


class SecretRotation(BaseModel):
    """A new signing secret; the previous one goes on signing for `keep_previous_hours`."""

    model_config = ConfigDict(extra="forbid")

    keep_previous_hours: int = Field(
        default=24,
        ge=0,
        le=168,
        description="How long deliveries carry a signature by the old secret as well (0: none)",
    )


class WebhookCreated(WebhookRead):
    secret: str = Field(
        description="The Standard Webhooks signing secret (whsec_…); shown only in this response "
        "(to its creation or rotation)"
    )


class WebhookList(BaseModel):
    webhooks: list[WebhookRead]


class DeliveryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    message_id: str = Field(description="The webhook-id header, the same on every retry")
    event_type: str
    status: DeliveryStatus
    attempts: int
    last_response_code: int | None
    last_error: str | None
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None = Field(description="When the next retry is due, if any")
    delivered_at: datetime | None
    created_at: datetime


class DeliveryPage(BaseModel):
    deliveries: list[DeliveryRead]
    next_before: int | None = Field(
        default=None, description="Pass as `before` for the next (older) page"
    )
