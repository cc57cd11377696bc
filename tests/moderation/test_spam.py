"""The spam chain: each check and its verdict, per-site settings validated on PATCH, Akismet
against a local stub of its API; a verdict always lands in a queue, never drops the comment."""

import asyncio
from typing import Any

import pytest

from app.admission.spam import Draft, blocked, local_findings
from app.config import Settings
from app.sites.spam_settings import BlockedWordsCheck, SpamSettings
from tests.builders import ADMIN, make_site, post_comment, read_thread
from tests.moderation.akismet_stub import VALID_KEY, akismet_stub
from tests.moderation.conftest import admin_path, bearer, make_identity, queue
from tests.parts import part, replace_part


def _draft(body: str = "Hello there", **fields: Any) -> Draft:
    values: dict[str, Any] = {
        "site_id": "blog",
        "body": body,
        "body_html": f"<p>{body}</p>",
        "author_name": "Ada",
        "author_email": None,
        "author_website": None,
        "ip_hash": "x",
        "honeypot": None,
        "form_elapsed_ms": None,
        "verified": False,
    }
    return Draft(**{**values, **fields})


def _settings(**blocks: Any) -> SpamSettings:
    return SpamSettings.model_validate(blocks)


class TestBlockedWords:
    @pytest.mark.parametrize(
        ("text", "hit"),
        [
            ("buy cheap pills now", True),
            ("Cheap   PILLS", True),
            ("cheappills", False),
            ("a casino night", True),
            ("casinos", False),
            ("the cassino", True),
            ("pharmaceuticals are", True),
            ("nothing to see", False),
        ],
    )
    def test_words_and_patterns(self, text, hit):
        check = BlockedWordsCheck(words=["cheap pills", "casino"], patterns=["cas*no", "*pharma*"])
        assert blocked(check, " ".join(text.split()).casefold()) is hit

    def test_regex_syntax_is_literal(self):
        check = BlockedWordsCheck(words=["a.b", "(x+)+"])
        assert blocked(check, "axb") is False
        assert blocked(check, "see a.b here") is True
        assert blocked(check, "(x+)+") is True

    def test_pathological_input_stays_fast(self):
        import time

        check = BlockedWordsCheck(patterns=["*a*a*b"], words=["a" * 100])
        started = time.perf_counter()
        assert blocked(check, ("a" * 5000 + " ") * 2) is False
        assert blocked(check, " ".join("a" * (99 - i % 10) for i in range(100))) is False
        assert time.perf_counter() - started < 0.5

    @pytest.mark.parametrize(
        "bad",
        [
            {"patterns": ["two words*"]},
            {"patterns": ["*"]},
            {"patterns": ["*a*b*c*d"]},
            {"words": [""]},
            {"words": ["x" * 101]},
        ],
    )
    def test_invalid_entries(self, bad):
        with pytest.raises(ValueError):  # noqa: PT011
            BlockedWordsCheck(**bad)


class TestLocalChecks:
    def test_defaults_judge_only_honeypot_links_and_words(self):
        settings = SpamSettings()
        assert local_findings(_draft(form_elapsed_ms=10), settings) == []
        assert [f.check for f in local_findings(_draft(honeypot="x"), settings)] == ["honeypot"]
        links = "".join(f'<a href="https://x{i}.example">x</a>' for i in range(4))
        found = local_findings(_draft(body_html=links), settings)
        assert [(f.check, f.verdict) for f in found] == [("links", "pending")]

    def test_min_time_only_when_the_client_reports_it(self):
        settings = _settings(min_submit_time={"enabled": True, "seconds": 2})
        assert [f.check for f in local_findings(_draft(form_elapsed_ms=500), settings)] == [
            "min_submit_time"
        ]
        assert local_findings(_draft(form_elapsed_ms=2500), settings) == []
        assert local_findings(_draft(), settings) == []

    def test_switched_off_checks_say_nothing(self):
        settings = _settings(honeypot={"enabled": False})
        assert local_findings(_draft(honeypot="x"), settings) == []


async def _configure(client, expect: int = 200, **spam: Any) -> dict[str, Any]:
    response = await client.patch(admin_path("blog"), json={"spam_settings": spam}, headers=ADMIN)
    assert response.status_code == expect, response.text
    site: dict[str, Any] = response.json()
    return site


class TestSiteSettings:
    async def test_defaults_are_shown(self, client):
        site = await make_site(client)
        assert site["spam_settings"]["honeypot"] == {"enabled": True, "verdict": "spam"}
        assert site["spam_settings"]["akismet"]["enabled"] is False

    async def test_patch_validates_and_replaces(self, client):
        await make_site(client)
        site = await _configure(client, blocked_words={"words": ["Casino"]}, links={"max_links": 1})
        assert site["spam_settings"]["blocked_words"]["words"] == ["casino"]
        assert site["spam_settings"]["links"]["max_links"] == 1
        site = await _configure(client, links={"max_links": 5})
        assert site["spam_settings"]["blocked_words"]["words"] == []
        read = await client.get(admin_path("blog"), headers=ADMIN)
        assert read.json()["spam_settings"]["links"]["max_links"] == 5

    @pytest.mark.parametrize(
        "bad",
        [
            {"links": {"max_links": -1}},
            {"honeypot": {"verdict": "drop"}},
            {"rate_limit": {"limit": "lots"}},
            {"rate_limit": {"limit": "0/minute"}},
            {"akismet": {"enabled": True}},
            {"akismet": {"api_key": "evil.example/x#", "blog_url": "https://b.example"}},
            {"akismet": {"api_key": "abcdefgh12", "blog_url": "javascript:alert(1)"}},
            {"surprise": {}},
            {"blocked_words": {"patterns": ["a b"]}},
        ],
    )
    async def test_invalid_settings_are_422(self, client, bad):
        await make_site(client)
        await _configure(client, expect=422, **bad)


class TestChainThroughTheAPI:
    async def test_honeypot_lands_in_the_spam_queue(self, client):
        await make_site(client)
        comment = await post_comment(client, honeypot="http://buy.example")
        assert comment["status"] == "spam"
        spam = (await queue(client, status="spam"))["comments"]
        assert [c["id"] for c in spam] == [comment["id"]]
        assert spam[0]["flags"] == ["honeypot"]
        audit = await client.get(admin_path("blog", "/audit"), headers=ADMIN)
        entry = audit.json()["entries"][0]
        assert (entry["action"], entry["actor"], entry["comment_id"]) == (
            "comment.flagged",
            "spam-checks",
            comment["id"],
        )
        assert entry["detail"] == {"checks": ["honeypot"], "status": "spam"}
        assert (await read_thread(client))["comments"] == []

    async def test_blocked_word_spam_and_pending_verdicts(self, client):
        await make_site(client)
        await _configure(client, blocked_words={"words": ["casino"]})
        assert (await post_comment(client, "Best CASINO here"))["status"] == "spam"
        await _configure(client, blocked_words={"words": ["casino"], "verdict": "pending"})
        pending = await post_comment(client, "Best casino here")
        assert pending["status"] == "pending"
        waiting = (await queue(client))["comments"]
        assert [(c["id"], c["flags"]) for c in waiting] == [(pending["id"], ["blocked_words"])]
        one = await client.get(admin_path("blog", f"/comments/{pending['id']}"), headers=ADMIN)
        assert one.json()["flags"] == ["blocked_words"]
        clean = await post_comment(client, "Nothing to see")
        read = await client.get(admin_path("blog", f"/comments/{clean['id']}"), headers=ADMIN)
        assert read.json()["flags"] == []

    async def test_blocked_word_in_the_author_name(self, client):
        await make_site(client)
        await _configure(client, blocked_words={"patterns": ["*viagra*"]})
        assert (await post_comment(client, author_name="CheapViagra"))["status"] == "spam"

    async def test_too_many_links_waits_for_a_moderator(self, client):
        await make_site(client)
        body = " ".join(f"https://x{i}.example" for i in range(4))
        assert (await post_comment(client, body))["status"] == "pending"
        assert (await post_comment(client, "https://one.example"))["status"] == "approved"

    async def test_min_submit_time(self, client):
        await make_site(client)
        await _configure(client, min_submit_time={"enabled": True, "seconds": 3})
        assert (await post_comment(client, form_elapsed_ms=800))["status"] == "spam"
        assert (await post_comment(client, "Took my time", form_elapsed_ms=9000))[
            "status"
        ] == "approved"

    async def test_duplicates(self, client):
        await make_site(client)
        await _configure(client, duplicates={"enabled": True})
        text = "This exact comment text is posted twice."
        assert (await post_comment(client, text))["status"] == "approved"
        again = await post_comment(client, text, author_email="x@example.org", author_name="X")
        assert again["status"] == "spam"
        assert (await post_comment(client, "Short"))["status"] == "approved"
        assert (await post_comment(client, "Short"))["status"] == "approved"

    async def test_rate_limit_per_site_sends_to_pending(self, client):
        await make_site(client)
        await _configure(client, rate_limit={"enabled": True, "limit": "2/minute"})
        statuses = [(await post_comment(client, f"c{i}"))["status"] for i in range(4)]
        assert statuses == ["approved", "approved", "pending", "pending"]

    async def test_verdict_never_overrides_a_stricter_moderation_mode(self, client):
        await make_site(client, moderation="all")
        body = " ".join(f"https://x{i}.example" for i in range(4))
        assert (await post_comment(client, body))["status"] == "pending"
        assert (await post_comment(client, honeypot="x"))["status"] == "spam"

    async def test_verified_commenters_are_checked_too(self, client, app):
        await make_site(client)
        await _configure(client, blocked_words={"words": ["casino"]})
        _, token = await make_identity(app, "blog")
        spam = await post_comment(client, "casino", headers=bearer(token))
        assert spam["status"] == "spam"


@pytest.fixture
def stub(app):
    with akismet_stub() as running:
        replace_part(
            app, part(app, Settings).model_copy(update={"akismet_endpoint": running.endpoint})
        )
        yield running


class TestAkismet:
    async def _enable(self, client, **extra: Any) -> None:
        akismet = {
            "enabled": True,
            "api_key": VALID_KEY,
            "blog_url": "https://blog.example/",
            **extra,
        }
        await _configure(client, akismet=akismet)

    async def test_spam_and_ham(self, client, stub):
        await make_site(client)
        await self._enable(client)
        spam = await post_comment(client, author_name="viagra-test-123")
        assert spam["status"] == "spam"
        ham = await post_comment(client, "A thoughtful reply")
        assert ham["status"] == "approved"
        sent = stub.requests[-1]
        assert sent["path"] == f"/{VALID_KEY}/1.1/comment-check"
        assert sent["blog"] == "https://blog.example/"
        assert sent["user_ip"] == "127.0.0.1"
        assert sent["comment_content"] == "A thoughtful reply"
        assert sent["comment_author_email"] == "ada@example.org"
        assert sent["permalink"].startswith("https://blog.example/2026/hello-world")
        assert sent["comment_type"] == "comment"

    async def test_errors_send_to_pending_or_through(self, client, stub):
        await make_site(client)
        await self._enable(client, api_key="wrongkey999")
        assert (await post_comment(client))["status"] == "pending"
        await self._enable(client, on_error="allow")
        stub.broken = True
        assert (await post_comment(client, "Second"))["status"] == "approved"

    async def test_unreachable_akismet_is_an_error_not_a_500(self, client, app):
        await make_site(client)
        replace_part(
            app,
            part(app, Settings).model_copy(
                update={"akismet_endpoint": "http://127.0.0.1:9/{key}/1.1/comment-check"}
            ),
        )
        await self._enable(client)
        assert (await post_comment(client))["status"] == "pending"

    async def test_local_spam_is_never_sent_to_akismet(self, client, stub):
        await make_site(client)
        await self._enable(client)
        assert (await post_comment(client, honeypot="x"))["status"] == "spam"
        assert stub.requests == []


class TestAkismetOutsideTheWriteTransaction:
    async def test_other_comments_are_written_while_akismet_thinks(self, client, stub):
        await make_site(client)
        await make_site(client, site_id="other", origins=["https://other.example"])
        await TestAkismet()._enable(client)
        stub.delay_seconds = 1.5
        slow = asyncio.create_task(post_comment(client, "Checked by a slow Akismet"))
        # Wait until the slow comment is waiting on Akismet.
        assert await asyncio.to_thread(stub.received.wait, 10)
        other = await post_comment(
            client,
            "Posted meanwhile",
            site_id="other",
            url="https://other.example/post/",
            headers={"Origin": "https://other.example"},
        )
        assert other["status"] == "approved"
        assert not slow.done()  # written while the first was still waiting
        assert (await slow)["status"] == "approved"
