"""Many writers at once on one thread, through a real multi-process server: nothing lost, counts exact."""

import asyncio
from typing import Any

import httpx
import pytest

from tests import dbs
from tests.builders import ADMIN, ADMIN_TOKEN, SITE_ORIGIN
from tests.live import live_server

WRITERS = 200


@pytest.fixture(scope="module")
def server(database_url, tmp_path_factory):
    """One two-worker server per database for the module (each start costs seconds of CPU); the
    tables are emptied after each test (`http`), and each test writes to a thread of its own."""
    with live_server(
        database_url,
        tmp_path_factory.mktemp("concurrency"),
        workers=2,
        PARLEY_ADMIN_TOKEN=ADMIN_TOKEN,
        PARLEY_TRUSTED_PROXIES="127.0.0.1",
    ) as url:
        yield url


@pytest.fixture
async def http(server, database_url):
    # Expire idle connections before the server does (5 s), so none is reused as it closes.
    limits = httpx.Limits(
        max_connections=WRITERS, max_keepalive_connections=WRITERS, keepalive_expiry=1
    )
    async with httpx.AsyncClient(base_url=server, limits=limits, timeout=60) as client:
        response = await client.post(
            "/api/v1/admin/sites", json={"id": "blog", "origins": [SITE_ORIGIN]}, headers=ADMIN
        )
        assert response.status_code == 201
        yield client
    await dbs.empty_all_tables(database_url)


def _comment(i: int, url: str, parent_id: int | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "url": url,
        "title": "Race",
        "body": f"comment {i}",
        "author_name": f"W{i}",
        "author_email": f"w{i}@example.org",
    }
    if parent_id:
        payload["parent_id"] = parent_id
    return payload


async def test_concurrent_first_posts_replies_and_votes(http):
    url = f"{SITE_ORIGIN}/brand-new-thread"
    # 1. Concurrent *first* posts: the thread does not exist yet.
    responses = await asyncio.gather(
        *[
            http.post(
                "/api/v1/sites/blog/comments",
                json=_comment(i, url),
                headers={"X-Forwarded-For": f"10.1.{i // 250}.{i % 250}", "Origin": SITE_ORIGIN},
            )
            for i in range(WRITERS)
        ]
    )
    assert [r.status_code for r in responses] == [201] * WRITERS, {
        r.text for r in responses if r.status_code != 201
    }
    ids = [r.json()["id"] for r in responses]
    assert len(set(ids)) == WRITERS

    # 2. Concurrent replies to one comment mixed with votes on it from distinct voters.
    target = ids[0]
    replies = [
        http.post(
            "/api/v1/sites/blog/comments",
            json=_comment(i, url, parent_id=target),
            headers={"X-Forwarded-For": f"10.2.{i // 250}.{i % 250}"},
        )
        for i in range(WRITERS // 2)
    ]
    votes = [
        http.post(
            f"/api/v1/comments/{target}/vote",
            json={"value": 1 if i % 4 else -1},
            headers={"X-Forwarded-For": f"10.3.{i // 250}.{i % 250}"},
        )
        for i in range(WRITERS)
    ]
    results = await asyncio.gather(*replies, *votes)
    assert all(r.status_code in (200, 201) for r in results), {
        r.text for r in results if r.status_code >= 300
    }

    page = (
        await http.get("/api/v1/sites/blog/comments", params={"url": url, "limit": 1000})
    ).json()
    assert page["thread"]["comment_count"] == WRITERS + WRITERS // 2
    assert len(page["comments"]) == WRITERS
    first = next(c for c in page["comments"] if c["id"] == target)
    assert len(first["replies"]) == WRITERS // 2
    expected_score = sum(1 if i % 4 else -1 for i in range(WRITERS))
    assert first["score"] == expected_score
    counts = (await http.get("/api/v1/sites/blog/counts", params={"url": url})).json()
    assert counts == {"counts": {url: WRITERS + WRITERS // 2}}


async def test_concurrent_votes_by_one_voter_count_once(http):
    url = f"{SITE_ORIGIN}/one-voter"
    created = (await http.post("/api/v1/sites/blog/comments", json=_comment(0, url))).json()
    results = await asyncio.gather(
        *[
            http.post(
                f"/api/v1/comments/{created['id']}/vote",
                json={"value": 1},
                headers={"X-Forwarded-For": "10.9.9.9"},
            )
            for _ in range(50)
        ]
    )
    assert all(r.status_code == 200 for r in results)
    page = (await http.get("/api/v1/sites/blog/comments", params={"url": url})).json()
    assert page["comments"][0]["score"] == 1
