"""Atom feeds of approved comments, read back with feedparser (no bozo warnings allowed)."""

from email.utils import format_datetime
from typing import Any

import feedparser
import httpx

from app.db.base import utcnow
from app.db.session import Database
from app.sites.urls import normalize_post_url
from tests.builders import ADMIN, POST_URL, SITE_ID, SITE_ORIGIN, make_site, post_comment
from tests.parts import part

OTHER_POST = f"{SITE_ORIGIN}/2026/second-post/"
# Links point to the thread's URL as Parley stores it (normalized), with the comment's anchor.
THREAD_URL, OTHER_THREAD_URL = normalize_post_url(POST_URL), normalize_post_url(OTHER_POST)


def feed_path(site_id: str = SITE_ID) -> str:
    return f"/api/v1/sites/{site_id}/feed.atom"


async def read_feed(
    client: httpx.AsyncClient, url: str | None = POST_URL, site_id: str = SITE_ID
) -> tuple[httpx.Response, Any]:
    params = {"url": url} if url is not None else {}
    request = client.build_request("GET", feed_path(site_id), params=params)
    del request.headers["Origin"]  # feed readers send none
    response = await client.send(request)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return response, parsed


class TestThreadFeed:
    async def test_approved_comments_newest_first(self, client):
        await make_site(client)
        first = await post_comment(client, "First *comment*")
        second = await post_comment(client, "A reply", parent_id=first["id"], author_name="Bob")
        await post_comment(client, "Elsewhere", url=OTHER_POST)
        response, parsed = await read_feed(client)
        assert parsed.feed.title == "Comments on Hello, world"
        assert [e.link for e in parsed.entries] == [
            f"{THREAD_URL}#comment-{second['id']}",
            f"{THREAD_URL}#comment-{first['id']}",
        ]
        entry = parsed.entries[1]
        assert entry.author == "Ada"
        assert entry.content[0].value == first["body_html"]
        assert entry.title == "Ada on Hello, world"
        assert any(link.rel == "self" for link in parsed.feed.links)
        assert b"ada@example.org" not in response.content

    async def test_pending_and_deleted_comments_are_left_out(self, client):
        await make_site(client, moderation="all")
        pending = await post_comment(client, "Waiting")
        _, parsed = await read_feed(client)
        assert parsed.entries == []
        approve = f"/api/v1/admin/sites/{SITE_ID}/comments/{pending['id']}/approve"
        assert (await client.post(approve, headers=ADMIN)).status_code == 200
        _, parsed = await read_feed(client)
        assert len(parsed.entries) == 1
        delete = f"/api/v1/admin/sites/{SITE_ID}/comments/{pending['id']}/delete"
        assert (await client.post(delete, headers=ADMIN)).status_code == 200
        _, parsed = await read_feed(client)
        assert parsed.entries == []

    async def test_a_post_without_comments_has_an_empty_feed(self, client):
        await make_site(client)
        _, parsed = await read_feed(client, f"{SITE_ORIGIN}/never-commented/")
        assert parsed.entries == []
        assert parsed.feed.title.startswith("Comments on ")

    async def test_bad_url_is_422_and_unknown_site_404(self, client):
        await make_site(client)
        response = await client.get(feed_path(), params={"url": "not a url"})
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        assert (await client.get(feed_path("nope"))).status_code == 404


class TestSiteFeed:
    async def test_recent_comments_of_every_thread_of_the_site_only(self, client):
        await make_site(client)
        await make_site(client, "other", origins=["https://other.example"])
        a = await post_comment(client, "On the first post")
        b = await post_comment(client, "On the second post", url=OTHER_POST)
        await post_comment(
            client,
            "Other site",
            site_id="other",
            url="https://other.example/p/",
            headers={"Origin": "https://other.example"},
        )
        _, parsed = await read_feed(client, url=None)
        assert parsed.feed.title == "Recent comments on Blog"
        assert [e.link for e in parsed.entries] == [
            f"{OTHER_THREAD_URL}#comment-{b['id']}",
            f"{THREAD_URL}#comment-{a['id']}",
        ]


class TestConditionalRequests:
    async def test_etag_and_last_modified_answer_304_until_something_changes(self, client):
        await make_site(client)
        await post_comment(client)
        response, _ = await read_feed(client)
        etag, modified = response.headers["etag"], response.headers["last-modified"]
        params = {"url": POST_URL}
        again = await client.get(feed_path(), params=params, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        since = await client.get(
            feed_path(), params=params, headers={"If-Modified-Since": modified}
        )
        assert since.status_code == 304
        await post_comment(client, "Something new")
        changed = await client.get(feed_path(), params=params, headers={"If-None-Match": etag})
        assert changed.status_code == 200 and changed.headers["etag"] != etag

    async def test_an_older_date_or_other_etag_gets_the_feed(self, client):
        await make_site(client)
        await post_comment(client)
        old = format_datetime(utcnow().replace(year=2020), usegmt=True)
        params = {"url": POST_URL}
        response = await client.get(feed_path(), params=params, headers={"If-Modified-Since": old})
        assert response.status_code == 200
        response = await client.get(feed_path(), params=params, headers={"If-None-Match": '"x"'})
        assert response.status_code == 200


class TestRowsWithControlCharacters:
    """Issue 23.3: rows stored before `Text` refused control characters still make valid feeds."""

    async def test_site_and_thread_feeds_stay_valid_xml(self, app, client):
        from sqlalchemy import update

        from app.comments.models import Comment, Thread

        await make_site(client)
        comment = await post_comment(client, "Hello")
        async with part(app, Database).write_sessions() as session:
            await session.execute(
                update(Comment)
                .where(Comment.id == comment["id"])
                .values(
                    body="a\x1bb", body_html="<p>a\x1b[31mb\x85c\x01</p>", author_name="A\x02da"
                )
            )
            await session.execute(update(Thread).values(title="Ti\x01tle\x7f"))
            await session.commit()
        _, parsed = await read_feed(client)
        (entry,) = parsed.entries
        assert entry.title == "Ada on Title"
        assert "a[31mbc" in entry.content[0].value
        _, site = await read_feed(client, url=None)
        assert site.entries[0].title == "Ada on Title"
