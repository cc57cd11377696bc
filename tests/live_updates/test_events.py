"""GET /api/v1/sites/{site}/events: a thread's changes as server-sent events (one process,
in-memory fan-out), on every configured database, through a real HTTP server."""

from typing import Any

import pytest

from app.live.runtime import Live
from tests.builders import ADMIN, POST_URL, SITE_ID, SITE_ORIGIN, make_site, post_comment
from tests.conftest import make_settings
from tests.live_updates.sse import open_stream
from tests.parts import part
from tests.waiting import until


async def thread_view(http, comment_id: int, url: str = POST_URL) -> dict[str, Any]:
    """The comment as the thread read returns it (top level or nested), without replies."""
    page = (await http.get(f"/api/v1/sites/{SITE_ID}/comments", params={"url": url})).json()
    stack = list(page["comments"])
    while stack:
        comment: dict[str, Any] = stack.pop()
        if comment["id"] == comment_id:
            comment.pop("replies")
            return comment
        stack.extend(comment["replies"])
    raise AssertionError(f"comment {comment_id} not in the thread read")


class TestCommentEvents:
    async def test_a_new_comment_arrives_as_the_thread_read_shows_it(self, app, served, http, site):
        await post_comment(http, "First")  # the thread exists before the reader connects
        async with open_stream(served, SITE_ID, POST_URL) as stream:
            created = await post_comment(http, "Hello **live**")
            event = await stream.next()
        assert event.event == "comment.created"
        assert event.id is not None and event.id.isdigit()
        assert event.json() == await thread_view(http, created["id"])
        assert "<strong>live</strong>" in event.json()["body_html"]

    async def test_the_first_comment_of_a_post_reaches_a_reader_who_came_before_it(
        self, app, served, http, site
    ):
        async with open_stream(served, SITE_ID, POST_URL) as stream:
            created = await post_comment(http, "The very first")
            event = await stream.next()
        assert (event.event, event.json()["id"]) == ("comment.created", created["id"])

    async def test_edit_and_delete_arrive_in_order_with_increasing_ids(
        self, app, served, http, site
    ):
        created = await post_comment(http, "Typo")
        token = {"X-Edit-Token": created["edit_token"]}
        async with open_stream(served, SITE_ID, POST_URL) as stream:
            edited = await http.patch(
                f"/api/v1/comments/{created['id']}", json={"body": "Fixed"}, headers=token
            )
            assert edited.status_code == 200, edited.text
            updated = await stream.next()
            deleted = await http.delete(f"/api/v1/comments/{created['id']}", headers=token)
            assert deleted.status_code in (200, 204), deleted.text
            gone = await stream.next()
        assert updated.event == "comment.updated"
        assert updated.json()["body_html"].strip() == "<p>Fixed</p>"
        assert gone.event == "comment.deleted"
        assert (gone.json()["id"], gone.json()["status"]) == (created["id"], "deleted")
        assert gone.id is not None
        assert updated.id is not None
        assert int(gone.id) > int(updated.id)

    async def test_a_pending_comment_becomes_an_event_when_approved(self, app, served, http):
        await make_site(http, moderation="all")
        await post_comment(http, "Seen")  # pending too; creates the thread
        async with open_stream(served, SITE_ID, POST_URL) as stream:
            pending = await post_comment(http, "Held for review")
            assert pending["status"] == "pending"
            with pytest.raises(TimeoutError):
                await stream.next(within=0.5)
            approved = await http.post(
                f"/api/v1/admin/sites/{SITE_ID}/comments/{pending['id']}/approve", headers=ADMIN
            )
            assert approved.status_code == 200, approved.text
            event = await stream.next()
        assert event.event == "comment.created"
        assert event.json() == await thread_view(http, pending["id"])

    async def test_no_credentials_are_needed_and_the_sites_origin_may_read(
        self, served, http, site
    ):
        async with open_stream(served, SITE_ID, POST_URL, headers={"Origin": SITE_ORIGIN}) as s:
            headers = s.response.headers
        assert headers["content-type"].startswith("text/event-stream")
        assert headers["access-control-allow-origin"] == SITE_ORIGIN
        assert "access-control-allow-credentials" not in headers
        assert headers["x-accel-buffering"] == "no"


class TestReplay:
    async def test_last_event_id_replays_what_was_missed(self, app, served, http, site):
        async with open_stream(served, SITE_ID, POST_URL) as stream:
            seen = await post_comment(http, "one")
            assert seen["status"] == "approved"
            last_seen = await stream.next()
        missed = []  # posted while the reader was away
        for text in ("two", "three"):
            created = await post_comment(http, text)
            missed.append(created["id"])
        resume = {"Last-Event-ID": last_seen.id or ""}
        async with open_stream(served, SITE_ID, POST_URL, headers=resume) as stream:
            replayed = [await stream.next() for _ in missed]
            live = await post_comment(http, "four")
            after = await stream.next()
        assert [e.json()["id"] for e in replayed] == missed
        assert after.json()["id"] == live["id"]
        ids = [int(e.id or 0) for e in (last_seen, *replayed, after)]
        assert ids == sorted(set(ids))

    async def test_a_reader_up_to_date_gets_nothing_old(self, app, served, http, site):
        await post_comment(http, "old news")
        async with open_stream(served, SITE_ID, POST_URL) as stream:
            with pytest.raises(TimeoutError):
                await stream.next(within=0.5)

    async def test_a_pin_is_no_thread_closed_event_but_a_close_is(self, app, served, http, site):
        pinned = await post_comment(http, "Pin me")
        threads = await http.get(f"/api/v1/admin/sites/{SITE_ID}/threads", headers=ADMIN)
        thread_path = f"/api/v1/admin/sites/{SITE_ID}/threads/{threads.json()['threads'][0]['id']}"
        async with open_stream(served, SITE_ID, POST_URL) as stream:
            pin = {"closed": False, "pinned_comment_id": pinned["id"]}  # "closed" unchanged
            assert (await http.patch(thread_path, json=pin, headers=ADMIN)).status_code == 200
            with pytest.raises(TimeoutError):
                await stream.next(within=0.5)
            close = {"closed": True}
            assert (await http.patch(thread_path, json=close, headers=ADMIN)).status_code == 200
            event = await stream.next()
        assert event.event == "thread.closed"


class TestHeartbeat:
    @pytest.fixture
    def settings(self, database_url, tmp_path):
        return make_settings(database_url, tmp_path, live_ping_seconds=0.2)

    async def test_idle_streams_get_ping_comments(self, served, site):
        async with open_stream(served, SITE_ID, POST_URL) as stream:
            await stream.comment("ping", within=3)


class TestStreamCaps:
    @pytest.fixture
    def settings(self, database_url, tmp_path):
        return make_settings(database_url, tmp_path, live_max_streams_per_ip=2)

    async def test_one_address_gets_a_bounded_number_of_streams(self, app, served, http, site):
        async with open_stream(served, SITE_ID, POST_URL), open_stream(served, SITE_ID, POST_URL):
            refused = await http.get(f"/api/v1/sites/{SITE_ID}/events", params={"url": POST_URL})
        assert refused.status_code == 429
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["type"] == "/problems/too-many-streams"
        await until(lambda: part(app, Live).hub.count == 0, "closed streams to free their places")
        async with open_stream(served, SITE_ID, POST_URL):
            pass


class TestStreamCapsPerNetwork:
    @pytest.fixture
    def settings(self, database_url, tmp_path):
        return make_settings(
            database_url, tmp_path, live_max_streams_per_ip=2, trusted_proxies=["127.0.0.1"]
        )

    async def test_an_ipv6_reader_gets_one_cap_for_its_whole_64(self, served, http, site):
        """An IPv6 host has a /64 to pick addresses from: the cap counts the /64 (as the rate
        limits and bans do), and another /64 has places of its own."""

        def from_(ip: str) -> dict[str, str]:
            return {"X-Forwarded-For": ip, "Origin": SITE_ORIGIN}

        first, second = from_("2001:db8:1:2::10"), from_("2001:db8:1:2::20")
        async with (
            open_stream(served, SITE_ID, POST_URL, headers=first),
            open_stream(served, SITE_ID, POST_URL, headers=second),
        ):
            refused = await http.get(
                f"/api/v1/sites/{SITE_ID}/events",
                params={"url": POST_URL},
                headers=from_("2001:db8:1:2:ffff::1"),
            )
            assert refused.status_code == 429
            async with open_stream(served, SITE_ID, POST_URL, headers=from_("2001:db8:1:3::1")):
                pass


class TestBadRequests:
    async def test_unknown_site_is_404(self, http, site):
        response = await http.get("/api/v1/sites/nope/events", params={"url": POST_URL})
        assert response.status_code == 404
        assert response.json()["type"] == "/problems/not-found"

    async def test_invalid_post_url_is_422(self, http, site):
        response = await http.get(f"/api/v1/sites/{SITE_ID}/events", params={"url": "ftp://x"})
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
