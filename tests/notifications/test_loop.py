"""The commenter's notification loop (issues 23.5 and 26.4), end to end through the public API
and a real SMTP server on loopback: what the answer to a post says about "notify me",
confirmation per address and thread, nothing from a pending comment until it is approved,
replies that arrive before the confirmation delivered once after it (never after it expired),
reply mails with both texts, and the pages behind the links."""

import re
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.config import Settings
from app.db.base import utcnow
from app.db.session import Database
from app.notifications.compose import Links
from app.runtime import ServerKey
from tests.builders import ADMIN, POST_URL, SITE_ID, SITE_ORIGIN, make_site, post_comment
from tests.notifications.mailbox import Inbox, drain, html_part, link_in, text_part
from tests.parts import part

ADA = "ada@example.org"
BOB = "bob@example.org"
VICTIM = "victim@example.org"
OTHER_POST = f"{SITE_ORIGIN}/2026/second-post/"
THREAD_URL = POST_URL.rstrip("/")


@pytest.fixture
def settings(mail_settings: Settings) -> Settings:
    return mail_settings


def _path(link: str) -> str:
    return link.removeprefix("http://testserver")


async def _bob(client: httpx.AsyncClient, parent_id: int | None, body: str, **fields: Any) -> Any:
    return await post_comment(
        client, body, parent_id=parent_id, author_name="Bob", author_email=BOB, **fields
    )


def _confirmations(inbox: Inbox, address: str) -> list[Any]:
    return [m for m in inbox.to(address) if "/mail/confirm?" in text_part(m)]


def _replies(inbox: Inbox, address: str) -> list[Any]:
    return [m for m in inbox.to(address) if "/mail/confirm?" not in text_part(m)]


class TestTheAnswerSays:
    async def test_confirmation_sent_then_subscribed_and_null_without_notify(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        first = await post_comment(client, "One", notify="replies")
        assert first["notification"] == "confirmation_sent"
        second = await post_comment(client, "Two", notify="thread")
        assert second["notification"] == "confirmation_sent"  # the same mail confirms both
        assert (await post_comment(client, "Three"))["notification"] is None
        await drain(mail_settings.database_url)
        (confirmation,) = inbox.to(ADA)
        assert (await client.post(_path(link_in(confirmation, "/mail/confirm")))).is_success
        again = await post_comment(client, "Four", notify="replies")
        assert again["notification"] == "subscribed"
        await drain(mail_settings.database_url)
        assert len(inbox.to(ADA)) == 1

    async def test_a_held_comment_subscribes_on_approval(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client, moderation="all")
        held = await post_comment(client, "Held", notify="thread")
        assert held["status"] == "pending"
        assert held["notification"] == "on_approval"
        await drain(mail_settings.database_url)
        assert inbox.to(ADA) == []
        path = f"/api/v1/admin/sites/{SITE_ID}/comments/{held['id']}/approve"
        assert (await client.post(path, headers=ADMIN)).status_code == 200
        await drain(mail_settings.database_url)
        assert len(_confirmations(inbox, ADA)) == 1

    async def test_the_first_held_comment_approved_starts_it(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client, moderation="all")
        first = await post_comment(client, "Held one", notify="thread")
        second = await post_comment(client, "Held two", notify="thread")
        assert second["notification"] == "on_approval"
        path = f"/api/v1/admin/sites/{SITE_ID}/comments/{first['id']}/approve"
        assert (await client.post(path, headers=ADMIN)).status_code == 200
        await drain(mail_settings.database_url)
        assert len(_confirmations(inbox, ADA)) == 1


class TestConfirmationIsPerThread:
    async def test_a_confirmed_address_must_confirm_another_thread(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        await post_comment(client, "Here", notify="thread")
        await drain(mail_settings.database_url)
        (first,) = inbox.to(ADA)
        assert (await client.post(_path(link_in(first, "/mail/confirm")))).is_success
        # Someone else subscribes Ada's address to another post: it needs her confirmation.
        other = await post_comment(
            client, "Sign Ada up", url=OTHER_POST, author_name="Mallory", notify="thread"
        )
        assert other["notification"] == "confirmation_sent"
        await _bob(client, None, "Bob on the other post", url=OTHER_POST)
        await drain(mail_settings.database_url)
        assert len(_confirmations(inbox, ADA)) == 2
        assert _replies(inbox, ADA) == []

    async def test_a_pending_comment_never_mails_the_address_it_names(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client, moderation="all")
        for n in range(3):
            await post_comment(
                client,
                f"spam {n}",
                author_name="Mallory",
                author_email=VICTIM,
                notify="thread",
            )
        await drain(mail_settings.database_url)
        assert inbox.to(VICTIM) == []

    async def test_the_confirmation_carries_no_commenter_text_but_the_title(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        await post_comment(
            client,
            "Visit https://evil.example/win now",
            author_name="Prize Department",
            author_email=VICTIM,
            author_website="https://evil.example/",
            notify="thread",
        )
        await drain(mail_settings.database_url)
        (confirmation,) = inbox.to(VICTIM)
        for shown in (text_part(confirmation), html_part(confirmation), confirmation["Subject"]):
            assert "evil" not in shown
            assert "Prize" not in shown
            assert "blog.example/2026" not in shown  # not even the post's URL
        assert "“Hello, world”" in text_part(confirmation)
        assert "The link works until 20" in text_part(confirmation)


class TestRepliesBeforeTheConfirmation:
    async def test_are_delivered_once_after_confirming(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        ada = await post_comment(client, "First!", notify="replies")
        await _bob(client, ada["id"], "Early reply one")
        await _bob(client, None, "Not a reply to Ada")
        await _bob(client, ada["id"], "Early reply two")
        await drain(mail_settings.database_url)
        (confirmation,) = inbox.to(ADA)
        link = _path(link_in(confirmation, "/mail/confirm"))
        assert (await client.post(link)).status_code == 200
        assert (await client.post(link)).status_code == 200  # twice: still once each
        await drain(mail_settings.database_url)
        replies = _replies(inbox, ADA)
        assert [text_part(m).count("Early reply") for m in replies] == [1, 1]
        bodies = " ".join(text_part(m) for m in replies)
        assert "Early reply one" in bodies and "Early reply two" in bodies
        assert "Not a reply to Ada" not in bodies
        await _bob(client, ada["id"], "Later reply")
        await drain(mail_settings.database_url)
        assert len(_replies(inbox, ADA)) == 3

    async def test_are_never_delivered_once_the_link_expired(
        self, app: FastAPI, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        ada = await post_comment(client, "First!", notify="replies")
        await _bob(client, ada["id"], "Early reply")
        await drain(mail_settings.database_url)
        (confirmation,) = inbox.to(ADA)
        link = _path(link_in(confirmation, "/mail/confirm"))
        address_id = int(re.search(r"a=(\d+)", link).group(1))  # type: ignore[union-attr]
        thread_id = int(re.search(r"thread=(\d+)", link).group(1))  # type: ignore[union-attr]
        links = Links("http://testserver", part(app, ServerKey).value)
        expired = links.confirm(address_id, ADA, thread_id, utcnow() - timedelta(minutes=1))
        page = await client.get(_path(expired))
        assert page.status_code == 410
        assert "expired" in page.text
        assert (await client.post(_path(expired))).status_code == 410
        await drain(mail_settings.database_url)
        assert _replies(inbox, ADA) == []
        forged = re.sub(r"until=\d+", "until=8000000000", link)
        assert (await client.post(forged)).status_code == 404

    async def test_a_new_confirmation_after_expiry_does_not_revive_them(
        self, app: FastAPI, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        from sqlalchemy import update

        from app.notifications.models import EmailSubscription

        await make_site(client)
        await post_comment(client, "First!", notify="thread")
        await _bob(client, None, "While unconfirmed")
        async with part(app, Database).write_sessions() as session:
            past = utcnow() - timedelta(minutes=1)
            await session.execute(update(EmailSubscription).values(confirm_by=past))
            await session.commit()
        again = await post_comment(client, "Once more", notify="thread")
        assert again["notification"] == "confirmation_sent"
        await drain(mail_settings.database_url)
        _expired, second = _confirmations(inbox, ADA)
        assert (await client.post(_path(link_in(second, "/mail/confirm")))).status_code == 200
        await _bob(client, None, "After confirming")
        await drain(mail_settings.database_url)
        bodies = [text_part(m) for m in _replies(inbox, ADA)]
        assert len(bodies) == 1
        assert "After confirming" in bodies[0]


class TestReplyMails:
    async def test_german_mails_quote_with_low_and_high_marks(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client, language="de")
        ada = await post_comment(client, "Erster!", notify="thread")
        await drain(mail_settings.database_url)
        assert "„Hello, world“" in text_part(inbox.to(ADA)[0])
        await client.post(_path(link_in(inbox.to(ADA)[0], "/mail/confirm")))
        await _bob(client, ada["id"], "Widerspruch")
        await _bob(client, None, "Neu")
        await drain(mail_settings.database_url)
        # Sorted: the worker sends a batch's mails at once, so they may arrive in either order.
        subjects = sorted(m["Subject"] for m in _replies(inbox, ADA))
        assert subjects == [
            "Bob hat auf deinen Kommentar zu „Hello, world“ geantwortet",
            "Bob hat „Hello, world“ kommentiert",
        ]

    async def test_a_thread_subscriber_sees_the_comment_answered(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        await post_comment(client, "Watching", notify="thread")
        await drain(mail_settings.database_url)
        await client.post(_path(link_in(inbox.to(ADA)[0], "/mail/confirm")))
        grace = await post_comment(
            client, "Grace *says*", author_name="Grace", author_email="g@example.org"
        )
        await _bob(client, grace["id"], "Bob answers Grace")
        await drain(mail_settings.database_url)
        # Grace's comment and Bob's reply go out in one batch, in either order: Bob's by its text.
        (message,) = [m for m in _replies(inbox, ADA) if "Bob answers Grace" in text_part(m)]
        assert message["Subject"] == "Bob commented on “Hello, world”"
        plain = text_part(message).replace("\r", "")
        assert "Grace wrote:\nGrace *says*\n\nBob replied:\nBob answers Grace" in plain
        assert "<em>says</em>" in html_part(message)


class TestPages:
    async def test_confirm_and_unsubscribe_pages_link_back_to_the_post(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        ada = await post_comment(client, "First!", notify="replies", title="<b>Hi</b> & bye")
        await drain(mail_settings.database_url)
        link = _path(link_in(inbox.to(ADA)[0], "/mail/confirm"))
        page = await client.get(link)
        assert f'href="{THREAD_URL}"' in page.text
        assert "&lt;b&gt;Hi&lt;/b&gt; &amp; bye" in page.text
        assert "<b>Hi</b>" not in page.text
        done = await client.post(link)
        assert f'href="{THREAD_URL}"' in done.text
        await _bob(client, ada["id"], "Reply")
        await drain(mail_settings.database_url)
        unsubscribe = _path(link_in(inbox.to(ADA)[-1], "/mail/unsubscribe"))
        page = await client.get(unsubscribe)
        assert f'href="{THREAD_URL}"' in page.text
        assert "/mail/subscriptions?a=" in page.text
        left = await client.post(unsubscribe, data={"scope": "thread"})
        assert f'href="{THREAD_URL}"' in left.text

    async def test_the_subscriptions_page_lists_and_cancels(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        ada = await post_comment(client, "First!", notify="replies")
        await post_comment(client, "Second", url=OTHER_POST, title="Second post", notify="thread")
        await drain(mail_settings.database_url)
        for confirmation in _confirmations(inbox, ADA):
            await client.post(_path(link_in(confirmation, "/mail/confirm")))
        await _bob(client, ada["id"], "Reply")
        await drain(mail_settings.database_url)
        manage = _path(link_in(_replies(inbox, ADA)[-1], "/mail/subscriptions"))
        page = await client.get(manage)
        assert page.status_code == 200
        assert "Replies to your comment on “Hello, world”" in page.text
        assert "Every new comment on “Second post”" in page.text
        assert f'href="{THREAD_URL}"' in page.text
        assert ADA not in page.text
        ids = re.findall(r'name="subscription" value="(\d+)"', page.text)
        assert len(ids) == 2
        cancelled = await client.post(manage, data={"subscription": ids[0]})
        assert "Cancelled" in cancelled.text
        assert "Hello, world" not in cancelled.text
        await _bob(client, ada["id"], "Another reply")
        await drain(mail_settings.database_url)
        assert len(_replies(inbox, ADA)) == 1
        everything = await client.post(manage, data={"subscription": ids[1]})
        assert "You have no subscriptions on Blog" in everything.text
        forged = re.sub(r"t=[^&]+", "t=" + "0" * 32, manage)
        assert (await client.get(forged)).status_code == 404
        assert (await client.post(forged, data={"scope": "all"})).status_code == 404

    async def test_cancel_all(
        self, client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
    ) -> None:
        await make_site(client)
        ada = await post_comment(client, "First!", notify="replies")
        await post_comment(client, "More", notify="thread")
        await drain(mail_settings.database_url)
        await client.post(_path(link_in(inbox.to(ADA)[0], "/mail/confirm")))
        await _bob(client, ada["id"], "Reply")
        await drain(mail_settings.database_url)
        manage = _path(link_in(_replies(inbox, ADA)[-1], "/mail/subscriptions"))
        assert "Cancel all" in (await client.get(manage)).text
        done = await client.post(manage, data={"scope": "all"})
        assert "You have no subscriptions on Blog" in done.text
        await _bob(client, ada["id"], "Reply again")
        await drain(mail_settings.database_url)
        assert len(_replies(inbox, ADA)) == 1
