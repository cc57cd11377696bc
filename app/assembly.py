"""The wiring of the domains, in one place for the app and the CLI (app/db/wiring.py).

Every comment change is announced to the same listeners wherever it is made, so a moderation
action from the CLI sends the same mails and webhooks (through the outbox) and leaves the same
live events as one made through the API. What differs is only what runs in the process: the app
wakes its outbox worker and announces live events at once; the CLI leaves both to the app's
processes (the outbox worker polls; the live sweeper publishes what it finds).
"""

from collections.abc import Callable

from app.comments.events import CommentListeners
from app.config import Settings
from app.db.wiring import Wiring
from app.live.publish import Unpublished
from app.live.record import recorder
from app.moderation.privacy import PersonalDataParts
from app.notifications.outbox import OutboxWake
from app.notifications.privacy import EmailSubscriptions
from app.notifications.subscriptions import make_listener
from app.notifications.webhooks_events import webhook_listener


def _nobody(*_: object) -> None:
    return None


def wire(
    wiring: Wiring,
    settings: Settings,
    secret_key: str,
    *,
    wake_outbox: Callable[[], None] | None = None,
    announce: Callable[[str, int], None] = _nobody,
    publish_soon: Callable[[list[Unpublished]], None] = _nobody,
) -> Wiring:
    """Register everything the domains above comments plug into the sessions of one Database
    (before it serves: the live runtime needs the Database first, the wiring needs the live
    runtime)."""
    listeners = CommentListeners()
    # In the change's transaction, in this order: email rows, webhook rows, the live log.
    listeners.in_transaction.append(make_listener(settings))
    listeners.in_transaction.append(webhook_listener(secret_key, settings.base_url))
    listeners.in_transaction.append(recorder(announce=announce, publish_soon=publish_soon))
    wiring.register(listeners)
    wiring.register(PersonalDataParts((EmailSubscriptions(),)))
    if wake_outbox is not None:
        wiring.register(OutboxWake(wake_outbox))
    return wiring
