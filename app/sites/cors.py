"""Per-site CORS as pure ASGI middleware: a browser origin is answered only when it is one of the
site's origins (for /api/v1/sites/{site}/…) or of any site (routes addressed by comment id)."""

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.sites.origins import site_origins

SITE_PATH = re.compile(r"^/api/v1/sites/([^/]+)(?:/|$)")
ALLOW_HEADERS = "Authorization, Content-Type, X-Edit-Token, If-None-Match"
ALLOW_METHODS = "GET, POST, PATCH, DELETE, OPTIONS"
EXPOSE_HEADERS = "ETag, Retry-After, Location"


class SiteCORS:
    """CORS for the API: a browser origin is allowed when it is one of the site's origins
    (for /api/v1/sites/{site}/…) or of any site (for routes addressed by comment id)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def _allowed(self, scope: Scope, origin: str) -> bool:
        database = scope["app"].state.database
        async with database.read_sessions() as session:
            origins = await site_origins(session)
        match = SITE_PATH.match(scope["path"])
        if match:
            return origin in origins.get(match.group(1), ())
        return any(origin in site for site in origins.values())

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
        allowed = await self._allowed(scope, origin)
        cors = [(b"vary", b"Origin")]
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
