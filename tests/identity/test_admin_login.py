"""Moderators log in to /admin through the same OAuth popup as commenters, made for Parley's own
origin; only such a login opens an /admin session. A widget login (for a site's page) is a
commenter session, even a moderator's (23.4)."""

from http.cookies import SimpleCookie

import httpx

from app.db.session import Database
from app.identity.models import Moderator
from tests.builders import SITE_ORIGIN, make_site, post_comment
from tests.identity.conftest import PARLEY_BASE_URL
from tests.identity.flow import bearer, login, new_verifier, open_login, redeem
from tests.parts import part

FROM_ADMIN = {"Origin": PARLEY_BASE_URL, "X-Parley-Admin": "1"}


async def _moderator(app, identity_id: int) -> None:
    async with part(app, Database).write_sessions() as session:
        session.add(Moderator(site_id="blog", identity_id=identity_id))
        await session.commit()


async def _open(client: httpx.AsyncClient, code: str, verifier: str) -> httpx.Response:
    return await client.post(
        "/api/v1/auth/admin-session", json={"code": code, "verifier": verifier}, headers=FROM_ADMIN
    )


async def _identity_id(app) -> int:
    from sqlalchemy import select

    from app.identity.models import Identity

    async with part(app, Database).read_sessions() as session:
        found = await session.scalar(select(Identity.id))
    assert found is not None
    return found


def _cookie(response: httpx.Response) -> str:
    jar = SimpleCookie()
    jar.load(response.headers["set-cookie"])
    return jar["parley_admin"].value


class TestAdminPopupLogin:
    async def test_parley_origin_gets_an_admin_session_for_a_moderator(self, app, client, outside):
        await make_site(client)
        verifier = new_verifier()
        popup = await login(client, outside, "testop", verifier=verifier, origin=PARLEY_BASE_URL)
        assert popup.origin == PARLEY_BASE_URL
        first = await _open(client, popup.code, verifier)
        assert first.status_code == 403  # not a moderator (yet): no session, the code unspent
        await _moderator(app, await _identity_id(app))
        opened = await _open(client, popup.code, verifier)
        assert opened.status_code == 200, opened.text
        assert opened.json()["role"] == "moderator"
        assert opened.json()["site_ids"] == ["blog"]
        client.cookies.clear()
        cookie = {"Cookie": f"parley_admin={_cookie(opened)}"}
        me = await client.get("/api/v1/admin/me", headers={**FROM_ADMIN, **cookie})
        assert me.status_code == 200, me.text
        assert me.json()["role"] == "moderator"

    async def test_a_moderators_widget_login_opens_no_admin_route(self, app, client, outside):
        await make_site(client)
        verifier = new_verifier()
        popup = await login(client, outside, "testop", verifier=verifier, origin=SITE_ORIGIN)
        token = (await redeem(client, popup.code, verifier)).json()
        await _moderator(app, token["identity"]["id"])
        # A commenter session: it reads `me` and posts as the identity ...
        me = await client.get("/api/v1/me", headers=bearer(token["token"]))
        assert me.status_code == 200 and me.json()["moderator"] is True
        posted = await post_comment(client, headers=bearer(token["token"]))
        assert posted["author"]["name"] == me.json()["name"]
        # ... and no admin route accepts it, though the identity moderates the site.
        for path in ("/api/v1/admin/me", "/api/v1/admin/sites/blog/comments"):
            refused = await client.get(path, headers=bearer(token["token"]))
            assert refused.status_code == 403, refused.text
            assert "widget" in refused.json()["detail"]

    async def test_a_widget_login_code_opens_no_admin_session(self, app, client, outside):
        await make_site(client)
        verifier = new_verifier()
        popup = await login(client, outside, "testop", verifier=verifier, origin=SITE_ORIGIN)
        refused = await _open(client, popup.code, verifier)
        assert refused.status_code == 403, refused.text
        assert "set-cookie" not in refused.headers

    async def test_an_admin_login_code_redeemed_by_the_widget_is_a_commenter_session(
        self, app, client, outside
    ):
        await make_site(client)
        verifier = new_verifier()
        popup = await login(client, outside, "testop", verifier=verifier, origin=PARLEY_BASE_URL)
        token = (await redeem(client, popup.code, verifier)).json()
        await _moderator(app, token["identity"]["id"])
        me = await client.get("/api/v1/admin/me", headers=bearer(token["token"]))
        assert me.status_code == 403

    async def test_other_origins_are_still_refused(self, client):
        await make_site(client)
        response = await open_login(client, "testop", origin="https://testserver.evil.example")
        assert response.status_code == 403
