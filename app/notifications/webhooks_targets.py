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
_V4 = ipaddress.IPv4Network
_V6 = ipaddress.IPv6Network
# Not global, though Python 3.11's `is_global` says so (later versions agree with us).
_NOT_GLOBAL_V4 = (_V4("192.0.0.0/24"),)  # IETF protocol assignments: 192.0.0.8 and others
_NOT_GLOBAL_V6 = (
    _V6("64:ff9b:1::/48"),  # local-use NAT64 (RFC 8215): translates to any address, private too
    _V6("2001::/32"),  # Teredo: tunnels to an address the first hop chooses
    _V6("3fff::/20"),  # documentation (RFC 9637)
    _V6("5f00::/16"),  # segment routing SIDs (RFC 9602)
)
# IPv6 forms that carry an IPv4 address in their last 32 bits; a connection to one may end at
# that IPv4 address, so they are decided by it.
_EMBEDDING_V6 = (
    _V6("::/96"),  # IPv4-compatible (deprecated), :: and ::1 too
    _V6("::ffff:0:0/96"),  # IPv4-mapped
    _V6("::ffff:0:0:0/96"),  # IPv4-translated (SIIT)
    _V6("64:ff9b::/96"),  # NAT64 well-known prefix
)


class WebhookTargetRefused(InvalidInput):
    type, title = "webhook-target-refused", "Webhook target refused"


@dataclass(frozen=True)
class Target:
    """A checked URL and the addresses its host resolved to (connect to these, not the name)."""

    url: httpx.URL
    addresses: tuple[IPAddress, ...]


def parse_target_url(raw: str) -> httpx.URL:
    """The URL if it is an absolute http(s) URL with a host and a valid port; the fragment is
    dropped."""
    try:
        url = httpx.URL(raw.strip())
        url.host  # noqa: B018 - decoded on first use: a host that is not valid IDNA raises here
    except httpx.InvalidURL as exc:
        raise WebhookTargetRefused(f"Not a valid URL: {exc}") from exc
    except UnicodeError:  # a host that is not valid IDNA (`xn--`): idna's errors are these
        raise WebhookTargetRefused("Not a valid URL: the host name is not valid.") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise WebhookTargetRefused("A webhook URL must be an absolute http:// or https:// URL.")
    if url.port is not None and not 1 <= url.port <= 65535:
        raise WebhookTargetRefused("A webhook URL's port must be between 1 and 65535.")
    if url.userinfo:
        raise WebhookTargetRefused("A webhook URL must not carry a user name or password.")
    return url.copy_with(fragment=None)


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 transition form leads to (mapped, compatible, translated,
    NAT64, 6to4), if it is one."""
    if any(address in network for network in _EMBEDDING_V6):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour  # 2002:AABB:CCDD::/48 leads to AA.BB.CC.DD


def is_public(address: IPAddress) -> bool:
    """True for globally routable unicast addresses (not loopback, private, link-local, ...),
    deciding an IPv6 form that carries an IPv4 address by that IPv4 address."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None:
            return is_public(inner) and not address.is_multicast
        refused: tuple[ipaddress.IPv6Network, ...] | tuple[ipaddress.IPv4Network, ...]
        refused = _NOT_GLOBAL_V6
    else:
        refused = _NOT_GLOBAL_V4
    if any(address in network for network in refused):
        return False
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
    if not allow_private and not all(is_public(a) for a in addresses):
        # Which address is not said: the answer would tell a caller what our resolver sees.
        raise WebhookTargetRefused(
            f"The host {url.host!r} resolves to a non-public address; webhooks may not target "
            "loopback, private, link-local or reserved networks (nor an IPv6 form of one) "
            "unless PARLEY_WEBHOOK_ALLOW_PRIVATE=true."
        )
    return Target(url=url, addresses=addresses)
