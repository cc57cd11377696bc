"""The outbox's part of a running app: the worker's wake-up after each commit that may have
enqueued (registered as `OutboxWake` by app/assembly.py, beside the outbox's comment listener),
and the in-app worker (off with PARLEY_OUTBOX_WORKER=false)."""

from app.config import Settings
from app.db.session import Database
from app.notifications.delivery import delivery_kinds
from app.notifications.mail import parse_smtp_url
from app.notifications.worker import OutboxWorker


class Outbox:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.worker: OutboxWorker | None = None

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
