"""The outermost middleware: request id, one log line and metrics per request, and the last
word on failures — an outage of the database or Redis is a 503 with Retry-After (logged once
per outage), anything else unexpected a 500 problem whose traceback is logged once."""

import json
import logging
import re
import secrets
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import PROBLEM_MEDIA_TYPE
from app.net import _is_trusted
from app.observability import outages
from app.observability.logs import request_id_var
from app.observability.metrics import Metrics

log = logging.getLogger("parley.request")
error_log = logging.getLogger("parley.error")

REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
UNTIMED_ROUTE_SUFFIX = "/events"  # streams: their duration is the reader's, not ours


def _problem(status: int, type_: str, title: str, detail: str) -> bytes:
    body = {"type": f"/problems/{type_}", "title": title, "status": status, "detail": detail}
    return json.dumps(body).encode()


class Observability:
    def __init__(
        self,
        app: ASGIApp,
        *,
        metrics: Metrics,
        trusted_proxies: tuple[str, ...],
        request_log: bool,
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.trusted_proxies = trusted_proxies
        self.request_log = request_log

    def _request_id(self, scope: Scope) -> str:
        sent = dict(scope["headers"]).get(b"x-request-id")
        client = scope.get("client")
        peer = client[0] if client else ""
        if sent and self.trusted_proxies and _is_trusted(peer, self.trusted_proxies):
            value: str = sent.decode("latin-1")
            if REQUEST_ID.fullmatch(value):
                return value
        return secrets.token_hex(8)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = self._request_id(scope)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        response_started = False

        async def tracking_send(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                headers = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            status = await self._failed(exc, response_started, tracking_send, _readable_by(scope))
        finally:
            self._record(scope, status, time.perf_counter() - started, request_id)
            request_id_var.reset(token)

    async def _failed(
        self, exc: Exception, response_started: bool, send: Any, cors: list[tuple[bytes, bytes]]
    ) -> int:
        dependency = outages.classify(exc)
        if dependency is not None:
            dependency.failed(exc)  # logs once per outage, not per request
            if not response_started:
                await self._send(
                    send,
                    503,
                    _problem(
                        503,
                        "service-unavailable",
                        "Service unavailable",
                        f"The {dependency.name} is unavailable; try again shortly.",
                    ),
                    retry_after=outages.RETRY_AFTER_SECONDS,
                    extra=cors,
                )
            return 503
        error_log.error("unhandled error", exc_info=exc)
        if not response_started:
            await self._send(
                send, 500, _problem(500, "internal-error", "Internal server error", ""), extra=cors
            )
        return 500

    @staticmethod
    async def _send(
        send: Any,
        status: int,
        body: bytes,
        retry_after: int | None = None,
        extra: list[tuple[bytes, bytes]] | None = None,
    ) -> None:
        headers = [
            (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store"),
            *(extra or []),
        ]
        if retry_after is not None:
            headers.append((b"retry-after", str(retry_after).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _record(self, scope: Scope, status: int, seconds: float, request_id: str) -> None:
        route = scope.get("route")
        template = getattr(route, "path", None) or "<unmatched>"
        method = scope["method"]
        timed = not template.endswith(UNTIMED_ROUTE_SUFFIX)
        self.metrics.observe(template, method, status, seconds if timed else None)
        if self.request_log:
            log.info(
                "%s %s %s %.1fms",
                method,
                template,
                status,
                seconds * 1000,
                extra={
                    "request_id": request_id,
                    "method": method,
                    "route": template,
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                },
            )


def _readable_by(scope: Scope) -> list[tuple[bytes, bytes]]:
    """CORS headers for an answer this layer makes itself (an outage, a crash). The site's origins
    are in the database that may be down, so any page may read it: it holds no data and allows no
    credentials, and the widget can say "try again shortly" rather than "cannot reach"."""
    origin = dict(scope["headers"]).get(b"origin")
    if origin is None or not scope["path"].startswith("/api/"):
        return []
    return [
        (b"access-control-allow-origin", origin),
        (b"access-control-expose-headers", b"Retry-After"),
        (b"vary", b"Origin"),
    ]
