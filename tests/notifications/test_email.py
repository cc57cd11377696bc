"""Email notifications end to end, through the public API and a real SMTP server on loopback:
double opt-in, reply notifications with one-click unsubscribe, moderator alerts, and every case
in which nothing may be sent."""

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import select

from app.comments.models import Comment
from app.config import Settings
from app.crypto import hash_token, new_token
from app.db.base import utcnow
from app.db.session import Database
from app.identity.models import AuthSession, Identity
from app.main import create_app
from tests import dbs
from tests.builders import ADMIN, POST_URL, SITE_ID, SITE_ORIGIN, make_site, post_comment
from tests.conftest import make_settings
from tests.notifications.mailbox import (
    Inbox,
    drain,
    html_part,
    link_in,
    pending_messages,
    text_part,
)
from tests.parts import part

ADA = "ada@example.org"
BOB = "bob@example.org"
MOD = "mod@example.org"
GRACE = "grace@example.org"
THREAD_URL = POST_URL.rstrip("/")  # the thread's normalized URL, which the links use


@pytest.fixture
def settings(mail_settings: Settings) -> Settings:
    """The shared app and client fixtures, with email on."""
    return mail_settings


def _path(link: str) -> str:
    return link.removeprefix("http://testserver")


async def _confirm(client: httpx.AsyncClient, inbox: Inbox, address: str) -> None:
    (confirmation,) = inbox.to(address)
    response = await client.post(_path(link_in(confirmation, "/mail/confirm")))
    assert response.status_code == 200, response.text


async def _subscribed(
    client: httpx.AsyncClient, inbox: Inbox, settings: Settings, notify: str = "replies"
) -> dict[str, Any]:
    """Ada comments with `notify`, confirms her address; returns her comment."""
    comment = await post_comment(client, "First!", author_name="Ada", notify=notify)
    await drain(settings.database_url)
    await _confirm(client, inbox, ADA)
    return comment


async def _bob_replies(
    client: httpx.AsyncClient, parent_id: int | None, body: str = "I **disagree** <b>x</b>"
) -> dict[str, Any]:
    return await post_comment(
        client, body, parent_id=parent_id, author_name="Bob", author_email=BOB
    )


class TestSubscribe:
    async def test_first_subscription_sends_one_confirmation(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        await post_comment(client, "One", notify="replies")
        await post_comment(client, "Two", notify="thread")
        await drain(mail_settings.database_url)
        (message,) = inbox.messages
        assert message["To"] == ADA
        assert message["Subject"] == "Confirm email notifications from Blog"
        assert "Hello, world" in text_part(message)
        assert link_in(message, "/mail/confirm").startswith("http://testserver/mail/confirm?a=")
        assert 'href="http://testserver/mail/confirm?' in html_part(message)

    async def test_guest_without_email_is_refused(
        self, client: httpx.AsyncClient, mail_settings: Settings
    ) -> None:
        await make_site(client, guest_policy="anonymous")
        response = await client.post(
            f"/api/v1/sites/{SITE_ID}/comments",
            json={"url": POST_URL, "body": "Hi", "author_name": "Ada", "notify": "thread"},
        )
        assert response.status_code == 422
        assert "email" in response.json()["detail"]

    async def test_bad_choice_is_a_422(self, client: httpx.AsyncClient) -> None:
        await make_site(client)
        await post_comment(client, notify="everything", expect=422)

    async def test_confirmation_page_get_confirms_nothing(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        ada = await post_comment(client, "First!", notify="replies")
        await drain(mail_settings.database_url)
        link = _path(link_in(inbox.messages[0], "/mail/confirm"))
        page = await client.get(link)
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert '<form method="post">' in page.text
        assert "Confirm email notifications" in page.text
        assert ADA not in page.text
        await _bob_replies(client, ada["id"])
        await drain(mail_settings.database_url)
        assert len(inbox.messages) == 1  # only the confirmation: a GET is not a confirmation

    async def test_tampered_link_is_a_404_page(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        await post_comment(client, "First!", notify="replies")
        await drain(mail_settings.database_url)
        link = _path(link_in(inbox.messages[0], "/mail/confirm"))
        forged = re.sub(r"t=[^&]+", "t=" + "0" * 32, link)
        assert (await client.post(forged)).status_code == 404
        assert (await client.get(forged)).status_code == 404
        assert (await client.get("/mail/confirm?a=x&t=y")).status_code == 422


async def _logged_in(app: FastAPI, email: str | None) -> dict[str, str]:
    """Headers of a commenter who logged in with a provider (as the login flow leaves it)."""
    token = new_token()
    async with part(app, Database).write_sessions() as session:
        identity = Identity(
            provider="github", subject=new_token(8), display_name="Grace", email=email
        )
        session.add(identity)
        await session.flush()
        expires = utcnow() + timedelta(days=1)
        session.add(
            AuthSession(
                token_hash=hash_token(token),
                identity_id=identity.id,
                site_id=SITE_ID,
                expires_at=expires,
            )
        )
        await session.commit()
    return {"Authorization": f"Bearer {token}"}


class TestLoggedIn:
    async def test_verified_provider_email_is_used(
        self, client: httpx.AsyncClient, app: FastAPI, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        headers = await _logged_in(app, GRACE)
        grace = await post_comment(
            client, "Hi", headers=headers, author_name=None, author_email=None, notify="replies"
        )
        # Her own verified address needs no confirmation (issue 23.5).
        assert grace["notification"] == "subscribed"
        await post_comment(
            client,
            "My own reply",
            headers=headers,
            parent_id=grace["id"],
            author_name=None,
            author_email=None,
        )
        await _bob_replies(client, grace["id"])
        await drain(mail_settings.database_url)
        (message,) = inbox.to(GRACE)
        assert message["Subject"] == "Bob replied to your comment on “Hello, world”"

    async def test_given_email_is_used(
        self, client: httpx.AsyncClient, app: FastAPI, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        headers = await _logged_in(app, None)
        await post_comment(client, "Hi", headers=headers, author_name=None, notify="thread")
        await drain(mail_settings.database_url)
        assert len(inbox.to(ADA)) == 1

    async def test_no_email_at_all_is_a_422(self, client: httpx.AsyncClient, app: FastAPI) -> None:
        await make_site(client)
        headers = await _logged_in(app, None)
        response = await client.post(
            f"/api/v1/sites/{SITE_ID}/comments",
            json={"url": POST_URL, "body": "Hi", "notify": "replies"},
            headers=headers,
        )
        assert response.status_code == 422, response.text


class TestReplyNotification:
    async def test_subscribe_confirm_reply_unsubscribe(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        ada = await _subscribed(client, inbox, mail_settings)
        reply = await _bob_replies(client, ada["id"])
        await drain(mail_settings.database_url)
        (_confirmation, message) = inbox.to(ADA)
        assert message["Subject"] == "Bob replied to your comment on “Hello, world”"
        body = text_part(message)
        # Both texts: hers, then Bob's reply (issue 26.4).
        assert "Your comment:\nFirst!\n\nBob replied:\nI **disagree** <b>x</b>" in body.replace(
            "\r", ""
        )
        assert "/mail/subscriptions?a=" in body
        assert f"{THREAD_URL}#comment-{reply['id']}" in body
        html = html_part(message)
        assert "<strong>disagree</strong>" in html
        assert "<b>x</b>" not in html
        assert f'href="{THREAD_URL}#comment-{reply["id"]}"' in html
        unsubscribe = message["List-Unsubscribe"]
        assert unsubscribe.startswith("<http://testserver/mail/unsubscribe?")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert BOB not in body and BOB not in html
        # RFC 8058: the mail client POSTs this body to the URL, without any login.
        one_click = await client.post(
            _path(unsubscribe.strip("<>")),
            content="List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert one_click.status_code == 200, one_click.text
        await _bob_replies(client, ada["id"], "Still there?")
        await drain(mail_settings.database_url)
        assert len(inbox.to(ADA)) == 2

    async def test_thread_subscription_gets_every_new_comment(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        await _subscribed(client, inbox, mail_settings, notify="thread")
        await _bob_replies(client, None, "Top-level from Bob")
        await drain(mail_settings.database_url)
        assert "Top-level from Bob" in text_part(inbox.to(ADA)[-1])

    async def test_replies_subscription_ignores_other_comments(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        await _subscribed(client, inbox, mail_settings)
        await _bob_replies(client, None, "Not a reply to Ada")
        await drain(mail_settings.database_url)
        assert len(inbox.to(ADA)) == 1

    async def test_unsubscribe_page_then_whole_site(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        ada = await _subscribed(client, inbox, mail_settings, notify="thread")
        await _bob_replies(client, ada["id"])
        await drain(mail_settings.database_url)
        link = _path(link_in(inbox.to(ADA)[-1], "/mail/unsubscribe"))
        page = await client.get(link)
        assert page.status_code == 200
        assert "Unsubscribe from this post" in page.text
        assert "Unsubscribe from everything on Blog" in page.text
        assert (await client.post(link, data={"scope": "site"})).status_code == 200
        await _bob_replies(client, ada["id"], "Again")
        await drain(mail_settings.database_url)
        assert len(inbox.to(ADA)) == 2
        assert (await client.get(link)).status_code == 404  # the address is gone


class TestNothingSent:
    async def test_own_replies(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        ada = await _subscribed(client, inbox, mail_settings, notify="thread")
        await post_comment(client, "Replying to myself", parent_id=ada["id"])
        await drain(mail_settings.database_url)
        assert len(inbox.to(ADA)) == 1

    async def test_unconfirmed_address(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        ada = await post_comment(client, "First!", notify="replies")
        await _bob_replies(client, ada["id"])
        await drain(mail_settings.database_url)
        (only,) = inbox.to(ADA)
        assert only["Subject"].startswith("Confirm")

    async def test_pending_comment_notifies_when_approved_and_only_once(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        ada = await _subscribed(client, inbox, mail_settings)
        patched = await client.patch(
            f"/api/v1/admin/sites/{SITE_ID}", json={"moderation": "all"}, headers=ADMIN
        )
        assert patched.status_code == 200, patched.text
        reply = await _bob_replies(client, ada["id"])
        assert reply["status"] == "pending"
        await drain(mail_settings.database_url)
        assert len(inbox.to(ADA)) == 1
        path = f"/api/v1/admin/sites/{SITE_ID}/comments/{reply['id']}"
        for action in ("approve", "spam", "approve"):
            response = await client.post(f"{path}/{action}", headers=ADMIN)
            assert response.status_code == 200, response.text
        await drain(mail_settings.database_url)
        assert len(inbox.to(ADA)) == 2
        assert f"#comment-{reply['id']}" in text_part(inbox.to(ADA)[-1])

    async def test_two_subscriptions_one_email(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        ada = await _subscribed(client, inbox, mail_settings, notify="replies")
        await post_comment(client, "And the whole thread, please", notify="thread")
        await _bob_replies(client, ada["id"])
        await drain(mail_settings.database_url)
        assert len(inbox.to(ADA)) == 2  # the confirmation, then one notification

    async def test_spam_comment_subscribes_nobody(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        await post_comment(client, "Buy now", notify="thread", honeypot="gotcha")
        await drain(mail_settings.database_url)
        assert inbox.messages == []


class TestEmailOff:
    async def test_notify_accepted_and_nothing_queued(
        self, database_url: str, tmp_path: Path, inbox: Inbox
    ) -> None:
        settings = make_settings(database_url, tmp_path)  # no PARLEY_SMTP_URL
        assert not settings.email_enabled
        application = create_app(settings)
        async with LifespanManager(application):
            transport = httpx.ASGITransport(app=application)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://testserver", headers={"Origin": SITE_ORIGIN}
            ) as http:
                await make_site(http)
                await post_comment(http, "Hi", notify="thread")
            assert await pending_messages(database_url) == 0
        await dbs.empty_all_tables(database_url)
        assert inbox.messages == []


class TestModeratorAlerts:
    async def test_pending_comment_alerts_the_moderators(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client, moderation="all", notify_emails=[MOD])
        comment = await post_comment(client, "Please *moderate* me")
        await drain(mail_settings.database_url)
        (alert,) = inbox.to(MOD)
        assert alert["Subject"] == '[Blog] New comment awaiting moderation on "Hello, world"'
        body = text_part(alert)
        assert "Please *moderate* me" in body
        assert f"http://testserver/admin?site={SITE_ID}&comment={comment['id']}" in body

    async def test_default_pending_skips_approved_and_all_includes_them(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client, notify_emails=[MOD])
        await post_comment(client, "Approved at once")
        await drain(mail_settings.database_url)
        assert inbox.to(MOD) == []
        response = await client.patch(
            f"/api/v1/admin/sites/{SITE_ID}", json={"notify_on": "all"}, headers=ADMIN
        )
        assert response.json()["notify_on"] == "all"
        await post_comment(client, "Approved too")
        await drain(mail_settings.database_url)
        (alert,) = inbox.to(MOD)
        assert alert["Subject"] == '[Blog] New comment on "Hello, world"'

    async def test_edit_that_goes_back_to_the_queue_alerts(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client, notify_emails=[MOD])
        comment = await post_comment(client, "Harmless")
        await client.patch(
            f"/api/v1/admin/sites/{SITE_ID}", json={"moderation": "all"}, headers=ADMIN
        )
        edited = await client.patch(
            f"/api/v1/comments/{comment['id']}",
            json={"body": "Now with a link to https://spam.example"},
            headers={"X-Edit-Token": comment["edit_token"]},
        )
        assert edited.status_code == 200, edited.text
        assert edited.json()["status"] == "pending"
        await drain(mail_settings.database_url)
        (alert,) = inbox.to(MOD)
        assert "https://spam.example" in text_part(alert)

    async def test_notify_on_none(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client, moderation="all", notify_emails=[MOD], notify_on="none")
        await post_comment(client)
        await drain(mail_settings.database_url)
        assert inbox.messages == []

    async def test_bad_settings_are_422(self, client: httpx.AsyncClient) -> None:
        await make_site(client)
        for body in ({"notify_emails": ["not-an-email"]}, {"notify_on": "sometimes"}):
            response = await client.patch(
                f"/api/v1/admin/sites/{SITE_ID}", json=body, headers=ADMIN
            )
            assert response.status_code == 422, body


class TestLanguages:
    async def test_site_language_picks_the_texts(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client, language="de")
        await post_comment(client, "Erster!", notify="replies")
        await drain(mail_settings.database_url)
        (message,) = inbox.messages
        assert message["Subject"] == "E-Mail-Benachrichtigungen von Blog bestätigen"
        page = await client.get(_path(link_in(message, "/mail/confirm")))
        assert 'lang="de"' in page.text
        assert "bestätigen" in page.text


class TestPrivacy:
    async def test_no_address_in_public_responses(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client, notify_emails=[MOD])
        ada = await _subscribed(client, inbox, mail_settings, notify="thread")
        assert ADA not in str(ada)
        thread = await client.get(f"/api/v1/sites/{SITE_ID}/comments", params={"url": POST_URL})
        site = await client.get(f"/api/v1/sites/{SITE_ID}")
        for response in (thread, site):
            assert response.status_code == 200
            assert ADA not in response.text and MOD not in response.text


async def _privacy(client: httpx.AsyncClient, action: str, **who: Any) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/admin/sites/{SITE_ID}/privacy/{action}", json=who, headers=ADMIN
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


class TestPrivacyRequests:
    async def test_export_lists_a_guests_addresses_and_subscriptions(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        ada = await _subscribed(client, inbox, mail_settings)
        await post_comment(client, "Bob's", author_name="Bob", author_email=BOB, notify="thread")
        document = await _privacy(client, "export", email="Ada@Example.org")
        (address,) = document["email_subscriptions"]
        assert address["email"] == ADA and address["confirmed_at"] is not None
        assert [
            (s["scope"], s["thread_url"], s["comment_id"], s["state"])
            for s in address["subscriptions"]
        ] == [("replies", THREAD_URL, ada["id"], "active")]

    async def test_erasing_a_guest_ends_their_mail(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        await _subscribed(client, inbox, mail_settings, notify="thread")
        report = await _privacy(client, "erase", email=ADA)
        assert report["email_addresses_removed"] == 1
        await _bob_replies(client, None)  # news on the thread she had subscribed to
        await drain(mail_settings.database_url)
        assert [m["Subject"].split()[0] for m in inbox.to(ADA)] == ["Confirm"]
        assert (await _privacy(client, "export", email=ADA))["email_subscriptions"] == []
        assert await pending_messages(mail_settings.database_url) == 0

    async def test_erasing_an_identity_removes_the_address_it_subscribed_with(
        self, client: httpx.AsyncClient, app: FastAPI, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        headers = await _logged_in(app, None)  # no provider email: the one given is used
        grace = await post_comment(client, "Hi", headers=headers, author_name=None, notify="thread")
        await drain(mail_settings.database_url)
        await _confirm(client, inbox, ADA)
        async with part(app, Database).read_sessions() as session:
            identity_id = await session.scalar(
                select(Comment.identity_id).where(Comment.id == grace["id"])
            )
        exported = await _privacy(client, "export", identity_id=identity_id)
        assert [a["email"] for a in exported["email_subscriptions"]] == [ADA]
        report = await _privacy(client, "erase", identity_id=identity_id)
        assert report["email_addresses_removed"] == 1
        await _bob_replies(client, None)
        await drain(mail_settings.database_url)
        assert len(inbox.to(ADA)) == 1  # the confirmation only
