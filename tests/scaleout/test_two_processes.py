"""Two real processes, A and B, on one PostgreSQL database: what a load balancer in front of
them must be able to rely on."""

import signal
import threading

import httpx
import pytest
from sqlalchemy import select

from app.identity.profiles import Profile
from app.identity.service import issue_login_code, upsert_identity
from tests.builders import ADMIN, POST_URL, SITE_ID
from tests.identity.flow import new_verifier
from tests.live import live_servers
from tests.live_updates.sse import open_stream
from tests.scaleout.conftest import (
    WRITE_LIMIT,
    as_client,
    client_ip,
    needs_postgres_and_redis,
    run,
    server_env,
)
from tests.waiting import wait_until

pytestmark = needs_postgres_and_redis
COMMENTS = f"/api/v1/sites/{SITE_ID}/comments"


def post(base_url: str, body: str, ip: str | None = None, url: str = POST_URL) -> httpx.Response:
    payload = {
        "url": url,
        "title": "T",
        "body": body,
        "author_name": "Ada",
        "author_email": "ada@example.org",
    }
    return httpx.post(f"{base_url}{COMMENTS}", json=payload, headers=as_client(ip), timeout=30)


class TestStartTogether:
    def test_migrations_ran_once_and_both_processes_serve(self, redis_pair):
        a, b = redis_pair
        migrated = [s for s in (a, b) if "Running upgrade  -> 0001" in s.log()]
        assert len(migrated) == 1, [s.log()[-2000:] for s in (a, b)]
        for server in (a, b):
            assert httpx.get(f"{server.url}/readyz").json() == {"status": "ok"}


class TestCoherentReads:
    def test_a_comment_posted_on_a_is_read_and_counted_on_b(self, redis_pair):
        """B learns of A's commit through Redis within the documented bound (one second,
        app/db/changes.py; in practice the next read), so the read polls for it."""
        a, b = redis_pair
        url = f"{POST_URL}coherent"
        params = {"url": url}
        before = httpx.get(f"{b.url}{COMMENTS}", params=params)
        assert before.status_code == 200
        first = post(a.url, "warm the cache on B", url=url)
        assert first.status_code == 201, first.text
        warm = httpx.get(f"{b.url}{COMMENTS}", params=params)
        created = post(a.url, "posted on A", url=url)
        assert created.status_code == 201, created.text
        after = read_until_seen(b.url, url, created.json()["id"])
        assert after.headers["etag"] != warm.headers["etag"]
        unchanged = httpx.get(
            f"{b.url}{COMMENTS}", params=params, headers={"If-None-Match": after.headers["etag"]}
        )
        assert unchanged.status_code == 304
        counts = httpx.get(f"{b.url}/api/v1/sites/{SITE_ID}/counts", params={"url": url})
        assert counts.status_code == 200, counts.text
        assert counts.json()["counts"] == {url: 2}

    def test_a_write_on_a_reaches_the_cached_reads_of_b_by_subscription(self, redis_pair):
        """B answers cached reads from memory, told of A's commits through Redis pub/sub: the
        staleness bound is one second (app/db/changes.py), so this polls rather than assuming
        the next read."""
        a, b = redis_pair
        url = f"{POST_URL}subscribed"
        assert post(a.url, "first", url=url).status_code == 201
        warm = httpx.get(f"{b.url}{COMMENTS}", params={"url": url})
        assert httpx.get(f"{b.url}{COMMENTS}", params={"url": url}).json() == warm.json()
        created = post(a.url, "posted on A while B's page is cached", url=url)
        assert created.status_code == 201, created.text

        def seen() -> httpx.Response | None:
            page = httpx.get(f"{b.url}{COMMENTS}", params={"url": url})
            counts = httpx.get(f"{b.url}/api/v1/sites/{SITE_ID}/counts", params={"url": url})
            ids = [c["id"] for c in page.json()["comments"]]
            fresh = created.json()["id"] in ids and counts.json()["counts"] == {url: 2}
            return page if fresh else None

        page = wait_until(seen, "B's cached page and counts to hold A's write", within=30)
        assert page is not None
        assert page.headers["etag"] != warm.headers["etag"]


def read_until_seen(base: str, url: str, comment_id: int) -> httpx.Response:
    """B's thread page once it holds the comment (B follows A's commits within a second)."""

    def seen() -> httpx.Response | None:
        page = httpx.get(f"{base}{COMMENTS}", params={"url": url})
        return page if comment_id in [c["id"] for c in page.json()["comments"]] else None

    page = wait_until(seen, "B's thread page to hold A's write", within=30)
    assert page is not None
    return page


class TestSharedRateLimit:
    def test_the_write_limit_counts_writes_on_both_processes(self, redis_pair):
        a, b = redis_pair
        ip = client_ip()
        url = f"{POST_URL}limited"
        statuses = [
            post((a, b)[i % 2].url, f"n{i}", ip, url).status_code for i in range(WRITE_LIMIT)
        ]
        assert statuses == [201] * WRITE_LIMIT
        for server in (a, b):
            refused = post(server.url, "one too many", ip, url)
            assert refused.status_code == 429
            assert refused.json()["type"] == "/problems/rate-limited"
            assert int(refused.headers["retry-after"]) >= 1


class TestCredentials:
    def test_an_admin_token_and_a_commenter_session_work_on_both(self, redis_pair, empty_postgres):
        a, b = redis_pair
        for server in (a, b):
            listed = httpx.get(f"{server.url}/api/v1/admin/sites", headers=ADMIN)
            assert listed.status_code == 200, listed.text
        verifier = new_verifier()
        code = run(_login_code(empty_postgres, verifier))
        redeemed = httpx.post(
            f"{a.url}/api/v1/auth/token", json={"code": code, "verifier": verifier}
        )
        assert redeemed.status_code == 200, redeemed.text
        bearer = {"Authorization": f"Bearer {redeemed.json()['token']}"}
        for server in (a, b):
            me = httpx.get(f"{server.url}/api/v1/me", headers=bearer)
            assert me.status_code == 200, me.text
        posted = httpx.post(
            f"{b.url}{COMMENTS}",
            json={"url": POST_URL, "body": "logged in, on B"},
            headers={**as_client(), **bearer},
        )
        assert posted.status_code == 201, posted.text
        assert posted.json()["author"]["verified"] is True


async def _login_code(database_url: str, verifier: str) -> str:
    """What a provider's callback does: record the identity and issue a one-time code."""
    from base64 import urlsafe_b64encode
    from hashlib import sha256

    from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

    challenge = urlsafe_b64encode(sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    engine = create_async_engine(database_url)
    async with async_sessionmaker(engine)() as session:
        identity = await upsert_identity(session, Profile("github", "4242", "Grace"))
        code = await issue_login_code(
            session, identity, site_id=SITE_ID, challenge=challenge, ttl_seconds=120
        )
        await session.commit()
    await engine.dispose()
    return code


class TestLiveAcrossProcesses:
    @pytest.mark.parametrize("pair", ["redis_pair", "postgres_pair"])
    async def test_a_subscriber_on_b_gets_a_comment_posted_on_a(self, pair, request):
        """The event crosses processes (Redis pub/sub, or PostgreSQL's LISTEN/NOTIFY). How fast
        is a benchmark's question (bench/sse_bench.py): the deadline here only ends a hung wait."""
        a, b = request.getfixturevalue(pair)
        url = f"{POST_URL}live-{pair}"
        async with open_stream(b.url, SITE_ID, url) as stream:
            async with httpx.AsyncClient() as http:
                created = await http.post(
                    f"{a.url}{COMMENTS}",
                    json={
                        "url": url,
                        "title": "T",
                        "body": "from A",
                        "author_name": "Ada",
                        "author_email": "ada@example.org",
                    },
                    headers=as_client(),
                )
            assert created.status_code == 201, created.text
            event = await stream.next(within=20.0)
        assert (event.event, event.json()["id"]) == ("comment.created", created.json()["id"])


class TestGracefulShutdown:
    def test_sigterm_under_write_load_loses_no_acknowledged_write(
        self, redis_pair, empty_postgres, tmp_path
    ):
        env = server_env(PARLEY_REDIS_URL="")  # memory limits: load from many addresses
        with live_servers(empty_postgres, [tmp_path / "c"], env=env) as (victim,):
            url = f"{POST_URL}sigterm"
            acknowledged: list[int] = []
            failures: list[str] = []
            stop, signalled = threading.Event(), threading.Event()

            def writer() -> None:
                with httpx.Client(timeout=30) as http:
                    while not stop.is_set():
                        try:
                            response = http.post(
                                f"{victim.url}{COMMENTS}",
                                json={
                                    "url": url,
                                    "title": "T",
                                    "body": "x",
                                    "author_name": "A",
                                    "author_email": "a@example.org",
                                },
                                headers=as_client(),
                            )
                        except httpx.ConnectError:
                            return  # the listener is closed: the server has stopped accepting
                        except (httpx.ReadError, httpx.RemoteProtocolError) as exc:
                            # After SIGTERM the server closes idle keep-alive connections; a
                            # request sent on one at that moment gets no answer (HTTP/1.1's
                            # race): not acknowledged, so nothing to lose. Before: a failure.
                            if not signalled.is_set():
                                failures.append(repr(exc))
                            return
                        except httpx.TransportError as exc:
                            failures.append(repr(exc))
                            return
                        if response.status_code == 201:
                            acknowledged.append(response.json()["id"])
                        else:
                            failures.append(f"{response.status_code} {response.text[:200]}")

            threads = [threading.Thread(target=writer) for _ in range(6)]
            for thread in threads:
                thread.start()
            # SIGTERM while writes are under way: after the first acknowledged ones.
            wait_until(lambda: len(acknowledged) >= 20 or failures, "writes under way", within=120)
            signalled.set()
            victim.process.send_signal(signal.SIGTERM)
            exit_code = victim.process.wait(timeout=60)
            stop.set()
            for thread in threads:
                thread.join(timeout=30)
        # uvicorn ends by re-raising the signal it handled: a drained exit shows as SIGTERM.
        assert exit_code in (0, -signal.SIGTERM), victim.log()[-3000:]
        assert "Application shutdown complete" in victim.log()
        assert failures == []
        assert len(acknowledged) > 10
        stored = run(_comment_ids(empty_postgres, url))
        # Nothing acknowledged is lost, and nothing was written without its answer: every
        # request in flight at SIGTERM was finished (an unanswered one was never read).
        assert stored == set(acknowledged)


async def _comment_ids(database_url: str, post_url: str) -> set[int]:
    """Ids of the stored comments of one post."""
    from sqlalchemy.ext.asyncio import create_async_engine

    from app.comments.models import Comment, Thread
    from app.sites.urls import normalized_url

    query = (
        select(Comment.id)
        .join(Thread, Thread.id == Comment.thread_id)
        .where(Thread.url == normalized_url(post_url))
    )
    engine = create_async_engine(database_url)
    async with engine.connect() as conn:
        ids = set((await conn.scalars(query)).all())
    await engine.dispose()
    return ids
