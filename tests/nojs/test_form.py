"""POST …/comment-form: the plain form posts through the JSON API's admission, answers 303 to the
post (at the comment, or at the moderation note), and on any problem gives the form back, filled
in, naming the problem in the site's language."""

import time
from typing import Any

import pytest
from lxml import html as lxml_html

from app.comments import formtoken
from app.config import Settings
from tests.builders import ADMIN, POST_URL, make_site, post_comment, read_thread
from tests.conftest import make_settings
from tests.moderation.conftest import admin_path
from tests.notifications.conftest import mail_settings, smtp  # noqa: F401 - fixtures
from tests.notifications.mailbox import Inbox, drain, link_in

FORM = "/api/v1/sites/blog/comment-form"
SECRET = "test-secret-key-not-for-production"


def token(seconds_ago: float = 10) -> str:
    return formtoken.issue(SECRET, "blog", int((time.time() - seconds_ago) * 1000))


def fields(**changes: Any) -> dict[str, Any]:
    values = {
        "comment": "Hello from a browser without JavaScript",
        "author": "Ada",
        "email": "ada@example.org",
        "url": "",
        "post_url": POST_URL,
        "comment_parent": "0",
        "parley_hp": "",
        "parley_token": token(),
        "submit": "Post Comment",
    }
    values.update(changes)
    return values


async def send(client, **changes: Any):
    return await client.post(FORM, data=fields(**changes))


def page_of(response) -> Any:
    return lxml_html.document_fromstring(response.text)


def assert_form_kept(response, **typed: str | None) -> Any:
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    doc = page_of(response)
    form = doc.cssselect("form#commentform")[0]
    assert form.cssselect("textarea[name=comment]")[0].text == typed.get(
        "comment", fields()["comment"]
    )
    for name in ("author", "email", "url"):
        if name in typed:
            assert form.cssselect(f"input[name={name}]")[0].get("value") == typed[name]
    assert form.cssselect("input[name=parley_token]")[0].get("value").count(".") == 1
    return doc


def problem_text(doc) -> str:
    return doc.cssselect(".parley-form-errors")[0].text_content()


class TestPosted:
    async def test_lands_on_the_comment(self, client):
        await make_site(client)
        response = await send(client)
        assert response.status_code == 303
        (comment,) = (await read_thread(client))["comments"]
        assert response.headers["location"] == f"{POST_URL}#comment-{comment['id']}"
        assert comment["author"]["name"] == "Ada"

    async def test_a_reply_from_the_form(self, client):
        await make_site(client)
        parent = await post_comment(client)
        response = await send(client, comment_parent=str(parent["id"]))
        assert response.status_code == 303
        (top,) = (await read_thread(client))["comments"]
        assert top["replies"][0]["body_html"] == "<p>Hello from a browser without JavaScript</p>"

    async def test_held_comment_goes_to_the_note(self, client):
        await make_site(client, moderation="all")
        response = await send(client)
        assert response.status_code == 303
        assert response.headers["location"] == f"{POST_URL}?held=1#comments"
        assert (await read_thread(client))["comments"] == []

    async def test_honeypot_is_held_as_spam_like_the_json_api(self, client):
        await make_site(client)
        response = await send(client, parley_hp="http://spam.example")
        assert response.headers["location"].endswith("held=1#comments")
        json_api = await post_comment(client, honeypot="http://spam.example")
        assert json_api["status"] == "spam"
        assert (await read_thread(client))["comments"] == []
        queue = await client.get(admin_path("blog", "/comments?status=spam"), headers=ADMIN)
        assert len(queue.json()["comments"]) == 2

    async def test_min_submit_time_works_without_javascript(self, client):
        await make_site(client)
        settings = {"min_submit_time": {"enabled": True, "seconds": 5}}
        response = await client.patch(
            admin_path("blog"), json={"spam_settings": settings}, headers=ADMIN
        )
        assert response.status_code == 200
        fast = await send(client, parley_token=token(seconds_ago=1))
        assert fast.headers["location"].endswith("held=1#comments")
        slow = await send(client, parley_token=token(seconds_ago=30), comment="slow")
        assert "#comment-" in slow.headers["location"]


class TestRefused:
    async def test_empty_comment_keeps_the_rest(self, client):
        await make_site(client)
        response = await send(client, comment="", url="ada.example")
        assert response.status_code == 422
        doc = assert_form_kept(response, comment=None, author="Ada", url="ada.example")
        assert "Please type a comment." in problem_text(doc)

    async def test_bad_email(self, client):
        await make_site(client)
        response = await send(client, email="not-an-email")
        assert response.status_code == 422
        doc = assert_form_kept(response, email="not-an-email")
        assert "valid email" in problem_text(doc)

    async def test_too_long(self, client):
        await make_site(client)
        response = await send(client, comment="x" * 10_001)
        assert response.status_code == 422
        doc = assert_form_kept(response, comment="x" * 10_001)
        assert "too long" in problem_text(doc)

    async def test_in_the_site_language(self, client):
        await make_site(client, language="fr")
        response = await send(client, comment="")
        doc = page_of(response)
        assert doc.get("lang") == "fr"
        assert "Veuillez écrire un commentaire." in problem_text(doc)

    async def test_missing_or_forged_token(self, client):
        await make_site(client)
        for bad in ("", "123.abc", token().replace(".", ".0")):
            response = await send(client, parley_token=bad)
            assert response.status_code == 422
            assert "send it again" in problem_text(assert_form_kept(response))
        assert (await read_thread(client))["comments"] == []

    async def test_another_sites_token(self, client):
        await make_site(client)
        other = formtoken.issue(SECRET, "other", int((time.time() - 10) * 1000))
        assert (await send(client, parley_token=other)).status_code == 422

    async def test_post_url_off_the_site_is_never_a_redirect(self, client):
        await make_site(client)
        response = await send(client, post_url="https://evil.example/phish")
        assert response.status_code == 422
        assert "location" not in response.headers
        doc = assert_form_kept(response)
        assert not doc.cssselect(".parley-back")
        assert 'evil.example/phish"' not in response.text.split("parley-form-errors")[0]

    async def test_unknown_site(self, client):
        response = await client.post("/api/v1/sites/nope/comment-form", data=fields())
        assert response.status_code == 404
        assert response.headers["content-type"] == "text/html; charset=utf-8"

    async def test_hostile_fields_are_escaped(self, client):
        await make_site(client)
        response = await send(client, comment="</textarea><script>x</script>", email="bad")
        assert "<script>" not in response.text
        assert_form_kept(response, comment="</textarea><script>x</script>")


class TestSameAdmissionAsTheJsonApi:
    """Each refusal, through the JSON API and through the form: same decision, no row."""

    async def test_banned_address(self, client):
        await make_site(client)
        response = await client.post(
            admin_path("blog", "/bans"),
            json={"kind": "email", "email": "ada@example.org"},
            headers=ADMIN,
        )
        assert response.status_code == 201
        problem = await post_comment(client, expect=403)
        assert problem["type"] == "/problems/banned"
        response = await send(client)
        assert response.status_code == 403
        doc = assert_form_kept(response)
        assert "You cannot comment on this site." in problem_text(doc)
        assert (await read_thread(client))["comments"] == []

    async def test_spam_verdict(self, client):
        await make_site(client)
        words = {"blocked_words": {"enabled": True, "words": ["casino"], "verdict": "spam"}}
        response = await client.patch(
            admin_path("blog"), json={"spam_settings": words}, headers=ADMIN
        )
        assert response.status_code == 200
        assert (await post_comment(client, "best casino"))["status"] == "spam"
        response = await send(client, comment="best casino")
        assert response.headers["location"] == f"{POST_URL}?held=1#comments"
        assert (await read_thread(client))["comments"] == []

    async def test_closed_thread(self, client):
        await make_site(client)
        await post_comment(client)
        response = await client.patch(admin_path("blog"), json={"closed": True}, headers=ADMIN)
        assert response.status_code == 200
        problem = await post_comment(client, expect=403)
        assert problem["type"] == "/problems/thread-closed"
        response = await send(client)
        assert response.status_code == 403
        assert "Comments are closed." in problem_text(assert_form_kept(response))


class TestRateLimit:
    @pytest.fixture
    def settings(self, database_url, tmp_path) -> Settings:
        return make_settings(database_url, tmp_path, write_rate_limit="2/minute")

    async def test_the_form_shares_the_write_limit(self, client):
        await make_site(client)
        await post_comment(client)
        assert (await send(client)).status_code == 303
        problem = await post_comment(client, expect=429)
        assert problem["type"] == "/problems/rate-limited"
        response = await send(client, comment="kept")
        assert response.status_code == 429
        doc = assert_form_kept(response, comment="kept")
        assert "too fast" in problem_text(doc)


class TestNotify:
    @pytest.fixture
    def settings(self, mail_settings: Settings) -> Settings:  # noqa: F811
        return mail_settings

    async def test_the_choice_is_offered_and_double_opt_in(self, client, smtp, settings):  # noqa: F811
        await make_site(client)
        fragment = await client.get("/api/v1/sites/blog/thread.html", params={"url": POST_URL})
        options = lxml_html.fragment_fromstring(fragment.text).cssselect("select#notify option")
        assert [o.get("value") for o in options] == ["none", "replies", "thread"]
        response = await send(client, notify="replies")
        assert response.status_code == 303
        await drain(settings.database_url)
        inbox: Inbox = smtp[0]
        (message,) = inbox.to("ada@example.org")
        assert link_in(message, "/mail/confirm")


class TestOwnPage:
    async def test_the_filled_in_form_posts_from_parleys_own_origin(self, client):
        await make_site(client)
        refused = await send(client, email="bad")
        assert refused.status_code == 422
        again = await client.post(FORM, data=fields(), headers={"Origin": "http://testserver"})
        assert again.status_code == 303


class TestPrivatePages:
    async def test_a_page_that_hides_its_origin_posts(self, client):
        """Referrer-Policy no-referrer / same-origin: the browser sends `Origin: null`."""
        await make_site(client)
        response = await client.post(FORM, data=fields(), headers={"Origin": "null"})
        assert response.status_code == 303, response.text
        (comment,) = (await read_thread(client))["comments"]
        assert response.headers["location"] == f"{POST_URL}#comment-{comment['id']}"

    async def test_the_json_api_still_refuses_a_null_origin(self, client):
        await make_site(client)
        response = await client.post(
            "/api/v1/sites/blog/comments",
            json={"url": POST_URL, "body": "Hi", "author_name": "Ada"},
            headers={"Origin": "null"},
        )
        assert response.status_code == 403
        assert (await read_thread(client))["comments"] == []


class TestForeignPages:
    async def test_a_form_posted_from_another_origin_is_refused(self, client):
        await make_site(client)
        response = await client.post(
            FORM, data=fields(), headers={"Origin": "https://evil.example"}
        )
        assert response.status_code == 403
        assert (await read_thread(client))["comments"] == []
