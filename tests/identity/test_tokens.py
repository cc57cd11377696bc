"""Login code redemption, session tokens, /me, logout and the providers list."""

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from app.db.base import utcnow
from app.db.session import Database
from app.identity.deps import IdentityRuntime
from app.identity.models import AuthSession, LoginCode, Moderator
from app.identity.providers import BUILT_INS, build_registry
from tests.builders import make_site, post_comment
from tests.identity.flow import bearer, login, login_token, new_verifier, redeem
from tests.parts import part, replace_part


async def fresh_code(client, outside) -> tuple[str, str]:
    verifier = new_verifier()
    popup = await login(client, outside, "testop", verifier=verifier)
    return popup.code, verifier


async def execute(app, statement) -> None:
    async with part(app, Database).write_sessions() as session:
        await session.execute(statement)
        await session.commit()


def assert_unauthorized(response, detail: str) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/unauthorized"
    assert detail in response.json()["detail"]


class TestRedeemCode:
    async def test_token_response_shape(self, client, outside):
        await make_site(client)
        code, verifier = await fresh_code(client, outside)
        response = await redeem(client, code, verifier)
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"token", "identity", "expires_at"}
        assert set(body["identity"]) == {"id", "provider", "name", "avatar_url", "profile_url"}
        assert body["identity"]["avatar_url"] == "https://avatars.example.test/alice.png"

    async def test_reused_code(self, client, outside):
        await make_site(client)
        code, verifier = await fresh_code(client, outside)
        assert (await redeem(client, code, verifier)).status_code == 200
        assert_unauthorized(await redeem(client, code, verifier), "already used")

    async def test_wrong_verifier(self, client, outside):
        await make_site(client)
        code, verifier = await fresh_code(client, outside)
        assert_unauthorized(await redeem(client, code, new_verifier()), "verifier")
        # the intercepted code stays useless to others, and the rightful widget still succeeds
        assert (await redeem(client, code, verifier)).status_code == 200

    async def test_racing_redemptions_yield_one_token(self, client, outside):
        await make_site(client)
        code, verifier = await fresh_code(client, outside)
        results = await asyncio.gather(*(redeem(client, code, verifier) for _ in range(5)))
        assert sorted(r.status_code for r in results) == [200, 401, 401, 401, 401]

    async def test_unknown_code(self, client):
        assert_unauthorized(await redeem(client, "not-a-code", new_verifier()), "Unknown")

    async def test_expired_code(self, app, client, outside):
        await make_site(client)
        code, verifier = await fresh_code(client, outside)
        await execute(app, update(LoginCode).values(expires_at=utcnow() - timedelta(seconds=1)))
        assert_unauthorized(await redeem(client, code, verifier), "expired")

    @pytest.mark.parametrize(
        "body",
        [
            {"code": "x"},
            {"code": "x", "verifier": "too-short"},
            {"code": "x", "verifier": "a" * 43 + " "},
            {"code": "x", "verifier": "a" * 43, "extra": 1},
        ],
    )
    async def test_invalid_body(self, client, body):
        response = await client.post("/api/v1/auth/token", json=body)
        assert response.status_code == 422
        assert response.json()["type"] == "/problems/invalid-input"


class TestSessions:
    async def test_me(self, app, client, outside):
        await make_site(client)
        body = await login_token(client, outside)
        me = await client.get("/api/v1/me", headers=bearer(body["token"]))
        assert me.status_code == 200
        assert me.json() == {
            **body["identity"],
            "site": "blog",
            "moderator": False,
            "display_name": body["identity"]["name"],
            "provider_label": "Test OP",
        }

    async def test_me_as_moderator(self, app, client, outside):
        await make_site(client)
        body = await login_token(client, outside)
        async with part(app, Database).write_sessions() as session:
            session.add(Moderator(site_id="blog", identity_id=body["identity"]["id"]))
            await session.commit()
        me = await client.get("/api/v1/me", headers=bearer(body["token"]))
        assert me.json()["moderator"] is True

    async def test_me_without_token(self, client):
        assert_unauthorized(await client.get("/api/v1/me"), "Log in")

    async def test_unknown_token(self, client):
        assert_unauthorized(await client.get("/api/v1/me", headers=bearer("nope")), "Unknown")

    async def test_expired_token(self, app, client, outside):
        await make_site(client)
        body = await login_token(client, outside)
        await execute(app, update(AuthSession).values(expires_at=utcnow() - timedelta(seconds=1)))
        assert_unauthorized(await client.get("/api/v1/me", headers=bearer(body["token"])), "log in")

    async def test_logout_revokes_only_that_token(self, client, outside):
        await make_site(client)
        first = await login_token(client, outside)
        second = await login_token(client, outside)
        logout = await client.post("/api/v1/auth/logout", headers=bearer(first["token"]))
        assert logout.status_code == 204
        assert_unauthorized(await client.get("/api/v1/me", headers=bearer(first["token"])), "log")
        assert (await client.get("/api/v1/me", headers=bearer(second["token"]))).status_code == 200
        again = await client.post("/api/v1/auth/logout", headers=bearer(first["token"]))
        assert_unauthorized(again, "logged out")

    async def test_token_expiry_follows_settings(self, client, outside, settings):
        await make_site(client)
        body = await login_token(client, outside)
        expires_at = datetime.fromisoformat(body["expires_at"])
        expected = utcnow() + timedelta(days=settings.session_ttl_days)
        assert abs((expires_at - expected).total_seconds()) < 60

    async def test_token_is_bound_to_its_site(self, client, outside):
        await make_site(client)
        await make_site(client, "other", origins=["https://other.example"])
        body = await login_token(client, outside)
        response = await client.post(
            "/api/v1/sites/other/comments",
            json={"url": "https://other.example/post", "title": "t", "body": "hi"},
            headers={**bearer(body["token"]), "Origin": "https://other.example"},
        )
        assert response.status_code == 403
        assert "another site" in response.json()["detail"]

    async def test_guest_cannot_take_a_verified_name(self, client, outside):
        await make_site(client)
        body = await login_token(client, outside)
        await post_comment(client, "verified", headers=bearer(body["token"]))
        response = await client.post(
            "/api/v1/sites/blog/comments",
            json={
                "url": "https://blog.example/2026/hello-world/",
                "title": "t",
                "body": "impostor",
                "author_name": "Test User alice",
                "author_email": "x@example.org",
            },
        )
        assert response.status_code == 409
        assert response.json()["type"] == "/problems/name-reserved"

    async def test_a_verified_name_is_reserved_only_where_its_owner_comments(self, client, outside):
        await make_site(client)
        await make_site(client, "other", origins=["https://other.example"])
        body = await login_token(client, outside)
        await post_comment(client, "verified", headers=bearer(body["token"]))
        name, email = "Test User alice", "x@example.org"
        elsewhere = await post_comment(
            client,
            "same name, another blog",
            site_id="other",
            url="https://other.example/post",
            headers={"Origin": "https://other.example"},
            author_name=name,
            author_email=email,
        )
        assert elsewhere["author"]["name"] == name
        await post_comment(client, "impostor", expect=409, author_name=name, author_email=email)
        shouting = name.upper()
        await post_comment(client, "impostor", expect=409, author_name=shouting, author_email=email)


class TestProvidersList:
    async def test_lists_configured_providers(self, client):
        await make_site(client)
        response = await client.get("/api/v1/sites/blog/auth/providers")
        assert response.status_code == 200
        providers = response.json()["providers"]
        assert [p["name"] for p in providers] == [
            "github",
            "google",
            "facebook",
            "twitter",
            "wordpress",
            "microsoft",
            "testop",
        ]
        assert providers[3] == {"name": "twitter", "label": "X", "icon": "twitter"}
        assert providers[-1] == {"name": "testop", "label": "Test OP", "icon": "openid"}

    async def test_disabled_providers_are_hidden(self, client):
        await make_site(client, disabled_providers=["github", "testop"])
        response = await client.get("/api/v1/sites/blog/auth/providers")
        names = [p["name"] for p in response.json()["providers"]]
        assert "github" not in names
        assert "testop" not in names
        assert "google" in names

    async def test_unconfigured_providers_appear_nowhere(self, app, client):
        await make_site(client)
        unset: dict[str, Any] = {
            f"{name}_client_id": None for name in (b.name for b in BUILT_INS)
        } | {"oidc_providers": []}
        bare = part(app, IdentityRuntime).settings.model_copy(update=unset)
        replace_part(app, IdentityRuntime(bare, build_registry(bare)))
        response = await client.get("/api/v1/sites/blog/auth/providers")
        assert response.json() == {"providers": []}

    async def test_unknown_site(self, client):
        response = await client.get("/api/v1/sites/nope/auth/providers")
        assert response.status_code == 404
        assert response.json()["type"] == "/problems/not-found"
