"""Facts about the calling client: its IP (proxy-aware by configuration only) and Origin."""

import ipaddress
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Request

from app.crypto import keyed_hash


@lru_cache(maxsize=8)
def _networks(
    proxies: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _is_trusted(address: str, proxies: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(proxies))


def resolve_client_ip(peer: str, forwarded_for: str | None, trusted: tuple[str, ...]) -> str:
    """The client's IP: X-Forwarded-For is believed only through proxies we were told to trust,
    walking it from the right and stopping at the first untrusted hop."""
    if not trusted or not forwarded_for or not _is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer


@dataclass(frozen=True)
class ClientInfo:
    ip: str
    ip_hash: str
    origin: str | None
    base_url: str  # this API's public base URL, for absolute links in responses


async def get_client_info(request: Request) -> ClientInfo:
    # async: no I/O here, and a sync dependency would cost a threadpool hop per request
    settings = request.app.state.settings
    peer = request.client.host if request.client else "0.0.0.0"  # noqa: S104 - a fallback value, not a bind
    ip = resolve_client_ip(
        peer, request.headers.get("x-forwarded-for"), tuple(settings.trusted_proxies)
    )
    base_url = (settings.base_url or str(request.base_url)).rstrip("/")
    return ClientInfo(
        ip=ip,
        ip_hash=keyed_hash(request.app.state.secret_key, "ip", ip),
        origin=request.headers.get("origin"),
        base_url=base_url,
    )


Client = Annotated[ClientInfo, Depends(get_client_info)]
