"""Pure post-URL normalization: equivalent URLs map to one thread."""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from app.errors import InvalidInput

DEFAULT_PORTS = {"http": 80, "https": 443}
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "twclid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref_src",
        "spm",
    }
)
MAX_URL_LENGTH = 2048
_UNSAFE_CHARS = re.compile(r"[\s\x00-\x1f\x7f]")


class InvalidURL(ValueError):
    """The text is not an absolute http(s) URL we can key a thread on."""


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in TRACKING_PARAMS


def _split(url: str) -> tuple[str, str, int | None, str, str]:
    if len(url) > MAX_URL_LENGTH:
        raise InvalidURL(f"URL longer than {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise InvalidURL(str(exc)) from exc
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in DEFAULT_PORTS or not host:
        raise InvalidURL("expected an absolute http:// or https:// URL")
    if _UNSAFE_CHARS.search(url.strip()):
        raise InvalidURL("URL contains whitespace or control characters")
    return scheme, host, port, parts.path, parts.query


def _netloc(scheme: str, host: str, port: int | None) -> str:
    shown = f"[{host}]" if ":" in host else host
    if port is None or DEFAULT_PORTS[scheme] == port:
        return shown
    return f"{shown}:{port}"


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, normalized (default port dropped)."""
    scheme, host, port, _, _ = _split(url)
    return f"{scheme}://{_netloc(scheme, host, port)}"


def normalize_origin(origin: str) -> str:
    """An origin as configured by a site owner, normalized; paths are not allowed."""
    scheme, host, port, path, query = _split(origin)
    if path not in ("", "/") or query:
        raise InvalidURL("an origin is scheme://host[:port] without a path")
    return f"{scheme}://{_netloc(scheme, host, port)}"


def normalize_post_url(url: str) -> str:
    """Lowercase scheme and host, drop default port, fragment and tracking parameters,
    sort the remaining query parameters; a trailing slash is not significant."""
    scheme, host, port, path, query = _split(url)
    path = path.rstrip("/") or "/"
    params = sorted(
        (k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _is_tracking(k)
    )
    return urlunsplit((scheme, _netloc(scheme, host, port), path, urlencode(params), ""))


def normalized_url(url: str) -> str:
    """`normalize_post_url` for request input: an unusable URL is a 422 problem."""
    try:
        return normalize_post_url(url)
    except InvalidURL as exc:
        raise InvalidInput(f"Invalid post URL {url[:200]!r}: {exc}") from exc
