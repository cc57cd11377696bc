"""A moderator approves a comment from the alert mail (26.3), in headless Chromium, against a
real server process and a real SMTP server: the mail's approve link opens a one-button page on
Parley; its "open in /admin" link survives the login and shows the comment."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.live import demo_blog, free_port, live_server
from tests.moderation.test_page import browser, errors, page  # noqa: F401
from tests.notifications.mailbox import Inbox, smtp_server, text_part
from tests.waiting import wait_until

ADMIN_TOKEN = "mail-page-admin-token-0123456789"
SITE = "mailed"
MOD = "mod@harbour.example"


@dataclass
class MailLive:
    api: str
    blog: str
    http: httpx.Client
    inbox: Inbox

    def admin(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        return self.http.request(method, f"{self.api}{path}", headers=headers, **kwargs)


@pytest.fixture(scope="module")
def mail_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MailLive]:
    data: Path = tmp_path_factory.mktemp("mail-page")
    port = free_port()
    with smtp_server() as (inbox, smtp_port):
        env = {
            "PARLEY_ADMIN_TOKEN": ADMIN_TOKEN,
            "PARLEY_SECRET_KEY": "mail-page-secret-key-not-for-production",
            "PARLEY_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
            "PARLEY_MAIL_FROM": "Parley <parley@harbour.example>",
            "PARLEY_BASE_URL": f"http://127.0.0.1:{port}",
            "PARLEY_OUTBOX_POLL_SECONDS": "0.1",
        }
        with (
            demo_blog(f"http://127.0.0.1:{port}", site=SITE) as blog,
            live_server(
                f"sqlite+aiosqlite:///{data / 'parley.db'}", data, port=port, env=env
            ) as base,
            httpx.Client(timeout=10) as http,
        ):
            running = MailLive(api=base, blog=blog.origin, http=http, inbox=inbox)
            site = {
                "id": SITE,
                "name": "Harbour Notes",
                "origins": [blog.origin],
                "moderation": "all",
                "notify_emails": [MOD],
            }
            assert running.admin("POST", "/api/v1/admin/sites", json=site).status_code == 201
            yield running


def _post_and_get_alert(live: MailLive, body: str) -> tuple[int, str]:
    before = len(live.inbox.envelopes)
    response = live.http.post(
        f"{live.api}/api/v1/sites/{SITE}/comments",
        json={
            "url": f"{live.blog}/post/hello-world.html",
            "title": "Hello",
            "body": body,
            "author_name": "Eve",
            "author_email": "eve@example.org",
        },
        headers={"Origin": live.blog},
    )
    assert response.status_code == 201, response.text
    # The envelope is appended after its message, in the server thread.
    wait_until(lambda: len(live.inbox.envelopes) > before, "the alert mail")
    assert live.inbox.envelopes[before] == [MOD]
    return int(response.json()["id"]), text_part(live.inbox.messages[before])


def _status(live: MailLive, comment_id: int) -> str:
    found = live.admin("GET", f"/api/v1/admin/sites/{SITE}/comments/{comment_id}")
    return str(found.json()["status"])


@pytest.mark.browser
class TestModerateFromTheMail:
    def test_a_moderator_approves_from_the_alert_mail(self, page, mail_live):  # noqa: F811
        from playwright.sync_api import expect

        comment_id, mail = _post_and_get_alert(mail_live, "Approve me from the mail")
        links = re.findall(rf"{re.escape(mail_live.api)}/moderate/\S+", mail)
        assert len(links) == 3
        approve = next(link for link in links if "Approve" in mail.split(link)[0].splitlines()[-1])
        page.goto(approve)
        expect(page.get_by_role("heading")).to_have_text("Approve comment?")
        expect(page.locator("blockquote")).to_have_text("Approve me from the mail")
        assert _status(mail_live, comment_id) == "pending"  # opening the link changed nothing
        page.get_by_role("button", name="Approve comment").click()
        expect(page.get_by_role("heading")).to_have_text("Comment approved.")
        assert _status(mail_live, comment_id) == "approved"

    def test_open_in_admin_survives_the_login(self, page, mail_live):  # noqa: F811
        from playwright.sync_api import expect

        comment_id, mail = _post_and_get_alert(mail_live, "Look at me in /admin")
        admin_link = re.search(rf"{re.escape(mail_live.api)}/admin\?\S+", mail)
        assert admin_link is not None
        page.goto(admin_link.group(0))
        expect(page.locator("#status")).to_contain_text("Log in to see the comment")
        page.get_by_label("Token").fill(ADMIN_TOKEN)
        page.get_by_role("button", name="Log in").click()
        item = page.locator(f'.item[data-id="{comment_id}"]')
        expect(item).to_have_class(re.compile(r"\blinked\b"))
        expect(item).to_contain_text("Look at me in /admin")
        item.get_by_role("button", name="Approve").click()
        expect(page.locator("#status")).to_contain_text("approve: 1 comment done")
        assert _status(mail_live, comment_id) == "approved"
