"""Who may do what: tokens (root, all-sites, one site, revoked), moderators, and every admin
endpoint refused across sites, without a credential, and with a bad one."""

from typing import Any

import httpx
import pytest

from app.db.session import Database
from tests.builders import ADMIN, make_site, post_comment
from tests.moderation.conftest import (
    Sites,
    admin_path,
    audit_actions,
    bearer,
    make_identity,
    make_token,
    queue,
)
from tests.parts import part

OTHER_ORIGIN = "https://other.example"


async def _seed_other(client: httpx.AsyncClient) -> dict[str, Any]:
    """A pending comment, its thread and a ban on site 'other' — what attackers aim at."""
    response = await client.patch(admin_path("other"), json={"moderation": "all"}, headers=ADMIN)
    assert response.status_code == 200
    comment = await post_comment(
        client, site_id="other", url=f"{OTHER_ORIGIN}/p", headers={"Origin": OTHER_ORIGIN}
    )
    item = (await queue(client, "other"))["comments"][0]
    ban = await client.post(
        admin_path("other", "/bans"),
        json={"kind": "ip", "comment_id": comment["id"]},
        headers=ADMIN,
    )
    assert ban.status_code == 201
    return {"cid": comment["id"], "tid": item["thread"]["id"], "bid": ban.json()["id"]}


def _site_endpoints(ids: dict[str, Any], identity_id: int) -> list[tuple[str, str, Any]]:
    cid, tid, bid = ids["cid"], ids["tid"], ids["bid"]
    endpoints: list[tuple[str, str, Any]] = [
        ("GET", "", None),
        ("PATCH", "", {"moderation": "none"}),
        ("GET", "/comments", None),
        ("GET", "/comments/counts", None),
        ("POST", "/comments/bulk", {"ids": [cid], "action": "approve"}),
        ("GET", f"/comments/{cid}", None),
        ("PATCH", f"/comments/{cid}", {"body": "defaced"}),
        ("GET", "/threads", None),
        ("PATCH", f"/threads/{tid}", {"closed": True}),
        ("GET", "/audit", None),
        ("GET", "/bans", None),
        ("POST", "/bans", {"kind": "ip", "comment_id": cid}),
        ("DELETE", f"/bans/{bid}", None),
        ("GET", "/moderators", None),
        ("PUT", f"/moderators/{identity_id}", None),
        ("DELETE", f"/moderators/{identity_id}", None),
        ("POST", "/privacy/export", {"email": "ada@example.org"}),
        ("POST", "/privacy/erase", {"email": "ada@example.org"}),
    ]
    endpoints += [
        ("POST", f"/comments/{cid}/{a}", None)
        for a in ("approve", "spam", "delete", "restore", "purge")
    ]
    return [(m, admin_path("other", p), body) for m, p, body in endpoints]


async def _assert_other_untouched(client: httpx.AsyncClient, ids: dict[str, Any]) -> None:
    pending = (await queue(client, "other"))["comments"]
    assert [c["id"] for c in pending] == [ids["cid"]]
    assert pending[0]["body"] == "Nice post!"
    assert pending[0]["thread"]["closed"] is False
    assert [
        b["id"]
        for b in (await client.get(admin_path("other", "/bans"), headers=ADMIN)).json()["bans"]
    ] == [ids["bid"]]
    # Newest first: the attacker's requests left no entry after the seeding's.
    assert await audit_actions(client, "other") == [
        ("ban.create", ids["cid"]),
        ("site.update", None),
        ("token.create", None),
    ]
    site = (await client.get(admin_path("other"), headers=ADMIN)).json()
    assert site["moderation"] == "all"


class TestCrossSite:
    @pytest.mark.parametrize("credential", ["a_token", "a_moderator"])
    async def test_every_endpoint_of_site_b_refuses_site_a(
        self, app, client, sites: Sites, credential
    ):
        ids = await _seed_other(client)
        headers = bearer(getattr(sites, credential))
        identity_id, _ = await make_identity(app, "other", name="Target")
        for method, path, body in _site_endpoints(ids, identity_id):
            response = await client.request(method, path, json=body, headers=headers)
            assert response.status_code == 403, (method, path, response.text)
            assert response.json()["type"] == "/problems/forbidden"
        await _assert_other_untouched(client, ids)

    async def test_no_credential_and_bad_credentials_are_401(self, client, sites: Sites):
        ids = await _seed_other(client)
        for headers in ({}, bearer("not-a-token"), {"Authorization": "Basic abc"}):
            for method, path, body in _site_endpoints(ids, sites.a_moderator_id):
                response = await client.request(method, path, json=body, headers=headers)
                assert response.status_code == 401, (method, path, response.text)
        await _assert_other_untouched(client, ids)

    async def test_site_a_credentials_still_work_on_site_a(self, client, sites: Sites):
        await post_comment(client)
        for token in (sites.a_token, sites.a_moderator):
            assert (
                len(
                    (await queue(client, "blog", headers=bearer(token), status="approved"))[
                        "comments"
                    ]
                )
                == 1
            )

    async def test_site_list_shows_only_the_credentials_sites(self, client, sites: Sites):
        for token in (sites.a_token, sites.a_moderator):
            listed = await client.get("/api/v1/admin/sites", headers=bearer(token))
            assert [s["id"] for s in listed.json()["sites"]] == ["blog"]

    async def test_site_scoped_credentials_cannot_touch_tokens(self, client, sites: Sites):
        created = await make_token(client, "victim", "other")
        for token in (sites.a_token, sites.a_moderator):
            for method, path, body in (
                ("GET", "/api/v1/admin/tokens", None),
                ("POST", "/api/v1/admin/tokens", {"name": "x", "site_id": "blog"}),
                ("POST", "/api/v1/admin/tokens", {"name": "x"}),
                ("DELETE", f"/api/v1/admin/tokens/{created['id']}", None),
            ):
                response = await client.request(method, path, json=body, headers=bearer(token))
                assert response.status_code == 403, (method, path)
        assert (
            await client.get(admin_path("other"), headers=bearer(created["token"]))
        ).status_code == 200

    async def test_moderator_of_a_cannot_use_an_admin_token_route_of_a(self, client, sites: Sites):
        headers = bearer(sites.a_moderator)
        for method, path, body in (
            ("GET", "/moderators", None),
            ("PUT", f"/moderators/{sites.a_moderator_id}", None),
            ("POST", "/privacy/export", {"email": "x@example.org"}),
            ("POST", "/privacy/erase", {"email": "x@example.org"}),
        ):
            response = await client.request(
                method, admin_path("blog", path), json=body, headers=headers
            )
            assert response.status_code == 403, path


class TestTokens:
    async def test_create_is_shown_once_and_stored_hashed(self, client, app):
        await make_site(client)
        created = await make_token(client, "ci", "blog")
        assert created["site_id"] == "blog"
        listed = (await client.get("/api/v1/admin/tokens", headers=ADMIN)).json()["tokens"]
        assert created["token"] not in str(listed)
        assert [t["name"] for t in listed] == ["ci"]

    async def test_last_used_is_recorded_even_on_reads(self, client):
        await make_site(client)
        created = await make_token(client, "ci", "blog")
        assert (
            await client.get(admin_path("blog", "/comments"), headers=bearer(created["token"]))
        ).status_code == 200
        listed = (await client.get("/api/v1/admin/tokens", headers=ADMIN)).json()["tokens"]
        assert listed[0]["last_used_at"] is not None

    async def test_revoked_token_is_refused(self, client):
        await make_site(client)
        created = await make_token(client, "ci", "blog")
        response = await client.delete(f"/api/v1/admin/tokens/{created['id']}", headers=ADMIN)
        assert response.status_code == 204
        refused = await client.get(
            admin_path("blog", "/comments"), headers=bearer(created["token"])
        )
        assert refused.status_code == 401
        assert "revoked" in refused.json()["detail"]
        listed = (await client.get("/api/v1/admin/tokens", headers=ADMIN)).json()["tokens"]
        assert listed[0]["revoked_at"] is not None

    async def test_all_sites_token_administers_every_site_and_tokens(self, client):
        await make_site(client)
        await make_site(client, "other", origins=[OTHER_ORIGIN])
        everything = await make_token(client, "ops", None)
        headers = bearer(everything["token"])
        for site_id in ("blog", "other"):
            assert (
                await client.get(admin_path(site_id, "/comments"), headers=headers)
            ).status_code == 200
        assert (await client.get("/api/v1/admin/tokens", headers=headers)).status_code == 200

    async def test_token_for_unknown_site_is_404(self, client):
        response = await client.post(
            "/api/v1/admin/tokens", json={"name": "x", "site_id": "nosuch"}, headers=ADMIN
        )
        assert response.status_code == 404
        assert (await client.delete("/api/v1/admin/tokens/12345", headers=ADMIN)).status_code == 404


class TestModerators:
    async def test_grant_lets_an_identity_moderate_and_revoke_stops_it(self, client, app):
        await make_site(client, moderation="all")
        identity_id, session_token = await make_identity(app, "blog")
        comment = await post_comment(client)
        headers = bearer(session_token)
        refused = await client.get(admin_path("blog", "/comments"), headers=headers)
        assert refused.status_code == 403
        granted = await client.put(admin_path("blog", f"/moderators/{identity_id}"), headers=ADMIN)
        assert granted.status_code == 200, granted.text
        assert granted.json()["name"] == "Grace"
        again = await client.put(admin_path("blog", f"/moderators/{identity_id}"), headers=ADMIN)
        assert again.status_code == 200
        me = await client.get("/api/v1/me", headers=headers)
        assert me.json()["moderator"] is True
        approved = await client.post(
            admin_path("blog", f"/comments/{comment['id']}/approve"), headers=headers
        )
        assert approved.status_code == 200
        entries = (await client.get(admin_path("blog", "/audit"), headers=ADMIN)).json()["entries"]
        assert entries[0]["actor"] == f"identity:{identity_id}:Grace"
        listed = (await client.get(admin_path("blog", "/moderators"), headers=ADMIN)).json()
        assert [m["identity_id"] for m in listed["moderators"]] == [identity_id]
        revoked = await client.delete(
            admin_path("blog", f"/moderators/{identity_id}"), headers=ADMIN
        )
        assert revoked.status_code == 204
        assert (
            await client.get(admin_path("blog", "/comments"), headers=headers)
        ).status_code == 403
        actions = [a for a, _ in await audit_actions(client)]
        assert {"moderator.grant", "moderator.revoke", "comment.approve"} <= set(actions)

    async def test_session_token_of_another_site_does_not_carry_the_role(self, client, app):
        await make_site(client)
        await make_site(client, "other", origins=[OTHER_ORIGIN])
        identity_id, _ = await make_identity(app, "blog")
        await client.put(admin_path("blog", f"/moderators/{identity_id}"), headers=ADMIN)
        # The same person logged in on 'other' is not a moderator there.
        async with part(app, Database).write_sessions() as session:
            from datetime import timedelta

            from app.crypto import hash_token
            from app.db.base import utcnow
            from app.identity.models import AuthSession

            session.add(
                AuthSession(
                    token_hash=hash_token("other-session"),
                    identity_id=identity_id,
                    site_id="other",
                    expires_at=utcnow() + timedelta(days=1),
                )
            )
            await session.commit()
        for site_id in ("other", "blog"):
            response = await client.get(
                admin_path(site_id, "/comments"), headers=bearer("other-session")
            )
            assert response.status_code == 403

    async def test_grant_unknown_identity_is_404(self, client):
        await make_site(client)
        assert (
            await client.put(admin_path("blog", "/moderators/999"), headers=ADMIN)
        ).status_code == 404
        assert (
            await client.delete(admin_path("blog", "/moderators/999"), headers=ADMIN)
        ).status_code == 404


class TestModeratorSessions:
    async def test_expired_or_revoked_session_is_401(self, client, app, sites: Sites):
        from sqlalchemy import update

        from app.crypto import hash_token
        from app.db.base import utcnow
        from app.identity.models import AuthSession

        headers = bearer(sites.a_moderator)
        assert (
            await client.get(admin_path("blog", "/comments"), headers=headers)
        ).status_code == 200
        async with part(app, Database).write_sessions() as session:
            await session.execute(
                update(AuthSession)
                .where(AuthSession.token_hash == hash_token(sites.a_moderator))
                .values(expires_at=utcnow())
            )
            await session.commit()
        assert (
            await client.get(admin_path("blog", "/comments"), headers=headers)
        ).status_code == 401
        logout = await client.post("/api/v1/auth/logout", headers=bearer(sites.b_moderator))
        assert logout.status_code == 204
        refused = await client.get(
            admin_path("other", "/comments"), headers=bearer(sites.b_moderator)
        )
        assert refused.status_code == 401

    async def test_a_moderator_reads_one_threads_pending_comments_for_the_widget(
        self, client, sites: Sites
    ):
        await client.patch(admin_path("blog"), json={"moderation": "all"}, headers=ADMIN)
        here = await post_comment(client, "Here")
        await post_comment(client, "Elsewhere", url="https://blog.example/elsewhere")
        page = await queue(
            client,
            "blog",
            headers=bearer(sites.a_moderator),
            url="https://blog.example/2026/hello-world/",
        )
        assert [c["id"] for c in page["comments"]] == [here["id"]]
