"""Pure ASGI middleware of the core: the request body size limit."""

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import PROBLEM_MEDIA_TYPE


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
