"""Cross-cutting HTTP behaviour: problem+json everywhere, body limits, CORS, rate limits, health."""

import httpx
import pytest

from app.net import resolve_client_ip
from tests import dbs
from tests.builders import POST_URL, SITE_ID, SITE_ORIGIN, make_site, post_comment
from tests.conftest import make_settings


class TestProblems:
    async def test_unknown_route_is_problem_json(self, client):
        response = await client.get("/api/v1/nothing-here")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"] == "/problems/not-found"

    async def test_wrong_method_is_problem_json(self, client):
        response = await client.put("/api/v1/sites/blog/comments")
        assert response.status_code == 405
        assert response.json()["type"] == "/problems/method-not-allowed"

    async def test_malformed_json_is_422(self, client):
        await make_site(client)
        response = await client.post(
            f"/api/v1/sites/{SITE_ID}/comments",
            content=b"{not json",
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 422
        assert response.json()["errors"]

    async def test_body_over_limit_is_413(self, client):
        await make_site(client)
        response = await client.post(
            f"/api/v1/sites/{SITE_ID}/comments",
            content=b'{"body": "' + b"x" * 70_000 + b'"}',
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 413
        assert response.json()["type"] == "/problems/payload-too-large"

    async def test_health(self, client):
        assert (await client.get("/healthz")).json() == {"status": "ok"}
        assert (await client.get("/readyz")).json() == {"status": "ok"}


class TestCORS:
    async def test_preflight_allowed_for_site_origin(self, client):
        await make_site(client)
        response = await client.options(
            f"/api/v1/sites/{SITE_ID}/comments",
            headers={
                "Origin": SITE_ORIGIN,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type,authorization",
            },
        )
        assert response.status_code == 204
        assert response.headers["access-control-allow-origin"] == SITE_ORIGIN
        assert "Authorization" in response.headers["access-control-allow-headers"]

    async def test_other_sites_origin_gets_a_readable_403(self, client):
        # C2: the refused page may read why (no credentials), and nothing behind runs.
        await make_site(client)
        await make_site(client, "other", origins=["https://other.example"])
        response = await client.get(
            f"/api/v1/sites/{SITE_ID}/comments",
            params={"url": POST_URL},
            headers={"Origin": "https://other.example"},
        )
        assert response.status_code == 403
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"] == "/problems/origin-not-allowed"
        assert "https://other.example" in response.json()["detail"]
        assert response.headers["access-control-allow-origin"] == "https://other.example"
        assert "access-control-allow-credentials" not in response.headers
        posted = await client.post(
            f"/api/v1/sites/{SITE_ID}/comments",
            json={"url": POST_URL, "body": "hi", "author_name": "A", "author_email": "a@b.example"},
            headers={"Origin": "https://other.example"},
        )
        assert posted.status_code == 403
        assert (
            await client.get(f"/api/v1/sites/{SITE_ID}/comments", params={"url": POST_URL})
        ).json()["thread"]["comment_count"] == 0
        preflight = await client.options(
            f"/api/v1/sites/{SITE_ID}/comments",
            headers={"Origin": "https://other.example", "Access-Control-Request-Method": "POST"},
        )
        assert preflight.status_code == 204
        assert preflight.headers["access-control-allow-origin"] == "https://other.example"

    async def test_without_origin_nothing_changes(self, app, client):
        await make_site(client, origins=["https://other.example"])
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as curl:
            response = await curl.get(f"/api/v1/sites/{SITE_ID}/comments", params={"url": POST_URL})
        assert response.status_code == 200
        assert "access-control-allow-origin" not in response.headers

    async def test_simple_request_from_site_origin_gets_cors(self, client):
        await make_site(client)
        response = await client.get(
            f"/api/v1/sites/{SITE_ID}/comments",
            params={"url": POST_URL},
            headers={"Origin": SITE_ORIGIN},
        )
        assert response.headers["access-control-allow-origin"] == SITE_ORIGIN
        assert "ETag" in response.headers["access-control-expose-headers"]


class TestRateLimit:
    @pytest.fixture
    def settings(self, database_url, tmp_path):
        return make_settings(database_url, tmp_path, write_rate_limit="3/minute")

    async def test_writes_over_limit_get_429_with_retry_after(self, client):
        await make_site(client)
        for _ in range(3):
            await post_comment(client)
        problem = await post_comment(client, expect=429)
        assert problem["type"] == "/problems/rate-limited"
        response = await client.post(
            f"/api/v1/sites/{SITE_ID}/comments",
            json={"url": POST_URL, "body": "x", "author_name": "A", "author_email": "a@b.example"},
        )
        assert int(response.headers["retry-after"]) >= 1
        # reads are not limited
        assert (
            await client.get(f"/api/v1/sites/{SITE_ID}/comments", params={"url": POST_URL})
        ).status_code == 200


class TestSharedRateLimit:
    """With PARLEY_REDIS_URL the limit is shared by every app process."""

    @pytest.fixture
    def settings(self, database_url, tmp_path):
        import uuid

        if not dbs.REDIS_URL:
            pytest.skip("no Redis answered (PARLEY_TEST_REDIS_URL)")
        # a fresh limit string per run keeps counters of earlier runs out of the way; the
        # worker's own Redis database, those of a test running at the same moment
        return make_settings(
            database_url,
            tmp_path,
            redis_url=dbs.private_redis_url(),
            write_rate_limit=f"2/{uuid.uuid4().int % 1000 + 1000} seconds",
        )

    async def test_two_apps_share_one_limit(self, app, settings):
        import httpx
        from asgi_lifespan import LifespanManager

        from app.main import create_app

        second = create_app(settings)
        async with LifespanManager(second):
            first_client = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://a",
                headers={"Origin": SITE_ORIGIN},
            )
            second_client = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=second),
                base_url="http://b",
                headers={"Origin": SITE_ORIGIN},
            )
            async with first_client, second_client:
                await make_site(first_client)
                await post_comment(first_client)
                await post_comment(second_client)
                await post_comment(first_client, expect=429)
                await post_comment(second_client, expect=429)


class TestClientIP:
    def test_forwarded_for_ignored_without_trusted_proxy(self):
        assert resolve_client_ip("10.0.0.1", "1.2.3.4", ()) == "10.0.0.1"

    def test_forwarded_for_believed_through_trusted_proxy(self):
        assert resolve_client_ip("10.0.0.1", "6.6.6.6, 1.2.3.4", ("10.0.0.0/8",)) == "1.2.3.4"

    def test_spoofed_leftmost_hop_is_not_believed(self):
        assert (
            resolve_client_ip("10.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.2", ("10.0.0.0/8",))
            == "1.2.3.4"
        )

    def test_untrusted_peer_cannot_spoof(self):
        assert resolve_client_ip("8.8.8.8", "1.1.1.1", ("10.0.0.0/8",)) == "8.8.8.8"


class TestBaseURL:
    async def test_links_follow_the_host_and_a_server_given_as_a_list(self, app, client):
        """Absolute links come from the Host header (else the server's address); ASGI lets a
        server give its address as a list, which must work as a tuple does."""
        await make_site(client)
        await post_comment(client, "linked")
        for server, host, base in (
            (["10.1.2.3", 8080], None, "http://10.1.2.3:8080"),
            (("10.1.2.3", 8080), b"blog.example.com", "http://blog.example.com"),
            (["10.1.2.3", 8080], b"other.example:81", "http://other.example:81"),
        ):
            sent: list[dict] = []
            headers = [(b"origin", SITE_ORIGIN.encode())] + ([(b"host", host)] if host else [])
            scope = {
                "type": "http",
                "asgi": {"version": "3.0"},
                "http_version": "1.1",
                "method": "GET",
                "scheme": "http",
                "path": f"/api/v1/sites/{SITE_ID}/comments",
                "raw_path": f"/api/v1/sites/{SITE_ID}/comments".encode(),
                "root_path": "",
                "query_string": str(httpx.QueryParams({"url": POST_URL})).encode(),
                "headers": headers,
                "client": ("127.0.0.1", 5000),
                "server": server,
            }

            async def receive() -> dict:
                return {"type": "http.request", "body": b"", "more_body": False}

            async def send(message: dict, sent: list[dict] = sent) -> None:
                sent.append(message)

            await app(scope, receive, send)
            assert sent[0]["status"] == 200
            body = b"".join(m.get("body", b"") for m in sent[1:])
            (comment,) = httpx.Response(200, content=body).json()["comments"]
            assert comment["author"]["avatar_url"].startswith(f"{base}/api/v1/avatars/")
