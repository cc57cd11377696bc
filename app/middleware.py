"""Pure ASGI middleware of the core: request body limits (size, and nesting of JSON bodies)."""

import json
import re
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import PROBLEM_MEDIA_TYPE
from app.jsondepth import MAX_JSON_DEPTH, json_depth_exceeds

# Anchored, one run of one class then a literal: linear (tests/security/test_patterns.py).
_JSON_TYPE = re.compile(rb"^application/(?:[\w.+-]*\+)?json\b", re.IGNORECASE)


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


async def read_body(receive: Receive) -> bytes | None:
    """A request's whole body; None if the client went away first."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def replaying(body: bytes, receive: Receive) -> Receive:
    """`receive` for a layer further in, once `body` has been read from it: the body in one
    message, then whatever `receive` gives (the disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class _TooLarge(HTTPException):
    """Raised from receive(): an HTTPException, so FastAPI's body reading passes it on (any other
    exception there becomes a 400) and the problem handlers answer 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The limit is {limit} bytes.")


class BodySizeLimit:
    """Refuse request bodies over the limit with 413, whether or not Content-Length is honest."""

    def __init__(self, app: ASGIApp, max_bytes_for: Any, max_json_bytes: int | None = None) -> None:
        self.app = app
        self.max_bytes_for = max_bytes_for  # (path) -> limit, so uploads may get a larger one
        # Uploads are multipart: no route takes a JSON body larger than an ordinary one, so a JSON
        # body to an upload path gets the ordinary limit before it is read whole and scanned.
        self.max_json_bytes = max_json_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        is_json = _JSON_TYPE.match(headers.get(b"content-type", b"")) is not None
        limit: int = self.max_bytes_for(scope["path"])
        if is_json and self.max_json_bytes is not None:
            limit = min(limit, self.max_json_bytes)
        declared = headers.get(b"content-length")
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
                    raise _TooLarge(limit)
            return message

        if is_json:
            await self._json(scope, limited_receive, receive, send, limit)
            return

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

    async def _json(
        self, scope: Scope, limited: Receive, receive: Receive, send: Send, limit: int
    ) -> None:
        """A JSON body is read whole (it is small), measured, and handed on in one message."""
        try:
            body = await read_body(limited)
        except _TooLarge:
            detail = f"The limit is {limit} bytes."
            await _send_problem(send, 413, "payload-too-large", "Request body too large", detail)
            return
        if body is None:
            return  # the client went away
        if json_depth_exceeds(body):
            await _send_problem(
                send,
                422,
                "invalid-input",
                "Invalid input",
                f"JSON nested deeper than {MAX_JSON_DEPTH} levels, or unbalanced brackets.",
            )
            return
        await self.app(scope, replaying(body, receive), send)
