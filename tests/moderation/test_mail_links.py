"""Moderating from the alert mail (26.3): signed, expiring, single-purpose action links that open
a one-button confirmation page; GET changes nothing, the POST acts; tampered, expired, foreign
and other-site links are refused. The mail goes through a real SMTP server."""

import base64
import json
import re
from datetime import timedelta
from email.message import EmailMessage

import httpx
import pytest
from fastapi import FastAPI

from app.config import Settings
from app.db.base import utcnow
from app.identity.action_links import sign_action
from app.runtime import ServerKey
from tests.builders import ADMIN, SITE_ID, make_site, post_comment
from tests.moderation.conftest import admin_path, audit_actions
from tests.notifications.conftest import inbox, mail_settings, smtp  # noqa: F401
from tests.notifications.mailbox import Inbox, drain, html_part, text_part
from tests.parts import part

MOD = "mod@blog.example"


@pytest.fixture
def settings(mail_settings: Settings) -> Settings:  # noqa: F811
    """The shared app and client fixtures, with email on."""
    return mail_settings


def action_links(message: EmailMessage) -> dict[str, str]:
    """The alert's action links by the action their payload names, as paths."""
    links = {}
    for url in re.findall(r"http://testserver(/moderate/\S+)", text_part(message)):
        body = url.removeprefix("/moderate/").split(".")[0]
        payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        links[payload["a"]] = url
    return links


async def status_of(client: httpx.AsyncClient, comment_id: int) -> str:
    response = await client.get(admin_path(SITE_ID, f"/comments/{comment_id}"), headers=ADMIN)
    assert response.status_code == 200, response.text
    return str(response.json()["status"])


async def alert_for(
    client: httpx.AsyncClient,
    inbox: Inbox,  # noqa: F811
    settings: Settings,
) -> tuple[int, dict[str, str]]:
    await make_site(client, moderation="all", notify_emails=[MOD])
    comment = await post_comment(client, "Please <b>approve</b> me")
    await drain(settings.database_url)
    (alert,) = inbox.to(MOD)
    assert "/moderate/" in html_part(alert)
    return comment["id"], action_links(alert)


class TestMailActionLinks:
    async def test_the_alert_carries_approve_spam_and_delete(
        self,
        client: httpx.AsyncClient,
        inbox: Inbox,  # noqa: F811
        mail_settings: Settings,  # noqa: F811
    ) -> None:
        _, links = await alert_for(client, inbox, mail_settings)
        assert set(links) == {"approve", "spam", "delete"}
        assert len(set(links.values())) == 3  # one link per action

    async def test_get_changes_nothing_and_the_post_approves(
        self,
        client: httpx.AsyncClient,
        inbox: Inbox,  # noqa: F811
        mail_settings: Settings,  # noqa: F811
    ) -> None:
        comment_id, links = await alert_for(client, inbox, mail_settings)
        for _ in range(3):  # a link scanner, a preview, the moderator's click
            page = await client.get(links["approve"])
            assert page.status_code == 200
        assert await status_of(client, comment_id) == "pending"
        assert "Approve comment" in page.text and 'method="post"' in page.text
        assert "&lt;b&gt;approve&lt;/b&gt;" in page.text  # the comment's text, escaped
        assert page.headers["referrer-policy"] == "no-referrer"
        assert "form-action 'self'" in page.headers["content-security-policy"]
        assert f"/admin?site={SITE_ID}&amp;comment={comment_id}" in page.text
        done = await client.post(links["approve"])
        assert done.status_code == 200
        assert "Comment approved." in done.text
        assert await status_of(client, comment_id) == "approved"
        assert ("comment.approve", comment_id) in await audit_actions(client)
        entries = (await client.get(admin_path(SITE_ID, "/audit"), headers=ADMIN)).json()
        assert entries["entries"][0]["actor"] == "mail-link:approve"

    async def test_each_link_does_only_its_own_action(
        self,
        client: httpx.AsyncClient,
        inbox: Inbox,  # noqa: F811
        mail_settings: Settings,  # noqa: F811
    ) -> None:
        comment_id, links = await alert_for(client, inbox, mail_settings)
        await client.post(links["spam"])
        assert await status_of(client, comment_id) == "spam"
        again = await client.post(links["spam"])
        assert "Nothing to do" in again.text
        await client.post(links["delete"])
        assert await status_of(client, comment_id) == "deleted"


class TestRefusedLinks:
    async def _comment(self, client: httpx.AsyncClient) -> int:
        await make_site(client, moderation="all")
        await make_site(client, "other", origins=["https://other.example"])
        return int((await post_comment(client))["id"])

    @pytest.mark.parametrize("method", ["GET", "POST"])
    async def test_tampered_expired_and_foreign_links(
        self, app: FastAPI, client: httpx.AsyncClient, method: str
    ) -> None:
        comment_id = await self._comment(client)
        key = part(app, ServerKey).value
        good = sign_action(key, site_id=SITE_ID, comment_id=comment_id, action="approve")
        body, mac = good.split(".")
        other_comment = sign_action(
            key, site_id=SITE_ID, comment_id=comment_id + 1, action="approve"
        )
        forged_body = other_comment.split(".")[0]
        refused = {
            "tampered": f"{forged_body}.{mac}",  # another comment's payload, this signature
            "truncated": body,
            "bad signature": f"{body}.{mac[:-2]}AA",
            "expired": sign_action(
                key,
                site_id=SITE_ID,
                comment_id=comment_id,
                action="approve",
                expires_at=utcnow() - timedelta(seconds=1),
            ),
            "another key": sign_action(
                "not-this-servers-key", site_id=SITE_ID, comment_id=comment_id, action="approve"
            ),
            "wrong site": sign_action(
                key, site_id="other", comment_id=comment_id, action="approve"
            ),
            "no such site": sign_action(key, site_id="gone", comment_id=comment_id, action="spam"),
            "huge": "A" * 5000 + "." + mac,
            "not ascii": f"{body}.{mac[:-1]}é",
        }
        for name, token in refused.items():
            response = await client.request(method, f"/moderate/{token}")
            assert response.status_code == 404, (name, response.status_code, response.text)
            assert "Approve comment" not in response.text, name
        assert await status_of(client, comment_id) == "pending"
        assert await audit_actions(client) == []

    async def test_a_link_cannot_be_turned_into_another_action(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        comment_id = await self._comment(client)
        key = part(app, ServerKey).value
        spam = sign_action(key, site_id=SITE_ID, comment_id=comment_id, action="spam")
        purge_body = sign_action(key, site_id=SITE_ID, comment_id=comment_id, action="delete")
        mixed = f"{purge_body.split('.')[0]}.{spam.split('.')[1]}"
        assert (await client.post(f"/moderate/{mixed}")).status_code == 404
        with pytest.raises(ValueError, match="not a mail action"):
            sign_action(key, site_id=SITE_ID, comment_id=comment_id, action="purge")
        assert await status_of(client, comment_id) == "pending"
