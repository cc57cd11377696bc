"""`GET /metrics`: refused unless `PARLEY_METRICS_TOKEN` (bearer) or `PARLEY_METRICS_NETWORKS`
(client networks) is set: metrics reveal traffic and are not public by default."""

import hmac

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.exposition import generate_latest

from app.config import Settings
from app.db.session import Database
from app.errors import AppError, NotFound, problems
from app.net import _is_trusted, resolve_client_ip
from app.observability.metrics import Metrics
from app.runtime import runtime_of


class MetricsUnauthorized(AppError):
    status, type, title = 401, "unauthorized", "Authentication required"


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
    settings = runtime_of(request.app).require(Settings)
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
    runtime = runtime_of(request.app)
    collected = runtime.require(Metrics)
    await collected.refresh(runtime.require(Database))
    return Response(generate_latest(collected.registry), media_type=CONTENT_TYPE_LATEST)
