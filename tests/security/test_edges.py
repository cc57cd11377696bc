"""Finding 7, the smaller gaps: timestamps at the datetime limits, deeply nested JSON, IPv6 /64s,
one voter per person, chunked bodies over the limit, read rate limits, file modes, strict types,
`Allow` and 405."""

import os
import stat
from collections.abc import AsyncIterator

import pytest

from app.config import Settings
from app.db.session import make_engine
from app.serve import demo_admin_token
from tests.builders import ADMIN, POST_URL, SITE_ID, make_site, post_comment, read_thread
from tests.conftest import make_settings
from tests.moderation.conftest import admin_path, bearer, make_identity

DEEP = 20_000  # 40 KB, under the body limit; far past Python's recursion limit


def deep_json(depth: int = DEEP) -> bytes:
    return b'{"body": ' + b"[" * depth + b"]" * depth + b"}"


class TestTimestamps:
    @pytest.mark.parametrize(
        "expires_at", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "9999-12-31"]
    )
    async def test_ban_expiry_at_the_datetime_limits_is_422(self, client, expires_at):
        await make_site(client)
        comment = await post_comment(client)
        response = await client.post(
            admin_path("blog", "/bans"),
            json={"kind": "ip", "comment_id": comment["id"], "expires_at": expires_at},
            headers=ADMIN,
        )
        assert response.status_code == 422, response.text
        assert (await client.get(admin_path("blog", "/bans"), headers=ADMIN)).json()["bans"] == []


class TestNestedJSON:
    @pytest.mark.parametrize(
        ("method", "path"),
        [
            ("POST", "/api/v1/sites/blog/comments"),
            ("PATCH", "/api/v1/admin/sites/blog"),
            ("POST", "/api/v1/admin/sites/blog/comments/bulk"),
            ("POST", "/api/v1/comments/1/vote"),
            ("POST", "/api/v1/admin/tokens"),
        ],
    )
    async def test_deep_nesting_is_422_before_parsing(self, client, method, path):
        await make_site(client)
        response = await client.request(
            method,
            path,
            content=deep_json(),
            headers={**ADMIN, "Content-Type": "application/json"},
        )
        assert response.status_code == 422, response.text
        assert "nested" in response.json()["detail"]

    async def test_brackets_inside_strings_do_not_count(self, client):
        await make_site(client)
        await post_comment(client, "[" * 500 + "{" * 500)
        assert (await read_thread(client))["comments"][0]["body_html"]


class TestChunkedBody:
    async def test_a_chunked_body_over_the_limit_is_413(self, client):
        await make_site(client)

        async def chunks() -> AsyncIterator[bytes]:
            yield b'{"body": "'
            for _ in range(100):
                yield b"x" * 1024
            yield b'"}'

        for content_type in ("application/json", "text/plain"):
            response = await client.post(
                f"/api/v1/sites/{SITE_ID}/comments",
                content=chunks(),
                headers={"Content-Type": content_type},
            )
            assert "content-length" not in response.request.headers
            assert response.status_code == 413, (content_type, response.text)
            assert response.json()["type"] == "/problems/payload-too-large"


class TestIPv6Networks:
    @pytest.fixture
    def settings(self, database_url, tmp_path):
        return make_settings(
            database_url, tmp_path, trusted_proxies=["127.0.0.1"], write_rate_limit="3/minute"
        )

    def _from(self, address: str) -> dict[str, str]:
        return {"X-Forwarded-For": address}

    async def test_votes_from_one_64_count_once(self, client):
        await make_site(client)
        comment = await post_comment(client, headers=self._from("2001:db8:1:1::1"))
        for address in ("2001:db8:1:1::2", "2001:db8:1:1:ffff::9"):
            vote = await client.post(
                f"/api/v1/comments/{comment['id']}/vote",
                json={"value": 1},
                headers=self._from(address),
            )
            assert vote.status_code == 200
        assert vote.json()["score"] == 1
        other = await client.post(
            f"/api/v1/comments/{comment['id']}/vote",
            json={"value": 1},
            headers=self._from("2001:db8:1:2::1"),
        )
        assert other.json()["score"] == 2

    async def test_one_64_is_one_rate_limit_bucket(self, client):
        await make_site(client)
        for i in range(3):
            await post_comment(client, f"Comment {i}", headers=self._from(f"2001:db8::{i + 1}"))
        refused = await post_comment(client, headers=self._from("2001:db8::abcd"), expect=429)
        assert refused["type"] == "/problems/rate-limited"
        await post_comment(client, headers=self._from("2001:db8:0:1::1"))

    async def test_a_ban_by_address_covers_the_64(self, client):
        await make_site(client)
        comment = await post_comment(client, headers=self._from("2001:db8:5:5::1"))
        ban = await client.post(
            admin_path("blog", "/bans"),
            json={"kind": "ip", "comment_id": comment["id"]},
            headers=ADMIN,
        )
        assert ban.status_code == 201
        refused = await post_comment(client, headers=self._from("2001:db8:5:5::77"), expect=403)
        assert refused["type"] == "/problems/banned"


class TestOneVoterPerPerson:
    async def test_a_logged_in_vote_replaces_the_same_persons_guest_vote(self, app, client):
        await make_site(client)
        comment = await post_comment(client)
        path = f"/api/v1/comments/{comment['id']}/vote"
        assert (await client.post(path, json={"value": 1})).json()["score"] == 1
        _, token = await make_identity(app, "blog")
        logged_in = await client.post(path, json={"value": 1}, headers=bearer(token))
        assert logged_in.json()["score"] == 1


class TestReadRateLimit:
    @pytest.fixture
    def settings(self, database_url, tmp_path):
        return make_settings(database_url, tmp_path, read_rate_limit="3/minute")

    async def test_public_reads_over_the_limit_get_429(self, client):
        await make_site(client)
        for _ in range(3):
            assert (
                await client.get("/api/v1/sites/blog/comments", params={"url": POST_URL})
            ).status_code == 200
        response = await client.get("/api/v1/sites/blog")
        assert response.status_code == 429
        assert response.json()["type"] == "/problems/rate-limited"
        assert int(response.headers["retry-after"]) >= 1
        # Admin routes are not public reads.
        assert (await client.get("/api/v1/admin/sites", headers=ADMIN)).status_code == 200

    async def test_a_cached_read_counts_once_and_over_the_limit_asks_nothing(self, app, client):
        """A remembered page whose thread changed is counted by the fast path, which then
        hands the read to the route: counted once, not twice. Over the limit, the 429 costs no
        query."""
        from tests.comments.test_query_count import counting_queries

        await make_site(client)
        await post_comment(client, "first")
        params = {"url": POST_URL}
        thread = "/api/v1/sites/blog/comments"
        assert (await client.get(thread, params=params)).status_code == 200  # read 1: the route
        await post_comment(client, "second")  # the remembered page is stale now
        second = await client.get(thread, params=params)  # read 2: fast path, then the route
        assert second.status_code == 200
        assert len(second.json()["comments"]) == 2
        assert (await client.get(thread, params=params)).status_code == 200  # read 3
        with counting_queries(app) as statements:
            over = await client.get(thread, params=params)
        assert over.status_code == 429
        assert statements == []

    @pytest.mark.parametrize(
        "path",
        ["/api/v1/sites/blog/feed.atom", "/api/v1/sites/blog/events?url=" + POST_URL],
    )
    async def test_feeds_and_event_streams_count_as_reads(self, client, path):
        await make_site(client)
        await post_comment(client)  # a thread for the stream
        for _ in range(3):
            assert (await client.get("/api/v1/sites/blog")).status_code == 200
        response = await client.get(path)
        assert response.status_code == 429
        assert response.json()["type"] == "/problems/rate-limited"


def _mode(path: os.PathLike[str] | str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


class TestDataFiles:
    @pytest.fixture(autouse=True)
    def permissive_umask(self):
        old = os.umask(0o022)
        yield
        os.umask(old)

    async def test_sqlite_database_is_created_0600(self, tmp_path):
        path = tmp_path / "data" / "parley.db"
        engine = make_engine(f"sqlite+aiosqlite:///{path}")
        async with engine.connect() as connection:
            await connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        await engine.dispose()
        assert _mode(path) == 0o600
        assert _mode(path.parent) == 0o700

    def test_generated_secret_key_is_0600(self, tmp_path):
        settings = Settings(env="dev", data_dir=tmp_path / "data", secret_key="")
        key = settings.resolved_secret_key()
        assert len(key) > 40
        assert _mode(tmp_path / "data" / "secret.key") == 0o600

    def test_demo_admin_token_is_0600(self, tmp_path):
        settings = Settings(env="dev", data_dir=tmp_path / "data")
        assert demo_admin_token(settings)
        assert _mode(tmp_path / "data" / "admin-token") == 0o600


class TestStrictTypes:
    @pytest.mark.parametrize("value", [True, "1", 1.0, False])
    async def test_a_vote_must_be_an_integer(self, client, value):
        await make_site(client)
        comment = await post_comment(client)
        response = await client.post(
            f"/api/v1/comments/{comment['id']}/vote", json={"value": value}
        )
        assert response.status_code == 422, response.text

    @pytest.mark.parametrize(
        "change",
        [
            {"closed": 1},
            {"closed": "true"},
            {"max_depth": "3"},
            {"max_depth": True},
            {"edit_window_seconds": 60.0},
            {"spam_settings": {"links": {"enabled": 1}}},
            {"spam_settings": {"links": {"max_links": "3"}}},
        ],
    )
    async def test_site_settings_are_strict(self, client, change):
        await make_site(client)
        response = await client.patch(admin_path("blog"), json=change, headers=ADMIN)
        assert response.status_code == 422, response.text

    async def test_ids_in_bodies_are_strict(self, client):
        await make_site(client)
        comment = await post_comment(client)
        response = await client.post(
            admin_path("blog", "/comments/bulk"),
            json={"ids": [str(comment["id"])], "action": "approve"},
            headers=ADMIN,
        )
        assert response.status_code == 422


class TestMethods:
    async def test_options_lists_every_method_of_the_path(self, client):
        await make_site(client)
        response = await client.options("/api/v1/admin/sites/blog")
        assert response.status_code == 204
        allowed = {m.strip() for m in response.headers["allow"].split(",")}
        assert {"GET", "PATCH", "OPTIONS"} <= allowed

    @pytest.mark.parametrize(
        ("method", "path", "methods"),
        [
            ("PUT", "/api/v1/admin/sites/blog", {"GET", "PATCH"}),
            ("DELETE", "/api/v1/admin/sites", {"GET", "POST"}),
            ("PUT", "/api/v1/sites/blog/comments", {"GET", "POST"}),
            ("POST", "/api/v1/admin/sites/blog/comments/1", {"GET", "PATCH"}),
        ],
    )
    async def test_an_undeclared_method_is_405_without_credentials(
        self, client, method, path, methods
    ):
        response = await client.request(method, path)
        assert response.status_code == 405, response.text
        assert response.json()["type"] == "/problems/method-not-allowed"
        allowed = {m.strip() for m in response.headers["allow"].split(",")}
        assert methods <= allowed
        assert method not in allowed
