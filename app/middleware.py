"""Pure ASGI middleware: request body size limit and per-site CORS."""

import json
import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import PROBLEM_MEDIA_TYPE
from app.sites.origins import site_origins

SITE_PATH = re.compile(r"^/api/v1/sites/([^/]+)(?:/|$)")
ALLOW_HEADERS = "Authorization, Content-Type, X-Edit-Token, If-None-Match"
ALLOW_METHODS = "GET, POST, PATCH, DELETE, OPTIONS"
EXPOSE_HEADERS = "ETag, Retry-After, Location"


async def _send_problem(send: Send, status: int, type_: str, title: str, detail: str) -> None:
    body = json.dumps(
        {"type": f"/problems/{type_}", "title": title, "status": status, "detail": detail}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


class BodySizeLimit:
    """Refuse request bodies over the limit with 413, whether or not Content-Length is honest."""

    def __init__(self, app: ASGIApp, max_bytes_for: Any) -> None:
        self.app = app
        self.max_bytes_for = max_bytes_for  # (path) -> limit, so uploads may get a larger one

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit: int = self.max_bytes_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _send_problem(
                send,
                413,
                "payload-too-large",
                "Request body too large",
                f"The limit is {limit} bytes.",
            )
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _send_problem(
                    send,
                    413,
                    "payload-too-large",
                    "Request body too large",
                    f"The limit is {limit} bytes.",
                )


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
