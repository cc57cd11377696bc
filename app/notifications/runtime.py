"""The outbox's part of a running app: its comment listener, the worker's wake-up after each
commit that may have enqueued, and the in-app worker (off with PARLEY_OUTBOX_WORKER=false)."""

from app.comments.events import CommentListeners
from app.config import Settings
from app.db.session import Database
from app.notifications.delivery import delivery_kinds
from app.notifications.mail import parse_smtp_url
from app.notifications.subscriptions import make_listener
from app.notifications.worker import OutboxWorker


class Outbox:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.worker: OutboxWorker | None = None

    def subscribe(self, listeners: CommentListeners) -> None:
        """Email rows are written in the change's transaction; the worker is woken after a
        commit that enqueued something (`outbox.enqueue` through the session's WAKE_KEY)."""
        listeners.in_transaction.append(make_listener(self.settings))

    def wake(self) -> None:
        if self.worker is not None:
            self.worker.wake()

    async def start(self, database: Database) -> None:
        """Check the SMTP URL (a typo fails the start, not every mail), start the worker."""
        if self.settings.smtp_url is not None and self.settings.email_enabled:
            parse_smtp_url(self.settings.smtp_url.get_secret_value())
        if self.settings.outbox_worker:
            self.worker = OutboxWorker(database, self.settings, delivery_kinds(self.settings))
            self.worker.start()

    async def stop(self) -> None:
        if self.worker is not None:
            await self.worker.stop()
            self.worker = None
