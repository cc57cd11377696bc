"""Prometheus metrics (the official client): requests, latency, pool, streams, outbox.

`GET /metrics` is refused unless `PARLEY_METRICS_TOKEN` (bearer) or `PARLEY_METRICS_NETWORKS`
(client networks) is set: metrics reveal traffic and are not public by default.
"""

import hmac
import logging
from typing import Any

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest
from sqlalchemy import text

from app.errors import AppError, NotFound, problems
from app.net import _is_trusted, resolve_client_ip
from app.observability import outages

log = logging.getLogger("parley.metrics")

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class MetricsUnauthorized(AppError):
    status, type, title = 401, "unauthorized", "Authentication required"


class Metrics:
    """The metrics of one app, in a registry of its own (tests build many apps per process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "parley_http_requests",
            "HTTP requests by route template, method and status",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "parley_http_request_duration_seconds",
            "Time to the end of the response, by route template, method and status",
            ["route", "method", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.pool = Gauge(
            "parley_db_pool_connections",
            "Database pool connections by engine and state",
            ["engine", "state"],
            registry=self.registry,
        )
        self.subscribers = Gauge(
            "parley_sse_subscribers", "Open event streams on this process", registry=self.registry
        )
        self.outbox = Gauge(
            "parley_outbox_depth",
            "Notification outbox messages waiting to be sent",
            registry=self.registry,
        )
        self.up = Gauge(
            "parley_dependency_up",
            "1 while this process reaches the dependency",
            ["dependency"],
            registry=self.registry,
        )

    def observe(self, route: str, method: str, status: int, seconds: float | None) -> None:
        labels = (route, method, str(status))
        self.requests.labels(*labels).inc()
        if seconds is not None:
            self.latency.labels(*labels).observe(seconds)

    async def refresh(self, state: Any) -> None:
        """Sample the gauges that are read, not counted."""
        database = state.database
        engines = {"write": database.write_engine, "read": database.read_engine}
        for name, engine in engines.items():
            pool: Any = engine.sync_engine.pool
            for metric in ("size", "checkedout", "overflow", "checkedin"):
                method = getattr(pool, metric, None)
                if callable(method):
                    self.pool.labels(name, metric).set(method())
        live = getattr(state, "live", None)
        if live is not None:
            self.subscribers.set(live.hub.count)
        for dependency in (outages.database, outages.redis):
            self.up.labels(dependency.name).set(0 if dependency.is_down else 1)
        try:
            async with database.read_sessions() as session:
                depth = await session.scalar(
                    text("SELECT count(*) FROM outbox_messages WHERE status = 'pending'")
                )
            self.outbox.set(int(depth or 0))
        except Exception:  # no outbox table (yet), or the database is down: keep the last value
            log.debug("outbox depth not sampled", exc_info=True)


router = APIRouter(tags=["health"])


FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


def from_allowed_network(
    request: Request, networks: tuple[str, ...], proxies: tuple[str, ...]
) -> bool:
    """Whether the client (not merely the last hop) is in `networks`. A request a proxy passed on
    is decided by the client the trusted-proxy rules find (as rate limits are), never by the
    proxy's own address: behind a proxy on the allowed network, everyone's requests come from
    it. Forwarded by a proxy that is not trusted, or by trusted proxies only, it is refused."""
    peer = request.client.host if request.client else ""
    if not any(name in request.headers for name in FORWARDING_HEADERS):
        return _is_trusted(peer, networks)
    if not _is_trusted(peer, proxies):
        return False
    client = resolve_client_ip(peer, request.headers.get("x-forwarded-for"), proxies)
    return not _is_trusted(client, proxies) and _is_trusted(client, networks)


def _allowed(request: Request) -> bool:
    settings = request.app.state.settings
    token = settings.metrics_token.get_secret_value()
    networks = tuple(settings.metrics_networks)
    if not token and not networks:
        raise NotFound("Metrics are off; set PARLEY_METRICS_TOKEN or PARLEY_METRICS_NETWORKS.")
    if networks and from_allowed_network(request, networks, tuple(settings.trusted_proxies)):
        return True
    sent = request.headers.get("authorization", "")
    return bool(token) and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text format"},
        **problems(401, 404, e404="Metrics are off (no token or network configured)"),
    },
)
async def metrics(request: Request) -> Response:
    """Prometheus metrics of this process (bearer token or allowed network)."""
    if not _allowed(request):
        raise MetricsUnauthorized(
            "Send Authorization: Bearer <PARLEY_METRICS_TOKEN>.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    collected: Metrics = request.app.state.metrics
    await collected.refresh(request.app.state)
    return Response(generate_latest(collected.registry), media_type=CONTENT_TYPE_LATEST)
