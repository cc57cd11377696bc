"""The public comments API, end to end through HTTP on real databases."""

from datetime import timedelta

import pytest

from tests.builders import (
    ADMIN,
    POST_URL,
    SITE_ID,
    SITE_ORIGIN,
    make_site,
    post_comment,
    read_thread,
)


@pytest.fixture
async def site(client):
    return await make_site(client)


class TestCreateComment:
    async def test_guest_comment_is_rendered_sanitized_and_returns_edit_token(self, client, site):
        created = await post_comment(
            client,
            "Hi **there** <script>alert(1)</script> [x](javascript:alert(1)) https://ok.example",
        )
        assert created["status"] == "approved"
        assert created["edit_token"]
        html = created["body_html"]
        assert "<strong>there</strong>" in html
        assert "<script>" not in html and "&lt;script&gt;" in html
        assert 'href="javascript' not in html
        assert '<a href="https://ok.example" rel="nofollow ugc noopener">' in html
        assert created["author"]["name"] == "Ada"
        assert created["author"]["verified"] is False
        assert created["author"]["provider"] is None

    async def test_email_never_returned_and_avatar_does_not_reveal_it(self, client, site):
        import hashlib

        created = await post_comment(client, author_email="Secret.Person@example.org")
        page = await read_thread(client)
        for document in (created, page):
            text = str(document).lower()
            assert "secret.person" not in text
            assert hashlib.md5(b"secret.person@example.org").hexdigest() not in text
        avatar = created["author"]["avatar_url"]
        assert avatar.startswith("http://testserver/api/v1/avatars/") and avatar.endswith(".svg")
        response = await client.get(avatar)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("image/svg+xml")

    async def test_reply_nests_under_parent(self, client, site):
        parent = await post_comment(client, "First")
        reply = await post_comment(client, "Second", parent_id=parent["id"])
        nested = await post_comment(client, "Third", parent_id=reply["id"])
        page = await read_thread(client)
        assert [c["id"] for c in page["comments"]] == [parent["id"]]
        assert page["comments"][0]["replies"][0]["id"] == reply["id"]
        assert page["comments"][0]["replies"][0]["replies"][0]["id"] == nested["id"]
        assert nested["parent_id"] == reply["id"]

    async def test_parent_from_another_thread_is_refused(self, client, site):
        other = await post_comment(client, url=f"{SITE_ORIGIN}/other")
        problem = await post_comment(client, parent_id=other["id"], expect=422)
        assert problem["type"] == "/problems/invalid-input"

    async def test_url_outside_site_origins_is_refused(self, client, site):
        problem = await post_comment(client, url="https://evil.example/post", expect=422)
        assert problem["type"] == "/problems/url-not-on-site"

    async def test_wrong_origin_header_is_refused(self, client, site):
        problem = await post_comment(client, headers={"Origin": "https://evil.example"}, expect=403)
        assert problem["type"] == "/problems/origin-not-allowed"

    @pytest.mark.parametrize("body", ["", "   \n\t  "])
    async def test_empty_body_is_refused(self, client, site, body):
        problem = await post_comment(client, body, expect=422)
        assert problem["status"] == 422

    async def test_too_long_body_is_refused(self, client, site):
        await post_comment(client, "x" * 10_001, expect=422)

    async def test_unknown_field_is_refused(self, client, site):
        await post_comment(client, surprise="yes", expect=422)

    async def test_nul_characters_are_refused_not_500(self, client, site):
        problem = await post_comment(client, "bad\x00body", expect=422)
        assert problem["type"] == "/problems/invalid-input"

    async def test_name_and_email_required_by_default_policy(self, client, site):
        await post_comment(client, author_email=None, expect=422)
        await post_comment(client, author_name=None, expect=422)

    async def test_anonymous_policy_allows_no_name(self, client):
        await make_site(client, guest_policy="anonymous")
        created = await post_comment(client, author_name=None, author_email=None)
        assert created["author"]["name"] == "Anonymous"

    async def test_oauth_only_policy_refuses_guests(self, client):
        await make_site(client, guest_policy="oauth_only")
        problem = await post_comment(client, expect=403)
        assert problem["type"] == "/problems/guests-not-allowed"

    async def test_unknown_site_is_404(self, client, site):
        problem = await post_comment(client, site_id="nope", expect=404)
        assert problem["type"] == "/problems/not-found"

    async def test_closed_site_refuses_comments(self, client, site):
        await client.patch(f"/api/v1/admin/sites/{SITE_ID}", json={"closed": True}, headers=ADMIN)
        problem = await post_comment(client, expect=403)
        assert problem["type"] == "/problems/thread-closed"
        page = await read_thread(client)
        assert page["thread"]["closed"] is True

    async def test_honeypot_sends_comment_to_spam_not_the_thread(self, client, site):
        created = await post_comment(client, honeypot="http://buy.example")
        assert created["status"] == "spam"
        assert (await read_thread(client))["comments"] == []

    async def test_website_must_be_http(self, client, site):
        await post_comment(client, author_website="javascript:alert(1)", expect=422)
        created = await post_comment(client, author_website="ada.example")
        assert created["author"]["website"] == "https://ada.example"

    async def test_thread_title_is_stored(self, client, site):
        await post_comment(client, title="Hello, world")
        page = await read_thread(client)
        assert page["thread"]["title"] == "Hello, world"


class TestModerationModes:
    async def test_all_mode_holds_every_comment(self, client):
        await make_site(client, moderation="all")
        created = await post_comment(client)
        assert created["status"] == "pending"
        page = await read_thread(client)
        assert page["comments"] == [] and page["thread"]["comment_count"] == 0

    async def test_pending_comment_readable_by_its_author_only(self, client):
        await make_site(client, moderation="all")
        created = await post_comment(client)
        anonymous = await client.get(f"/api/v1/comments/{created['id']}")
        assert anonymous.status_code == 404
        own = await client.get(
            f"/api/v1/comments/{created['id']}", headers={"X-Edit-Token": created["edit_token"]}
        )
        assert own.status_code == 200 and own.json()["status"] == "pending"

    async def test_first_time_mode_holds_only_unknown_commenters(self, client):
        await make_site(client, moderation="first_time")
        first = await post_comment(client)
        assert first["status"] == "pending"
        second = await post_comment(client)
        assert second["status"] == "pending"  # still nothing approved for this email
        response = await client.post(
            f"/api/v1/admin/sites/{SITE_ID}/comments/{first['id']}/approve", headers=ADMIN
        )
        assert response.status_code == 200, response.text
        third = await post_comment(client)
        assert third["status"] == "approved"


class TestReadThread:
    async def test_unknown_thread_is_empty(self, client, site):
        page = await read_thread(client, url=f"{SITE_ORIGIN}/never")
        assert page.pop("site")["id"] == SITE_ID
        assert page == {
            "thread": {
                "url": f"{SITE_ORIGIN}/never",
                "title": "",
                "comment_count": 0,
                "closed": False,
            },
            "comments": [],
            "next_cursor": None,
        }

    async def test_equivalent_urls_share_one_thread(self, client, site):
        await post_comment(client, url=f"{SITE_ORIGIN}/post/?utm_source=x#c1")
        await post_comment(client, url=f"{SITE_ORIGIN.upper()}:443/post")
        page = await read_thread(client, url=f"{SITE_ORIGIN}/post?fbclid=123")
        assert page["thread"]["comment_count"] == 2
        assert page["thread"]["url"] == f"{SITE_ORIGIN}/post"

    async def test_invalid_url_is_422(self, client, site):
        response = await client.get(
            f"/api/v1/sites/{SITE_ID}/comments", params={"url": "not a url"}
        )
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"

    async def test_sorting(self, client, site):
        a = await post_comment(client, "a")
        b = await post_comment(client, "b")
        c = await post_comment(client, "c")
        await client.post(f"/api/v1/comments/{b['id']}/vote", json={"value": 1})
        ids = lambda page: [x["id"] for x in page["comments"]]  # noqa: E731
        assert ids(await read_thread(client, sort="oldest")) == [a["id"], b["id"], c["id"]]
        assert ids(await read_thread(client, sort="newest")) == [c["id"], b["id"], a["id"]]
        assert ids(await read_thread(client, sort="top")) == [b["id"], a["id"], c["id"]]

    @pytest.mark.parametrize("sort", ["oldest", "newest", "top"])
    async def test_cursor_pagination_visits_every_root_once(self, client, site, sort):
        roots = [await post_comment(client, f"root {i}") for i in range(7)]
        await post_comment(client, "reply", parent_id=roots[3]["id"])
        seen, cursor = [], None
        while True:
            params = {"sort": sort, "limit": 3, **({"cursor": cursor} if cursor else {})}
            page = await read_thread(client, **params)
            assert page["thread"]["comment_count"] == 8
            seen += [c["id"] for c in page["comments"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert sorted(seen) == sorted(r["id"] for r in roots)
        assert len(seen) == len(set(seen))

    async def test_bad_cursor_is_422(self, client, site):
        for cursor in ("garbage", "W10", "WyJvbGRlc3QiXQ"):
            response = await client.get(
                f"/api/v1/sites/{SITE_ID}/comments", params={"url": POST_URL, "cursor": cursor}
            )
            assert response.status_code == 422, cursor

    async def test_limit_bounds(self, client, site):
        for limit in (0, 1001):
            response = await client.get(
                f"/api/v1/sites/{SITE_ID}/comments", params={"url": POST_URL, "limit": limit}
            )
            assert response.status_code == 422
        await read_thread(client, limit=1000)

    async def test_etag_answers_304_until_thread_changes(self, client, site):
        await post_comment(client)
        first = await client.get(f"/api/v1/sites/{SITE_ID}/comments", params={"url": POST_URL})
        etag = first.headers["etag"]
        again = await client.get(
            f"/api/v1/sites/{SITE_ID}/comments",
            params={"url": POST_URL},
            headers={"If-None-Match": etag},
        )
        assert again.status_code == 304
        await post_comment(client, "new")
        changed = await client.get(
            f"/api/v1/sites/{SITE_ID}/comments",
            params={"url": POST_URL},
            headers={"If-None-Match": etag},
        )
        assert changed.status_code == 200
        assert changed.json()["thread"]["comment_count"] == 2


class TestEditAndDelete:
    async def test_guest_edits_with_edit_token(self, client, site):
        created = await post_comment(client, "Original")
        response = await client.patch(
            f"/api/v1/comments/{created['id']}",
            json={"body": "Edited *text*"},
            headers={"X-Edit-Token": created["edit_token"]},
        )
        assert response.status_code == 200
        assert response.json()["body_html"] == "<p>Edited <em>text</em></p>"
        assert response.json()["edited_at"] is not None
        page = await read_thread(client)
        assert page["comments"][0]["body_html"] == "<p>Edited <em>text</em></p>"

    async def test_edit_without_or_with_wrong_token_is_refused(self, client, site):
        created = await post_comment(client)
        for headers in ({}, {"X-Edit-Token": "wrong"}):
            response = await client.patch(
                f"/api/v1/comments/{created['id']}", json={"body": "hijack"}, headers=headers
            )
            assert response.status_code == 403
            assert response.json()["type"] == "/problems/not-the-author"

    async def test_edit_window_closes(self, client):
        await make_site(client, edit_window_seconds=0)
        created = await post_comment(client)
        response = await client.patch(
            f"/api/v1/comments/{created['id']}",
            json={"body": "late"},
            headers={"X-Edit-Token": created["edit_token"]},
        )
        assert response.status_code == 403
        assert response.json()["type"] == "/problems/edit-window-closed"

    async def test_delete_leaf_removes_it(self, client, site):
        created = await post_comment(client)
        response = await client.delete(
            f"/api/v1/comments/{created['id']}", headers={"X-Edit-Token": created["edit_token"]}
        )
        assert response.status_code == 204
        page = await read_thread(client)
        assert page["comments"] == [] and page["thread"]["comment_count"] == 0
        assert (await client.get(f"/api/v1/comments/{created['id']}")).status_code == 404

    async def test_delete_with_replies_keeps_placeholder(self, client, site):
        parent = await post_comment(client, "Parent")
        reply = await post_comment(client, "Reply", parent_id=parent["id"])
        await client.delete(
            f"/api/v1/comments/{parent['id']}", headers={"X-Edit-Token": parent["edit_token"]}
        )
        page = await read_thread(client)
        placeholder = page["comments"][0]
        assert placeholder["id"] == parent["id"]
        assert placeholder["status"] == "deleted"
        assert placeholder["body_html"] == "" and placeholder["author"]["name"] == ""
        assert placeholder["replies"][0]["id"] == reply["id"]
        assert page["thread"]["comment_count"] == 1

    async def test_edit_of_missing_comment_is_404(self, client, site):
        response = await client.patch("/api/v1/comments/999999", json={"body": "x"})
        assert response.status_code == 404

    async def test_huge_comment_id_is_422_not_500(self, client, site):
        response = await client.get(f"/api/v1/comments/{2**40}")
        assert response.status_code == 422


class TestVote:
    async def test_vote_change_and_withdraw(self, client, site):
        created = await post_comment(client)
        path = f"/api/v1/comments/{created['id']}/vote"
        assert (await client.post(path, json={"value": 1})).json() == {"score": 1, "value": 1}
        assert (await client.post(path, json={"value": 1})).json() == {"score": 1, "value": 1}
        assert (await client.post(path, json={"value": -1})).json() == {"score": -1, "value": -1}
        assert (await client.post(path, json={"value": 0})).json() == {"score": 0, "value": 0}

    async def test_invalid_vote_value(self, client, site):
        created = await post_comment(client)
        response = await client.post(f"/api/v1/comments/{created['id']}/vote", json={"value": 5})
        assert response.status_code == 422

    async def test_vote_on_missing_comment(self, client, site):
        response = await client.post("/api/v1/comments/424242/vote", json={"value": 1})
        assert response.status_code == 404


class TestCounts:
    async def test_counts_by_url_as_given(self, client, site):
        one, two, none = (
            f"{SITE_ORIGIN}/one/",
            f"{SITE_ORIGIN}/two?utm_medium=x",
            f"{SITE_ORIGIN}/none",
        )
        await post_comment(client, url=one)
        await post_comment(client, url=f"{SITE_ORIGIN}/two")
        await post_comment(client, url=f"{SITE_ORIGIN}/two")
        await post_comment(client, url=f"{SITE_ORIGIN}/two", honeypot="spam")
        response = await client.get(
            f"/api/v1/sites/{SITE_ID}/counts", params=[("url", one), ("url", two), ("url", none)]
        )
        assert response.status_code == 200
        assert response.json() == {"counts": {one: 1, two: 2, none: 0}}

    async def test_more_than_100_urls_is_422(self, client, site):
        params = [("url", f"{SITE_ORIGIN}/p{i}") for i in range(101)]
        response = await client.get(f"/api/v1/sites/{SITE_ID}/counts", params=params)
        assert response.status_code == 422

    async def test_counts_unknown_site(self, client, site):
        response = await client.get("/api/v1/sites/nope/counts", params={"url": POST_URL})
        assert response.status_code == 404


def test_edit_window_default_is_fifteen_minutes():
    from app.sites.models import Site

    assert Site.__table__.c.edit_window_seconds.default.arg == int(
        timedelta(minutes=15).total_seconds()
    )
