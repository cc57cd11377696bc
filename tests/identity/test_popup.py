"""The popup pages: request validation at login, and every way a callback can go wrong."""

from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
from sqlalchemy import func, select

from app.db.session import Database
from app.identity.deps import IdentityRuntime
from app.identity.models import Identity, LoginCode
from app.identity.providers import build_registry
from tests.builders import SITE_ORIGIN, make_site
from tests.identity.flow import (
    PARLEY_BASE_URL,
    browse_to_parley,
    login,
    new_verifier,
    open_login,
    read_popup,
)
from tests.parts import part, replace_part


async def count(app, model) -> int:
    async with part(app, Database).read_sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query)) | changes
    return parts._replace(query=urlencode(query)).geturl()


class TestLoginRequest:
    async def test_redirects_to_provider_with_pkce_and_nonce(self, client, oidc_provider):
        await make_site(client)
        response = await open_login(client, "testop")
        assert response.status_code == 302
        location = response.headers["location"]
        assert location.startswith(f"{oidc_provider.issuer}/auth?")
        query = dict(parse_qsl(urlsplit(location).query))
        assert query["code_challenge_method"] == "S256"
        assert query["redirect_uri"] == f"{PARLEY_BASE_URL}/auth/testop/callback"
        assert query["state"]
        assert query["nonce"]
        cookie = response.headers["set-cookie"]
        assert cookie.startswith("parley_login=")
        assert "path=/auth" in cookie.lower()
        assert "httponly" in cookie.lower()
        assert "samesite=lax" in cookie.lower()

    async def test_origin_is_compared_normalized(self, client):
        await make_site(client)
        response = await open_login(client, "testop", origin="HTTPS://Blog.Example:443")
        assert response.status_code == 302

    async def test_foreign_origin_is_refused_with_a_page(self, client):
        await make_site(client)
        response = await open_login(client, "testop", origin="https://evil.example")
        assert response.status_code == 403
        assert response.headers["content-type"].startswith("text/html")
        assert "https://evil.example" in response.text
        assert "not one of the site" in response.text
        assert read_popup(response).message is None  # nothing is posted anywhere
        assert "set-cookie" not in response.headers

    async def test_malformed_origin_is_refused(self, client):
        await make_site(client)
        response = await open_login(client, "testop", origin="https://blog.example/path")
        assert response.status_code == 403

    async def test_unknown_site(self, client):
        response = await open_login(client, "testop", site="nope")
        assert response.status_code == 404
        assert "No site" in response.text

    async def test_unknown_provider(self, client):
        await make_site(client)
        response = await open_login(client, "myspace")
        assert response.status_code == 404
        assert "not available" in response.text

    async def test_provider_disabled_on_site(self, client):
        await make_site(client, disabled_providers=["testop"])
        response = await open_login(client, "testop")
        assert response.status_code == 404

    async def test_unconfigured_provider(self, app, client, stub):
        await make_site(client)
        settings = part(app, IdentityRuntime).settings.model_copy(update={"github_client_id": None})
        registry = build_registry(settings, endpoints=stub.endpoints())
        replace_part(app, IdentityRuntime(settings, registry))
        assert (await open_login(client, "github")).status_code == 404

    async def test_bad_challenge(self, client):
        await make_site(client)
        for challenge in ("", "short", "x" * 42 + "!"):
            response = await client.get(
                "/auth/testop/login",
                params={"site": "blog", "origin": SITE_ORIGIN, "challenge": challenge},
            )
            assert response.status_code == 400, challenge
            assert "challenge" in response.text

    async def test_abandoned_logins_keep_the_cookie_small(self, client, outside, stub):
        await make_site(client)
        for provider in [*stub.endpoints(), "github", "google", "testop"]:
            assert (await open_login(client, provider)).status_code == 302
        cookie = client.cookies["parley_login"]
        assert len(cookie) < 2500  # browsers drop cookies over 4 KB
        started = await open_login(client, "testop")
        callback = await browse_to_parley(outside, started.headers["location"])
        message = read_popup(await client.get(callback)).message
        assert message is not None
        assert message["type"] == "parley:login"


class TestCallback:
    async def test_success_page_is_csp_safe(self, client, outside):
        await make_site(client)
        popup = await login(client, outside, "testop", verifier=new_verifier())
        response = popup.response
        assert response.status_code == 200
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["cache-control"] == "no-store"
        assert '<script src="../callback.js"></script>' in response.text
        assert popup.origin == SITE_ORIGIN
        assert popup.message is not None
        assert set(popup.message) == {"type", "code"}
        script = await client.get("/auth/callback.js")
        assert script.status_code == 200
        assert script.headers["content-type"].startswith("text/javascript")
        assert "window.opener.postMessage(data.message, data.origin)" in script.text

    async def test_denied_consent(self, app, client, outside):
        await make_site(client)
        popup = await login(client, outside, "testop", verifier=new_verifier(), abort=True)
        assert popup.response.status_code == 400
        assert popup.origin == SITE_ORIGIN
        assert popup.message == {"type": "parley:login-error", "error": "access_denied"}
        assert await count(app, LoginCode) == 0
        assert await count(app, Identity) == 0

    async def _callback_url(self, client, outside) -> str:
        started = await open_login(client, "testop", verifier=new_verifier())
        return await browse_to_parley(outside, started.headers["location"])

    async def test_tampered_state(self, app, client, outside):
        await make_site(client)
        url = await self._callback_url(client, outside)
        response = await client.get(with_query(url, state="forged-state"))
        assert response.status_code == 400
        assert "state" in response.text
        assert read_popup(response).message is None
        assert await count(app, LoginCode) == 0

    async def test_replayed_callback(self, app, client, outside):
        await make_site(client)
        url = await self._callback_url(client, outside)
        cookies = httpx.Cookies(client.cookies)
        message = read_popup(await client.get(url)).message
        assert message is not None
        assert message["type"] == "parley:login"
        # The same answer again, even with the cookie as it was before the first use:
        again = await client.get(url)
        assert again.status_code == 400
        assert read_popup(again).message is None
        client.cookies = cookies
        replay = read_popup(await client.get(url))
        assert replay.message == {"type": "parley:login-error", "error": "provider_error"}
        assert await count(app, LoginCode) == 1

    async def test_callback_without_the_popup_cookie(self, app, client, outside):
        await make_site(client)
        url = await self._callback_url(client, outside)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=PARLEY_BASE_URL) as other:
            response = await other.get(url)
        assert response.status_code == 400
        assert read_popup(response).message is None

    async def test_tampered_code(self, app, client, outside):
        await make_site(client)
        url = await self._callback_url(client, outside)
        popup = read_popup(await client.get(with_query(url, code="forged-code")))
        assert popup.response.status_code == 400
        assert popup.message == {"type": "parley:login-error", "error": "provider_error"}
        assert await count(app, LoginCode) == 0

    async def test_state_used_on_another_provider_path(self, client, outside):
        await make_site(client)
        url = await self._callback_url(client, outside)
        response = await client.get(url.replace("/auth/testop/", "/auth/github/"))
        assert response.status_code == 400
        assert read_popup(response).message is None

    async def test_provider_error_parameter(self, client, outside):
        await make_site(client)
        url = await self._callback_url(client, outside)
        state = dict(parse_qsl(urlsplit(url).query))["state"]
        response = await client.get(
            "/auth/testop/callback", params={"error": "server_error", "state": state}
        )
        popup = read_popup(response)
        assert response.status_code == 400
        assert popup.message == {"type": "parley:login-error", "error": "provider_error"}

    async def test_unverified_email_is_not_kept(self, app, client, outside):
        await make_site(client)
        await login(client, outside, "testop", verifier=new_verifier(), as_user="unverified-carol")
        outside.cookies.clear()  # log out at the provider
        await login(client, outside, "testop", verifier=new_verifier(), as_user="dave")
        async with part(app, Database).read_sessions() as session:
            emails = dict((await session.execute(select(Identity.subject, Identity.email))).all())
        assert emails == {"unverified-carol": None, "dave": "dave@example.test"}
