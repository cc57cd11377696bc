"""Per-site CORS as pure ASGI middleware: a browser origin is answered only when it is one of the
site's origins (for /api/v1/sites/{site}/…) or of any site (routes addressed by comment id)."""

import json
import re
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db.session import Database
from app.runtime import Runtime
from app.sites.origins import site_origins

SITE_PATH = re.compile(r"^/api/v1/sites/([^/]+)(?:/|$)")
ALLOW_HEADERS = "Authorization, Content-Type, X-Edit-Token, If-None-Match"
ALLOW_METHODS = "GET, POST, PATCH, DELETE, OPTIONS"
EXPOSE_HEADERS = "ETag, Retry-After, Location"


class SiteCORS:
    """CORS for the API: a browser origin is allowed when it is one of the site's origins
    (for /api/v1/sites/{site}/…) or of any site (for routes addressed by comment id)."""

    def __init__(self, app: ASGIApp, *, runtime: Runtime, base_url: str | None) -> None:
        self.app = app
        self.runtime = runtime  # the database is built in the lifespan, after this layer
        self.own_origin = _origin_of(base_url) if base_url else None

    async def _allowed(self, scope: Scope, origin: str) -> tuple[bool, bool]:
        """(allowed, refused readably): a known site's path with an origin it does not list is
        refused with a 403 the page may read (contract C2)."""
        origins = await site_origins(self.runtime.require(Database))
        match = SITE_PATH.match(scope["path"])
        if match:
            listed = origins.get(match.group(1))
            if listed is None:
                return False, False  # no such site: the route answers 404
            return origin in listed, origin not in listed
        return any(origin in site for site in origins.values()), False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        origin_bytes = headers.get(b"origin")
        if origin_bytes is None:
            await self.app(scope, receive, send)
            return
        origin = origin_bytes.decode("latin-1")
        own = self.own_origin or _request_origin(scope, headers)
        if origin == own:  # same-origin (Parley's own pages): not CORS
            await self.app(scope, receive, send)
            return
        if origin == "null" and _is_form_post(scope):  # a navigation: the form route decides
            await self.app(scope, receive, send)
            return
        allowed, refused = await self._allowed(scope, origin)
        cors = [(b"vary", b"Origin")]
        if refused:
            await _refuse(scope, send, origin, origin_bytes, headers)
            return
        if allowed:
            cors += [
                (b"access-control-allow-origin", origin_bytes),
                (b"access-control-expose-headers", EXPOSE_HEADERS.encode()),
            ]
        if scope["method"] == "OPTIONS" and b"access-control-request-method" in headers:
            if allowed:
                cors += [
                    (b"access-control-allow-methods", ALLOW_METHODS.encode()),
                    (b"access-control-allow-headers", ALLOW_HEADERS.encode()),
                    (b"access-control-max-age", b"600"),
                ]
            await send(
                {"type": "http.response.start", "status": 204 if allowed else 403, "headers": cors}
            )
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *cors]}
            await send(message)

        await self.app(scope, receive, send_with_cors)


def _is_form_post(scope: Scope) -> bool:
    """The plain comment form's POST (a page navigation, never read by a script)."""
    path: str = scope["path"]
    return scope["method"] == "POST" and path.endswith("/comment-form")


def _origin_of(base_url: str) -> str:
    """This server's origin, from its public base URL."""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


def _request_origin(scope: Scope, headers: dict[bytes, bytes]) -> str:
    """This server's origin as the request names it (no public base URL set)."""
    host = headers.get(b"host", b"").decode("latin-1")
    return f"{scope.get('scheme', 'http')}://{host}"


async def _refuse(
    scope: Scope, send: Send, origin: str, origin_bytes: bytes, headers: dict[bytes, bytes]
) -> None:
    """403 origin-not-allowed, readable by the refused page (no credentials); its preflight is
    answered so that the real request can get this answer too. Nothing behind it runs."""
    cors = [(b"vary", b"Origin"), (b"access-control-allow-origin", origin_bytes)]
    if scope["method"] == "OPTIONS" and b"access-control-request-method" in headers:
        cors += [
            (b"access-control-allow-methods", ALLOW_METHODS.encode()),
            (b"access-control-allow-headers", ALLOW_HEADERS.encode()),
            (b"access-control-max-age", b"600"),
        ]
        await send({"type": "http.response.start", "status": 204, "headers": cors})
        await send({"type": "http.response.body", "body": b""})
        return
    body = json.dumps(
        {
            "type": "/problems/origin-not-allowed",
            "title": "Origin not allowed",
            "status": 403,
            "detail": f"This site does not accept comments from {origin}.",
            "origin": origin,
        }
    ).encode()
    cors += [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
    ]
    await send({"type": "http.response.start", "status": 403, "headers": cors})
    await send({"type": "http.response.body", "body": body})
