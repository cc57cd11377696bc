"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, and waiting helpers."""

import asyncio
import email
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.policy import default
from typing import Any, cast

from aiosmtpd.controller import Controller
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine

from app.notifications.models import OutboxMessage, OutboxStatus
from tests.live import free_port
from tests.waiting import until


class Inbox:
    """aiosmtpd handler: every accepted message, parsed. `hold()` makes the next DATA wait until
    `release(code)`, to catch a sender in the middle of a delivery."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[list[str]] = []
        self.refuse_next: list[str] = []  # replies for the next DATA commands, e.g. "451 later"
        self._held = threading.Event()
        self._released = threading.Event()
        self._release = "250 OK"
        self._holding = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self._holding:  # only this one DATA is held (its session may die while waiting)
            self._holding = False
            self._held.set()
            await asyncio.to_thread(self._released.wait)
            if not self._release.startswith("250"):
                return self._release
        if self.refuse_next:
            return self.refuse_next.pop(0)
        message = email.message_from_bytes(envelope.content, policy=default)
        self.messages.append(message)
        self.envelopes.append(list(envelope.rcpt_tos))
        return "250 OK"

    def hold(self) -> None:
        self._holding = True
        self._held.clear()
        self._released.clear()

    def wait_held(self, timeout: float = 20) -> None:
        assert self._held.wait(timeout), "no delivery reached the SMTP server"

    def release(self, reply: str) -> None:
        self._release = reply
        self._released.set()

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m, rcpt in zip(self.messages, self.envelopes, strict=True) if address in rcpt]


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def text_part(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return cast(str, cast(EmailMessage, part).get_content())


def html_part(message: EmailMessage) -> str:
    part = message.get_body(("html",))
    assert part is not None
    return cast(str, cast(EmailMessage, part).get_content())


def link_in(message: EmailMessage, path: str) -> str:
    found = re.search(rf"https?://\S+{re.escape(path)}\S*", text_part(message))
    assert found, text_part(message)
    return found.group(0)


async def pending_messages(database_url: str) -> int:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            count = await conn.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status == OutboxStatus.pending)
            )
    finally:
        await engine.dispose()
    return int(count or 0)


async def drain(database_url: str, within: float = 20) -> None:
    """Wait until the outbox has nothing pending (everything sent, skipped or given up)."""

    async def drained() -> bool:
        return not await pending_messages(database_url)

    await until(drained, "the outbox to drain", within=within)


async def wait_for(predicate: Any, within: float = 20) -> None:
    await until(predicate, "the mailbox's condition", within=within)
