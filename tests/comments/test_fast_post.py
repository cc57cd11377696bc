"""Posting before routing (app/comments/fastpost.py): a JSON post is answered without the route,
exactly as the route answers it; whatever the route would refuse still reaches the route."""

import json

import pytest
from fastapi import Request

from app.comments import router
from tests.builders import POST_URL, SITE_ID, SITE_ORIGIN, make_site, read_thread

COMMENTS = f"/api/v1/sites/{SITE_ID}/comments"


def _comment(body: str, name: str = "Ada") -> dict[str, object]:
    return {
        "url": POST_URL,
        "title": "Hello, world",
        "body": body,
        "author_name": name,
        "author_email": "ada@example.org",
    }


@pytest.fixture
def routed(app):
    """The requests that reached the route: its `Posting` dependency, recorded. FastAPI looks
    overrides up per request; the fast path calls `get_posting` itself and is not recorded."""
    calls: list[str] = []

    async def recorded(request: Request) -> router.Posting:
        calls.append(request.url.path)
        return await router.get_posting(request)

    app.dependency_overrides[router.get_posting] = recorded
    yield calls
    app.dependency_overrides.pop(router.get_posting, None)


async def test_a_json_post_is_answered_before_routing_as_the_route_answers(client, routed):
    await make_site(client)
    fast = await client.post(COMMENTS, json=_comment("Fast *path* with `code`"))
    assert routed == []
    # A JSON media type other than application/json: the route parses it the same way.
    slow = await client.post(
        COMMENTS,
        content=json.dumps(_comment("Routed *path* with `code`", "Bea")),
        headers={"Content-Type": "application/vnd.example+json"},
    )
    assert routed == [COMMENTS]
    assert fast.status_code == slow.status_code == 201
    for header in ("content-type", "content-length"):
        assert header in fast.headers
    assert fast.headers["content-type"] == slow.headers["content-type"] == "application/json"
    created, reference = fast.json(), slow.json()
    assert created.keys() == reference.keys()
    assert created["body_html"] == "<p>Fast <em>path</em> with <code>code</code></p>"
    assert (created["status"], created["author"].keys()) == (
        reference["status"],
        reference["author"].keys(),
    )
    assert created["edit_token"] and created["edit_token"] != reference["edit_token"]
    thread = await read_thread(client)
    assert [c["id"] for c in thread["comments"]] == [
        created["id"],
        reference["id"],
    ]
    # The fast path's edit token is as good as the route's.
    edited = await client.patch(
        f"/api/v1/comments/{created['id']}",
        json={"body": "Edited"},
        headers={"X-Edit-Token": created["edit_token"], "Origin": SITE_ORIGIN},
    )
    assert edited.status_code == 200, edited.text


async def test_what_the_route_refuses_still_reaches_the_route(client, routed):
    await make_site(client)
    malformed = await client.post(
        COMMENTS, content=b'{"url": "x", ', headers={"Content-Type": "application/json"}
    )
    assert malformed.status_code == 422
    assert malformed.headers["content-type"] == "application/problem+json"
    assert malformed.json()["errors"][0]["type"] == "json_invalid"  # FastAPI's own words
    missing = await client.post(COMMENTS, json={"url": POST_URL})
    assert missing.status_code == 422
    assert any(e["loc"] == ["body", "body"] for e in missing.json()["errors"])
    not_json = await client.post(COMMENTS, content=b"body=hello")
    assert not_json.status_code == 422
    # The route answered them (FastAPI solves its dependencies only for a body it could read).
    assert routed and set(routed) == {COMMENTS}
    assert (await read_thread(client))["comments"] == []


async def test_domain_errors_on_the_fast_path_are_the_apps_problems(client, routed):
    await make_site(client)
    no_site = await client.post("/api/v1/sites/nosuch/comments", json=_comment("Hello"))
    assert no_site.status_code == 404
    assert no_site.headers["content-type"] == "application/problem+json"
    assert no_site.json()["type"] == "/problems/not-found"
    foreign = await client.post(
        COMMENTS, json=_comment("Hello"), headers={"Origin": "https://elsewhere.example"}
    )
    assert foreign.status_code == 403
    assert foreign.headers["content-type"] == "application/problem+json"
    assert routed == []  # answered before routing, as the route would have
    assert (await read_thread(client))["comments"] == []


async def test_a_fast_post_is_logged_under_the_routes_template(client, routed, caplog):
    await make_site(client)
    with caplog.at_level("INFO", logger="parley.request"):
        response = await client.post(COMMENTS, json=_comment("Logged"))
    assert response.status_code == 201 and routed == []
    routes = [getattr(r, "route", None) for r in caplog.records if r.name == "parley.request"]
    assert routes == ["/api/v1/sites/{site_id}/comments"]


def test_the_route_takes_nothing_the_fast_path_skips():
    """The fast path runs `get_posting` and the body's model, not FastAPI's dependency solving: a
    parameter or dependency added to the route alone would be skipped by most posts. Add it to
    `get_posting` (both paths run it) and to this list."""
    from fastapi.routing import APIRoute

    from app.ratelimit import limit_reads

    (route,) = [
        r
        for r in router.router.routes
        if isinstance(r, APIRoute) and r.path == "/api/v1/sites/{site_id}/comments"
        if "POST" in (r.methods or ())
    ]
    dependant = route.dependant
    assert {d.call for d in dependant.dependencies} == {limit_reads, router.get_posting}
    assert [p.name for p in dependant.path_params] == ["site_id"]
    assert [p.name for p in dependant.body_params] == ["data"]
    assert not (dependant.query_params or dependant.header_params or dependant.cookie_params)
    # `limit_reads` counts GET and HEAD only: a post passes it (app/ratelimit.py).
