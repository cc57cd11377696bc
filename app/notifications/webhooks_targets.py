"""Where a webhook may point: http(s) URLs whose host resolves to public addresses only.

The check runs when a webhook is created or changed, and again before every delivery on the
addresses the delivery will actually connect to (a name that resolved to a public address
yesterday may resolve to 127.0.0.1 today: DNS rebinding).
"""

import asyncio
import ipaddress
import socket
from dataclasses import dataclass

import httpx

from app.errors import InvalidInput

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
RESOLVE_SECONDS = 5.0


class WebhookTargetRefused(InvalidInput):
    type, title = "webhook-target-refused", "Webhook target refused"


@dataclass(frozen=True)
class Target:
    """A checked URL and the addresses its host resolved to (connect to these, not the name)."""

    url: httpx.URL
    addresses: tuple[IPAddress, ...]


def parse_target_url(raw: str) -> httpx.URL:
    """The URL if it is an absolute http(s) URL with a host; the fragment is dropped."""
    try:
        url = httpx.URL(raw.strip())
    except httpx.InvalidURL as exc:
        raise WebhookTargetRefused(f"Not a valid URL: {exc}") from exc
    if url.scheme not in ("http", "https") or not url.host:
        raise WebhookTargetRefused("A webhook URL must be an absolute http:// or https:// URL.")
    if url.userinfo:
        raise WebhookTargetRefused("A webhook URL must not carry a user name or password.")
    return url.copy_with(fragment=None)


def is_public(address: IPAddress) -> bool:
    """True for globally routable unicast addresses (not loopback, private, link-local, ...)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


async def resolve(host: str, port: int) -> tuple[IPAddress, ...]:
    """Every address the host resolves to (an IP literal resolves to itself)."""
    try:
        return (ipaddress.ip_address(host),)
    except ValueError:
        pass
    try:
        async with asyncio.timeout(RESOLVE_SECONDS):
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
            )
    except (OSError, UnicodeError, TimeoutError) as exc:
        raise WebhookTargetRefused(f"The host {host!r} does not resolve.") from exc
    addresses = {ipaddress.ip_address(info[4][0]) for info in infos}
    if not addresses:
        raise WebhookTargetRefused(f"The host {host!r} does not resolve.")
    return tuple(sorted(addresses, key=lambda a: (a.version, int(a))))


async def check_target(raw: str, *, allow_private: bool) -> Target:
    """Parse and resolve a webhook URL; refuse any non-public address unless allowed."""
    url = parse_target_url(raw)
    port = url.port or (443 if url.scheme == "https" else 80)
    addresses = await resolve(url.host, port)
    if not allow_private:
        refused = [str(a) for a in addresses if not is_public(a)]
        if refused:
            raise WebhookTargetRefused(
                f"The host {url.host!r} resolves to a non-public address ({', '.join(refused)}); "
                "webhooks may not target loopback, private, link-local or reserved networks "
                "unless PARLEY_WEBHOOK_ALLOW_PRIVATE=true."
            )
    return Target(url=url, addresses=addresses)
