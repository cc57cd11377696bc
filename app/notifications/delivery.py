"""Which message kinds the outbox worker delivers: one registry for the in-app worker and for
`python -m app.cli worker`. A kind plugs in here with one `kinds.register(...)` line."""

from app.config import Settings
from app.notifications.mail import EMAIL_KIND, deliver_email
from app.notifications.outbox import Kind, Kinds
from app.notifications.webhooks_delivery import WEBHOOK_KIND, webhook_kind


def delivery_kinds(settings: Settings) -> Kinds:
    """The kinds this deployment delivers (email only when SMTP is configured)."""
    kinds = Kinds()
    if settings.email_enabled:
        kinds.register(EMAIL_KIND, Kind(deliver=deliver_email, max_attempts=10))
    kinds.register(WEBHOOK_KIND, webhook_kind(settings))
    return kinds
