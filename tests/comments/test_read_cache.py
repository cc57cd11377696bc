"""Cached thread pages never outlive a change: writes through the API, by another connection or
process (the CLI, another worker), and moderation all make the next read fresh; ETags follow."""

import asyncio
import subprocess
import sys

import pytest
from sqlalchemy.engine import make_url

from app.comments.cache import PageCache
from app.config import Settings
from app.db.changes import STALENESS_SECONDS
from tests import dbs
from tests.builders import ADMIN, POST_URL, SITE_ORIGIN, make_site, post_comment
from tests.conftest import client_of, running_app
from tests.parts import change_token, part
from tests.waiting import until

THREAD = "/api/v1/sites/blog/comments"
COUNTS = "/api/v1/sites/blog/counts"


async def _read(client, **headers):
    return await client.get(THREAD, params={"url": POST_URL}, headers=headers)


class TestCachedReads:
    async def test_a_new_comment_is_in_the_next_read(self, client):
        await make_site(client)
        await post_comment(client, "first")
        before = await _read(client)
        assert (await _read(client)).headers["etag"] == before.headers["etag"]
        await post_comment(client, "second")
        after = await _read(client)
        assert [c["body_html"] for c in after.json()["comments"]] == [
            "<p>first</p>",
            "<p>second</p>",
        ]
        assert after.headers["etag"] != before.headers["etag"]

    async def test_unchanged_thread_answers_304(self, client):
        await make_site(client)
        await post_comment(client)
        etag = (await _read(client)).headers["etag"]
        again = await _read(client, **{"If-None-Match": etag})
        assert again.status_code == 304
        assert again.headers["etag"] == etag
        assert again.content == b""

    async def test_moderation_changes_the_page(self, client):
        await make_site(client)
        comment = await post_comment(client)
        etag = (await _read(client)).headers["etag"]
        response = await client.post(
            f"/api/v1/admin/sites/blog/comments/{comment['id']}/spam", headers=ADMIN
        )
        assert response.status_code == 200
        fresh = await _read(client, **{"If-None-Match": etag})
        assert fresh.status_code == 200
        assert fresh.json()["comments"] == []

    async def test_a_commit_by_another_process_is_seen(self, client, database_url):
        await make_site(client)
        await post_comment(client, "first")
        etag = (await _read(client)).headers["etag"]
        await _read(client)  # the page is now on the fast path
        _close_thread_elsewhere(database_url)
        fresh = await _read(client, **{"If-None-Match": etag})
        assert fresh.status_code == 200
        assert fresh.json()["thread"]["closed"] is True

    async def test_concurrent_posts_are_each_in_the_next_read_of_another_app(
        self, client, settings
    ):
        # On PostgreSQL concurrent posts to one thread share their after-commit bumps: each
        # answer must still come after a bump that followed its own commit.
        await make_site(client)
        await post_comment(client, "first")
        async with running_app(settings) as other_app, client_of(other_app) as other:
            await _read(other)
            await _read(other)  # the other app now serves the page from its cache

            async def post_then_read_elsewhere(n: int) -> tuple[int, set[int]]:
                comment = await post_comment(client, f"comment number {n}")
                page = (await _read(other)).json()["comments"]
                return comment["id"], {c["id"] for c in page}

            results = await asyncio.gather(*(post_then_read_elsewhere(n) for n in range(12)))
        for comment_id, seen in results:
            assert comment_id in seen
        assert len({comment_id for comment_id, _ in results}) == 12

    async def test_gzip_when_asked(self, client):
        await make_site(client)
        for i in range(5):
            await post_comment(
                client, f"A comment long enough to be worth compressing, number {i}."
            )
        plain = await _read(client, **{"Accept-Encoding": "identity"})
        packed = await _read(client, **{"Accept-Encoding": "gzip"})
        assert "content-encoding" not in plain.headers
        assert packed.headers["content-encoding"] == "gzip"
        assert packed.json() == plain.json()  # httpx decodes it
        assert int(packed.headers["content-length"]) < len(plain.content)

    async def test_personal_reads_are_not_cached(self, client, app):
        from tests.moderation.conftest import bearer, make_identity

        await make_site(client)
        await post_comment(client)
        _, token = await make_identity(app, "blog")
        mine = await client.get(THREAD, params={"url": POST_URL}, headers=bearer(token))
        assert mine.headers["cache-control"] == "private, no-store"
        assert "etag" not in mine.headers

    async def test_readers_of_a_page_being_rebuilt_wait_for_that_one_rebuild(self, client, app):
        from tests.comments.test_query_count import counting_queries

        await make_site(client)
        await post_comment(client, "first")
        await _read(client)
        await post_comment(client, "second")  # the remembered page is stale now
        with counting_queries(app) as statements:
            pages = await asyncio.gather(*(_read(client) for _ in range(20)))
        assert {p.status_code for p in pages} == {200}
        assert {p.headers["etag"] for p in pages} == {pages[0].headers["etag"]}
        assert [c["body_html"] for c in pages[-1].json()["comments"]] == [
            "<p>first</p>",
            "<p>second</p>",
        ]
        built = [s for s in statements if "FROM comments" in s and "ORDER BY" in s]
        assert len(built) == 1  # one page of comments read, not one per reader

    async def test_readers_of_a_page_being_revalidated_wait_for_that_one_check(self, client, app):
        from tests.comments.test_query_count import counting_queries

        await make_site(client)
        await post_comment(client, "first")
        first = await _read(client)
        await post_comment(client, "elsewhere", url=f"{SITE_ORIGIN}/other")  # the token moves
        with counting_queries(app) as statements:
            pages = await asyncio.gather(*(_read(client) for _ in range(20)))
        assert {p.headers["etag"] for p in pages} == {first.headers["etag"]}
        if await change_token(app).current() is not None:
            # One check of the thread's fingerprint for them all (two when the token, which also
            # names the second, ticked over during the round).
            assert 1 <= len(statements) <= 2


def _close_thread_elsewhere(database_url: str) -> None:
    _elsewhere(database_url, "UPDATE threads SET closed = true, version = version + 1")


def _approve_all_elsewhere(database_url: str) -> None:
    _elsewhere(database_url, "UPDATE comments SET status = 'approved'")


def _elsewhere(database_url: str, statement: str) -> None:
    """Another process changes the database behind the app's back, as the CLI would."""
    url = make_url(database_url)
    if url.drivername.startswith("sqlite"):
        code = f"import sqlite3; c = sqlite3.connect({url.database!r}); c.execute({statement!r}); c.commit()"
    else:
        dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        code = (
            "import asyncio, asyncpg\n"
            f"async def main():\n    c = await asyncpg.connect({dsn!r})\n"
            f"    await c.execute({statement!r})\n    await c.close()\n"
            "asyncio.run(main())"
        )
    subprocess.run([sys.executable, "-c", code], check=True)


class TestRevalidation:
    """A commit moves the change token for every thread; a remembered page whose thread and site
    did not change is still served by the fast path after one indexed query (and filed under the
    new token), not rebuilt by the route. Without a token (PostgreSQL alone) every read asks."""

    @staticmethod
    def route_lookups(app) -> list[object]:
        """The route's version-key lookups: the fast path never makes one."""
        cache = part(app, PageCache)
        seen: list[object] = []
        get = cache.get

        def spy(key):
            seen.append(key)
            return get(key)

        cache.get = spy  # type: ignore[method-assign]
        return seen

    async def test_a_comment_elsewhere_keeps_the_page(self, client, app, database_url):
        from tests.comments.test_query_count import counting_queries

        await make_site(client)
        await post_comment(client, "here")
        first = await _read(client)
        await post_comment(client, "elsewhere", url=f"{SITE_ORIGIN}/other/")
        lookups = self.route_lookups(app)
        with counting_queries(app) as statements:
            again = await _read(client)
        assert again.status_code == 200
        assert again.content == first.content
        assert again.headers["etag"] == first.headers["etag"]
        assert len(statements) == 1 and "threads" in statements[0]  # the thread's head alone
        with counting_queries(app) as statements:
            unchanged = await _read(client, **{"If-None-Match": first.headers["etag"]})
        assert unchanged.status_code == 304
        sqlite = database_url.startswith("sqlite")
        assert len(statements) == (0 if sqlite else 1)  # SQLite: filed under the new token
        assert lookups == []

    async def test_a_comment_here_is_in_the_next_read(self, client, app):
        await make_site(client)
        await post_comment(client, "first")
        first = await _read(client)
        await post_comment(client, "elsewhere", url=f"{SITE_ORIGIN}/other/")
        assert (await _read(client)).headers["etag"] == first.headers["etag"]
        await post_comment(client, "second")
        after = await _read(client, **{"If-None-Match": first.headers["etag"]})
        assert after.status_code == 200
        assert [c["body_html"] for c in after.json()["comments"]] == [
            "<p>first</p>",
            "<p>second</p>",
        ]

    async def test_a_site_setting_is_in_the_next_read(self, client):
        await make_site(client)
        await post_comment(client, "first")
        first = await _read(client)
        assert first.json()["thread"]["closed"] is False
        closed = await client.patch(
            "/api/v1/admin/sites/blog", json={"closed": True}, headers=ADMIN
        )
        assert closed.status_code == 200, closed.text
        after = await _read(client)
        assert after.json()["thread"]["closed"] is True
        assert after.headers["etag"] != first.headers["etag"]

    async def test_the_html_thread_is_revalidated_too(self, client, app):
        await make_site(client)
        await post_comment(client, "here")
        params = {"url": POST_URL}
        first = await client.get("/api/v1/sites/blog/thread.html", params=params)
        assert first.status_code == 200
        await post_comment(client, "elsewhere", url=f"{SITE_ORIGIN}/other/")
        lookups = self.route_lookups(app)
        again = await client.get("/api/v1/sites/blog/thread.html", params=params)
        assert again.headers["etag"] == first.headers["etag"]
        assert lookups == []
        await post_comment(client, "also here")
        changed = await client.get("/api/v1/sites/blog/thread.html", params=params)
        assert "also here" in changed.text
        assert changed.headers["etag"] != first.headers["etag"]


class TestCachedCounts:
    async def test_counts_follow_every_write(self, client, app):
        from tests.comments.test_query_count import counting_queries

        await make_site(client)
        other = f"{SITE_ORIGIN}/other/"
        params = [("url", POST_URL), ("url", other)]
        first = await client.get("/api/v1/sites/blog/counts", params=params)
        assert first.json() == {"counts": {POST_URL: 0, other: 0}}
        with counting_queries(app) as statements:
            again = await client.get("/api/v1/sites/blog/counts", params=params)
        assert again.json() == first.json()
        assert statements == [] or not await change_token(app).current()
        await post_comment(client)
        after = await client.get(
            "/api/v1/sites/blog/counts",
            params=params,
            headers={"If-None-Match": first.headers["etag"]},
        )
        assert after.status_code == 200
        assert after.json() == {"counts": {POST_URL: 1, other: 0}}

    async def test_counts_without_a_change_token_skip_the_route(
        self, client, app, database_url, monkeypatch
    ):
        """PostgreSQL alone keeps no counts (no token): the fast path counts (one query) and
        answers as the route does: same bytes, ETag and headers, 304, 404 and 422 unchanged."""
        if database_url.startswith("sqlite"):
            pytest.skip("SQLite has a change token: its counts are kept and served from memory")
        from app.comments import reads
        from tests.comments.test_query_count import counting_queries

        await make_site(client)
        await post_comment(client)
        other = f"{SITE_ORIGIN}/other/"
        params = [("url", POST_URL), ("url", other)]
        # An Authorization header sends a read to the route, whatever it is.
        routed = await client.get(COUNTS, params=params, headers={"Authorization": "Bearer x"})
        route_calls: list[str] = []
        counts = reads.counts

        async def spy(*args, **kwargs):
            route_calls.append("counts")
            return await counts(*args, **kwargs)

        monkeypatch.setattr(reads, "counts", spy)
        with counting_queries(app) as statements:
            fast = await client.get(COUNTS, params=params, headers={"Accept-Encoding": "identity"})
        assert (fast.status_code, fast.content) == (200, routed.content)
        assert fast.json() == {"counts": {POST_URL: 1, other: 0}}
        for header in ("etag", "cache-control", "content-type", "vary"):
            assert fast.headers[header] == routed.headers[header], header
        assert len(statements) == 1 and route_calls == []
        etag = fast.headers["etag"]
        unchanged = await client.get(COUNTS, params=params, headers={"If-None-Match": etag})
        assert unchanged.status_code == 304
        await post_comment(client, "Another")  # never stale: counted on every read
        moved = await client.get(COUNTS, params=params, headers={"If-None-Match": etag})
        assert (moved.status_code, moved.json()["counts"][POST_URL]) == (200, 2)
        assert route_calls == []
        # What the route refuses, it still answers: no site, a bad URL, too many, none.
        assert (await client.get("/api/v1/sites/nosuch/counts", params=params)).status_code == 404
        bad = await client.get(COUNTS, params={"url": "javascript:alert(1)"})
        assert bad.status_code == 422
        assert bad.headers["content-type"] == "application/problem+json"
        many = [("url", f"{SITE_ORIGIN}/p{i}/") for i in range(101)]
        assert (await client.get(COUNTS, params=many)).status_code == 422
        assert (await client.get(COUNTS)).status_code == 422
        assert len(route_calls) == 2  # the unknown site and the bad URL went to the route

    async def test_long_lists_are_posted(self, client):
        await make_site(client)
        await post_comment(client)
        urls = [POST_URL] + [f"{SITE_ORIGIN}/post-{i}/" for i in range(300)]
        response = await client.post("/api/v1/sites/blog/counts", json={"urls": urls})
        assert response.status_code == 200
        counts = response.json()["counts"]
        assert len(counts) == 301
        assert counts[POST_URL] == 1
        too_many = await client.post("/api/v1/sites/blog/counts", json={"urls": [POST_URL] * 1001})
        assert too_many.status_code == 422

    async def test_posted_counts_are_cached_until_any_commit(self, client, app, database_url):
        """Same cache, same freshness rule: no query while nothing was committed; a comment,
        a moderation action or another process's commit shows in the next answer."""
        from tests.comments.test_query_count import counting_queries

        await make_site(client)
        other = f"{SITE_ORIGIN}/other/"
        body = {"urls": [POST_URL, other]}

        async def counted() -> dict[str, int]:
            response = await client.post("/api/v1/sites/blog/counts", json=body)
            assert response.status_code == 200
            assert response.headers["content-type"] == "application/json"
            counts: dict[str, int] = response.json()["counts"]
            return counts

        assert await counted() == {POST_URL: 0, other: 0}
        with counting_queries(app) as statements:
            assert await counted() == {POST_URL: 0, other: 0}
        assert statements == [] or not await change_token(app).current()
        comment = await post_comment(client)
        assert await counted() == {POST_URL: 1, other: 0}
        spam = await client.post(
            f"/api/v1/admin/sites/blog/comments/{comment['id']}/spam", headers=ADMIN
        )
        assert spam.status_code == 200
        assert await counted() == {POST_URL: 0, other: 0}
        _approve_all_elsewhere(database_url)
        assert await counted() == {POST_URL: 1, other: 0}


class TestCachedReadsOnPostgresWithRedis(TestCachedReads):
    """PostgreSQL with Redis: the same guarantees, and a cached read makes no database query
    (the change token is a counter in Redis that every committing writer bumps)."""

    @pytest.fixture
    def settings(self, settings: Settings, database_url: str) -> Settings:
        if database_url.startswith("sqlite") or not dbs.REDIS_URL:
            pytest.skip("PostgreSQL with Redis only (SQLite has its own token)")
        return settings.model_copy(update={"redis_url": dbs.private_redis_url()})

    async def test_a_cached_read_asks_postgresql_nothing(self, client, app):
        from tests.comments.test_query_count import counting_queries

        await make_site(client)
        await post_comment(client, "first")
        first = await _read(client)
        with counting_queries(app) as statements:
            again = await _read(client)
            counts = await client.get("/api/v1/sites/blog/counts", params={"url": POST_URL})
            counts_again = await client.get("/api/v1/sites/blog/counts", params={"url": POST_URL})
        assert again.json() == first.json()
        assert counts.json() == counts_again.json() == {"counts": {POST_URL: 1}}
        # A hit now and then misses (the token also names the second: the staleness bound), so
        # the proof is a round of reads that asks PostgreSQL nothing, among a few.
        for _ in range(5):
            with counting_queries(app) as statements:
                await _read(client)
                await client.get("/api/v1/sites/blog/counts", params={"url": POST_URL})
            if not statements:
                break
        assert statements == []

    async def test_a_commit_by_another_process_is_seen(self, client, database_url):
        """A write outside Parley (a psql shell) bumps no counter: seen within the bound."""
        await make_site(client)
        await post_comment(client, "first")
        await _read(client)
        await _read(client)  # the page is now on the fast path
        _close_thread_elsewhere(database_url)

        async def closed() -> bool:
            return bool((await _read(client)).json()["thread"]["closed"])

        # The deadline is the documented staleness bound (with slack): what this test checks.
        await until(
            closed,
            "the other process's commit (stale past the bound)",
            within=3 * STALENESS_SECONDS,
        )


async def test_counts_asked_without_the_route_match_the_route_on_both_databases(client, app):
    """`reads.current_counts` (the fast path's, on a bare connection) counts as the route does,
    on PostgreSQL with its array statement and on SQLite (no token before its first commit)."""
    from app.comments import reads
    from app.db.session import Database

    await make_site(client)
    await post_comment(client)
    await post_comment(client, "Second", author_name="Eve")
    # The same post with its host in capitals: counted under the URL as given.
    urls = [POST_URL, f"{SITE_ORIGIN}/other/", POST_URL.replace("blog.example", "BLOG.example")]
    routed = await client.get(COUNTS, params=[("url", u) for u in urls])
    counted = await reads.current_counts(part(app, Database), "blog", urls)
    assert counted.model_dump() == routed.json()
    assert list(routed.json()["counts"].values()) == [2, 0, 2]
    assert reads.counts_page(counted).etag == routed.headers["etag"]
