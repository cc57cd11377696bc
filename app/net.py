"""Facts about the calling client: its IP (proxy-aware by configuration only) and Origin."""

import ipaddress
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Request
from starlette.types import Scope

from app.config import Settings
from app.crypto import keyed_hash
from app.runtime import ServerKey, runtime_of


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


IPV6_PREFIX = 64  # one subscriber's allocation: every address in it is the same client


def client_network(ip: str) -> str:
    """What identifies a client for votes, bans by address and rate limits: an IPv4 address,
    or the /64 an IPv6 address is in (anyone holding one address holds all 2^64 of them)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False))
    return str(address)


def ip_hash(key: str, ip: str) -> str:
    """The stored, keyed hash of a client's address (of its /64 for IPv6)."""
    return keyed_hash(key, "ip", client_network(ip))


@lru_cache(maxsize=4096)
def _network_and_hash(key: str, ip: str) -> tuple[str, str]:
    # A client's reads and writes come from one address: worked out once (~30 µs a request).
    return client_network(ip), ip_hash(key, ip)


@lru_cache(maxsize=256)
def _base_url(scheme: str, host: bytes | None, server: tuple[str, int] | None, root: str) -> str:
    # Starlette's `request.base_url` from the only parts of the request it reads: the Host
    # header (any value an attacker sends costs one of the bounded entries), the server's
    # address and the root path.
    scope: Scope = {
        "type": "http",
        "scheme": scheme,
        "server": server,
        "path": root if root.endswith("/") else f"{root}/",
        "root_path": root,
        "query_string": b"",
        "headers": [] if host is None else [(b"host", host)],
    }
    return str(Request(scope).base_url).rstrip("/")


@dataclass(frozen=True)
class ClientInfo:
    ip: str  # the real address, for Akismet only; never stored
    ip_hash: str  # of `network`
    network: str  # the address, or its /64: the key of votes, bans and rate limits
    origin: str | None
    base_url: str  # this API's public base URL, for absolute links in responses


_CLIENT_KEY = "parley.client"  # the request's ClientInfo, once worked out


async def get_client_info(request: Request) -> ClientInfo:
    """The caller's facts, worked out once per request (dependencies that call this directly
    share it with the ones FastAPI resolves)."""
    # async: no I/O here, and a sync dependency would cost a threadpool hop per request
    known: ClientInfo | None = request.scope.get(_CLIENT_KEY)
    if known is not None:
        return known
    runtime = runtime_of(request.app)
    settings = runtime.require(Settings)
    peer = request.client.host if request.client else "0.0.0.0"  # noqa: S104 - a fallback value, not a bind
    ip = resolve_client_ip(
        peer, request.headers.get("x-forwarded-for"), tuple(settings.trusted_proxies)
    )
    scope = request.scope
    base_url = (
        settings.base_url.rstrip("/")
        if settings.base_url
        else _base_url(
            scope["scheme"],
            request.headers.get("host", "").encode("latin-1") or None,
            tuple(server) if (server := scope.get("server")) else None,  # ASGI allows a list
            scope.get("app_root_path", scope.get("root_path", "")),
        )
    )
    network, hashed = _network_and_hash(runtime.require(ServerKey).value, ip)
    client = scope[_CLIENT_KEY] = ClientInfo(
        ip=ip,
        ip_hash=hashed,
        network=network,
        origin=request.headers.get("origin"),
        base_url=base_url,
    )
    return client


Client = Annotated[ClientInfo, Depends(get_client_info)]
