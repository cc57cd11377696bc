"""/admin sessions (26.3, 23.12): an HttpOnly, SameSite=Strict cookie on Parley's own origin,
stored hashed, expiring and revocable; refused without the CSRF header or from another origin;
bearer admin tokens keep working for API clients."""

from datetime import timedelta
from http.cookies import SimpleCookie

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from app.crypto import hash_token
from app.db.base import utcnow
from app.db.session import Database
from app.identity.models import AdminSession, AuthSession
from tests.builders import ADMIN, ADMIN_TOKEN, make_site
from tests.moderation.conftest import bearer, make_identity, make_moderator, make_token
from tests.parts import part

OWN = "http://testserver"
FROM_ADMIN = {"Origin": OWN, "X-Parley-Admin": "1"}
SESSION = "/api/v1/auth/admin-session"


async def open_session(client: httpx.AsyncClient, token: str) -> httpx.Response:
    response = await client.post(SESSION, json={"token": token}, headers=FROM_ADMIN)
    client.cookies.clear()  # every request below says which cookie it sends
    return response


def session_cookie(response: httpx.Response) -> SimpleCookie:
    assert response.status_code == 200, response.text
    jar = SimpleCookie()
    jar.load(response.headers["set-cookie"])
    return jar


def with_cookie(value: str, **headers: str) -> dict[str, str]:
    return {**FROM_ADMIN, "Cookie": f"parley_admin={value}", **headers}


async def login(client: httpx.AsyncClient, token: str = ADMIN_TOKEN) -> str:
    return session_cookie(await open_session(client, token))["parley_admin"].value


class TestOpen:
    async def test_the_cookie_flags_and_what_is_stored(self, app: FastAPI, client):
        opened = await open_session(client, ADMIN_TOKEN)
        cookie = session_cookie(opened)["parley_admin"]
        assert cookie["httponly"] is True
        assert cookie["samesite"].lower() == "strict"
        assert cookie["path"] == "/"
        assert not cookie["secure"]  # plain http here; see the https case below
        assert 0 < int(cookie["max-age"]) <= 24 * 3600
        assert opened.json()["role"] == "root"
        assert ADMIN_TOKEN not in opened.headers["set-cookie"]
        async with part(app, Database).read_sessions() as session:
            stored = (await session.scalars(select(AdminSession))).one()
        assert stored.token_hash == hash_token(cookie.value)  # only its hash is kept
        assert cookie.value not in (stored.token_hash, stored.credential_hash)

    async def test_secure_over_https(self, app: FastAPI):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as http:
            opened = await http.post(
                SESSION,
                json={"token": ADMIN_TOKEN},
                headers={"X-Parley-Admin": "1"},  # a same-origin request may carry no Origin
            )
        assert session_cookie(opened)["parley_admin"]["secure"] is True

    async def test_it_opens_the_admin_api_as_its_token(self, client):
        await make_site(client)
        site_token = (await make_token(client, "blog owner", "blog"))["token"]
        for token, role in ((ADMIN_TOKEN, "root"), (site_token, "owner")):
            value = await login(client, token)
            me = await client.get("/api/v1/admin/me", headers=with_cookie(value))
            assert me.status_code == 200, me.text
            assert me.json()["role"] == role
        # Another tab of the same browser sends the same cookie: nothing to paste again.
        again = await client.get("/api/v1/admin/sites/blog/comments", headers=with_cookie(value))
        assert again.status_code == 200

    @pytest.mark.parametrize(
        "body",
        [{"token": "not-a-token"}, {}, {"token": ADMIN_TOKEN, "code": "x"}, {"code": "x"}],
    )
    async def test_bad_logins_set_no_cookie(self, client, body):
        response = await client.post(SESSION, json=body, headers=FROM_ADMIN)
        assert response.status_code in (401, 422), response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert "set-cookie" not in response.headers

    async def test_a_revoked_admin_token_opens_nothing(self, client):
        await make_site(client)
        made = await make_token(client, "gone", "blog")
        await client.delete(f"/api/v1/admin/tokens/{made['id']}", headers=ADMIN)
        response = await open_session(client, made["token"])
        assert response.status_code == 401

    async def test_no_login_csrf(self, client):
        # Another page cannot log the browser in to someone else's session.
        for headers in ({"Origin": OWN}, {"Origin": "https://evil.example", "X-Parley-Admin": "1"}):
            response = await client.post(SESSION, json={"token": ADMIN_TOKEN}, headers=headers)
            assert response.status_code == 403, response.text
            assert "set-cookie" not in response.headers


class TestCsrf:
    @pytest.mark.parametrize(
        "headers",
        [
            {"Origin": OWN},  # no custom header: a form or a simple cross-site request
            {"Origin": "https://blog.example", "X-Parley-Admin": "1"},
            {"Origin": "null", "X-Parley-Admin": "1"},
            {"Origin": OWN, "X-Parley-Admin": "1", "Sec-Fetch-Site": "same-site"},
            {"Origin": OWN, "X-Parley-Admin": "1", "Sec-Fetch-Site": "cross-site"},
        ],
    )
    async def test_the_cookie_is_refused_from_anywhere_but_admin(self, client, headers):
        await make_site(client)
        value = await login(client)
        cookie = {"Cookie": f"parley_admin={value}"}
        write = await client.patch(
            "/api/v1/admin/sites/blog", json={"name": "pwned"}, headers={**headers, **cookie}
        )
        assert write.status_code == 403, write.text
        read = await client.get("/api/v1/admin/sites/blog/comments", headers={**headers, **cookie})
        assert read.status_code == 403
        site = await client.get("/api/v1/admin/sites/blog", headers=ADMIN)
        assert site.json()["name"] != "pwned"

    async def test_admin_itself_may_write(self, client):
        await make_site(client)
        value = await login(client)
        write = await client.patch(
            "/api/v1/admin/sites/blog", json={"name": "Renamed"}, headers=with_cookie(value)
        )
        assert write.status_code == 200, write.text
        # A browser that sends no Origin on a same-origin request is still /admin's own.
        headers = {"X-Parley-Admin": "1", "Cookie": f"parley_admin={value}"}
        client.headers.pop("Origin", None)
        assert (await client.get("/api/v1/admin/me", headers=headers)).status_code == 200

    async def test_bearer_admin_tokens_need_no_header(self, client):
        await make_site(client)
        me = await client.get("/api/v1/admin/me", headers=ADMIN)  # Origin of the blog, no header
        assert me.status_code == 200


class TestLogout:
    async def test_logout_revokes_the_session_server_side(self, client):
        value = await login(client)
        out = await client.delete(SESSION, headers=with_cookie(value))
        assert out.status_code == 204
        cleared = SimpleCookie()
        cleared.load(out.headers["set-cookie"])
        assert cleared["parley_admin"].value == ""
        # The cookie value kept by anyone (another tab, a copy) is dead: 23.12.
        after = await client.get("/api/v1/admin/me", headers=with_cookie(value))
        assert after.status_code == 401

    async def test_logout_everywhere_ends_that_persons_sessions_only(self, client):
        await make_site(client)
        site_token = (await make_token(client, "blog owner", "blog"))["token"]
        laptop, phone = await login(client), await login(client)
        other = await login(client, site_token)
        out = await client.delete(
            SESSION, params={"everywhere": "true"}, headers=with_cookie(phone)
        )
        assert out.status_code == 204
        for value, status in ((laptop, 401), (phone, 401), (other, 200)):
            me = await client.get("/api/v1/admin/me", headers=with_cookie(value))
            assert me.status_code == status, (value, me.text)
        assert (await client.get("/api/v1/admin/me", headers=ADMIN)).status_code == 200

    async def test_a_moderators_logout_everywhere(self, app: FastAPI, client):
        await make_site(client)
        identity_id, first = await make_identity(app, "blog")
        await make_moderator(app, "blog", identity_id)
        # The same person's second /admin session, and their widget (commenter) session.
        second, widget = "s" * 43, "w" * 43
        async with part(app, Database).write_sessions() as session:
            for token, scope in ((second, "admin"), (widget, "commenter")):
                session.add(
                    AuthSession(
                        token_hash=hash_token(token),
                        identity_id=identity_id,
                        site_id="blog",
                        expires_at=utcnow() + timedelta(days=1),
                        scope=scope,
                    )
                )
            await session.commit()
        out = await client.delete(SESSION, params={"everywhere": "true"}, headers=bearer(first))
        assert out.status_code == 204
        for token in (first, second):
            assert (await client.get("/api/v1/admin/me", headers=bearer(token))).status_code == 401
        assert (await client.get("/api/v1/me", headers=bearer(widget))).status_code == 200

    async def test_revoking_the_token_ends_its_sessions(self, client):
        await make_site(client)
        made = await make_token(client, "temp", "blog")
        value = await login(client, made["token"])
        await client.delete(f"/api/v1/admin/tokens/{made['id']}", headers=ADMIN)
        after = await client.get("/api/v1/admin/me", headers=with_cookie(value))
        assert after.status_code == 401


class TestExpiry:
    async def test_an_expired_session_is_refused(self, app: FastAPI, client):
        value = await login(client)
        async with part(app, Database).write_sessions() as session:
            await session.execute(
                update(AdminSession)
                .where(AdminSession.token_hash == hash_token(value))
                .values(expires_at=utcnow() - timedelta(seconds=1))
            )
            await session.commit()
        after = await client.get("/api/v1/admin/me", headers=with_cookie(value))
        assert after.status_code == 401
        assert after.headers["content-type"] == "application/problem+json"


class TestState:
    async def test_the_page_asks_whether_it_is_logged_in(self, client):
        empty = await client.get(SESSION, headers=FROM_ADMIN)
        assert empty.status_code == 200 and empty.json()["logged_in"] is False
        value = await login(client)
        state = await client.get(SESSION, headers=with_cookie(value))
        assert state.json() == {
            "logged_in": True,
            "actor": "root",
            "role": "root",
            "site_ids": None,
        }
        # A cross-origin page learns nothing from it either.
        foreign = await client.get(
            SESSION, headers=with_cookie(value, Origin="https://blog.example")
        )
        assert foreign.json()["logged_in"] is False
