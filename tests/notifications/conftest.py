"""Email fixtures: a real SMTP server on loopback, and settings that send to it."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import Settings
from tests.conftest import make_settings
from tests.notifications.mailbox import Inbox, smtp_server


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def inbox(smtp: tuple[Inbox, int]) -> Inbox:
    return smtp[0]


@pytest.fixture
def mail_settings(database_url: str, tmp_path: Path, smtp: tuple[Inbox, int]) -> Settings:
    """Email on, sent to the test's SMTP server; links under http://testserver."""
    return make_settings(
        database_url,
        tmp_path,
        smtp_url=f"smtp://127.0.0.1:{smtp[1]}",
        mail_from="Parley <parley@blog.example>",
        base_url="http://testserver",
        outbox_poll_seconds=0.1,
    )
