"""Issue 23.6: a CR/LF (or NEL, U+2028) in a thread title made every reply mail and moderator
alert of the thread fail to build and be dropped. Titles are one line now, header values are
made one line when the mail is built, and a later clean title replaces a broken stored one."""

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from app.comments.models import Thread
from app.config import Settings
from app.db.session import Database
from app.notifications.mail import header_value
from tests.builders import make_site, post_comment, read_thread
from tests.notifications.mailbox import Inbox, drain
from tests.parts import part

MOD = "mod@example.org"


@pytest.fixture
def settings(mail_settings: Settings) -> Settings:
    return mail_settings


@pytest.mark.parametrize("mark", ["\r\n", "\n", "\r", "\x85", "\u2028", "\u2029", "\x0b"])
def test_header_values_are_one_line(mark: str) -> None:
    assert header_value(f'New comment on "A{mark}Bcc: x@evil.example"') == (
        'New comment on "A Bcc: x@evil.example"'
    )


class TestTitles:
    async def test_a_posted_title_is_made_one_line(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client, moderation="all", notify_emails=[MOD])
        await post_comment(client, title="Hello\r\nBcc: x@evil.example\u2028again")
        await drain(mail_settings.database_url)
        (alert,) = inbox.to(MOD)
        assert alert["Subject"].endswith('"Hello Bcc: x@evil.example again"')
        assert alert["Bcc"] is None
        assert inbox.envelopes == [[MOD]]

    async def test_a_stored_broken_title_still_mails_and_a_clean_one_replaces_it(
        self, app: FastAPI, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client, moderation="all", notify_emails=[MOD])
        await post_comment(client, "first")
        async with part(app, Database).write_sessions() as session:
            await session.execute(update(Thread).values(title="Broken\r\nTitle\x85x"))
            await session.commit()
        await post_comment(client, "second", title="")
        await drain(mail_settings.database_url)
        assert len(inbox.to(MOD)) == 2
        assert inbox.to(MOD)[-1]["Subject"].endswith('"Broken Title x"')
        assert (await read_thread(client))["thread"]["title"] == "Broken\r\nTitle\x85x"
        await post_comment(client, "third", title="Clean title")
        assert (await read_thread(client))["thread"]["title"] == "Clean title"
        await post_comment(client, "fourth", title="Another title")
        assert (await read_thread(client))["thread"]["title"] == "Clean title"
