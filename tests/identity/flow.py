"""Drive the popup login like a browser: Parley (in-process) ↔ provider (real HTTP on loopback)."""

import json
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from app.crypto import s256_challenge
from tests.builders import SITE_ID, SITE_ORIGIN

PARLEY_BASE_URL = "http://testserver"
MESSAGE = re.compile(r'<script type="application/json" id="parley-message">(.*?)</script>', re.S)


def new_verifier() -> str:
    return secrets.token_urlsafe(32)


@dataclass
class PopupResult:
    """What the callback page would post to the opener, and where."""

    response: httpx.Response
    origin: str | None
    message: dict[str, Any] | None

    @property
    def code(self) -> str:
        assert self.message is not None, self.response.text
        assert self.message["type"] == "parley:login", self.message
        return str(self.message["code"])


def read_popup(response: httpx.Response) -> PopupResult:
    match = MESSAGE.search(response.text)
    if match is None:
        return PopupResult(response, None, None)
    data = json.loads(match.group(1))
    return PopupResult(response, data["origin"], data["message"])


async def open_login(
    client: httpx.AsyncClient,
    provider: str,
    *,
    site: str = SITE_ID,
    origin: str = SITE_ORIGIN,
    verifier: str | None = None,
) -> httpx.Response:
    challenge = s256_challenge(verifier or new_verifier())
    return await client.get(
        f"/auth/{provider}/login", params={"site": site, "origin": origin, "challenge": challenge}
    )


async def browse_to_parley(
    outside: httpx.AsyncClient, url: str, *, login: str = "alice", abort: bool = False
) -> str:
    """Follow the provider's redirects, filling its login form, until it sends us back to Parley."""
    for _ in range(12):
        if url.startswith(PARLEY_BASE_URL):
            return url
        response = await outside.get(url)
        if response.is_redirect:
            url = urljoin(url, response.headers["location"])
            continue
        path = urlsplit(str(response.url)).path
        if response.status_code == 200 and path.startswith("/interaction/"):
            if abort:
                response = await outside.get(urljoin(url, f"{path}/abort"))
            else:
                form = {"prompt": "login", "login": login, "password": "any password"}
                response = await outside.post(urljoin(url, path), data=form)
            assert response.is_redirect, response.text
            url = urljoin(url, response.headers["location"])
            continue
        raise AssertionError(f"unexpected provider page {response.status_code}: {response.text}")
    raise AssertionError("too many redirects")


async def login(
    client: httpx.AsyncClient,
    outside: httpx.AsyncClient,
    provider: str,
    *,
    verifier: str,
    site: str = SITE_ID,
    origin: str = SITE_ORIGIN,
    as_user: str = "alice",
    abort: bool = False,
) -> PopupResult:
    """The whole popup: login → provider → callback page."""
    started = await open_login(client, provider, site=site, origin=origin, verifier=verifier)
    assert started.status_code == 302, started.text
    callback = await browse_to_parley(
        outside, started.headers["location"], login=as_user, abort=abort
    )
    return read_popup(await client.get(callback))


async def redeem(client: httpx.AsyncClient, code: str, verifier: str) -> httpx.Response:
    return await client.post("/api/v1/auth/token", json={"code": code, "verifier": verifier})


async def login_token(
    client: httpx.AsyncClient, outside: httpx.AsyncClient, provider: str = "testop", **kw: Any
) -> dict[str, Any]:
    """Log in and redeem the code: the widget's whole job. Returns the token response."""
    verifier = new_verifier()
    popup = await login(client, outside, provider, verifier=verifier, **kw)
    response = await redeem(client, popup.code, verifier)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
