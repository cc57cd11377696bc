"""Which message kinds the outbox worker delivers: one registry for the in-app worker and for
`python -m app.cli worker`. A kind plugs in here with one `kinds.register(...)` line."""

from app.config import Settings
from app.notifications.mail import EMAIL_KIND, deliver_email
from app.notifications.outbox import Kind, Kinds


def delivery_kinds(settings: Settings) -> Kinds:
    """The kinds this deployment delivers (email only when SMTP is configured)."""
    kinds = Kinds()
    if settings.email_enabled:
        kinds.register(EMAIL_KIND, Kind(deliver=deliver_email, max_attempts=10))
    # Webhooks register here: kinds.register(WEBHOOK_KIND, Kind(deliver=..., on_give_up=...)).
    return kinds
