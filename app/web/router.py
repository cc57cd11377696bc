"""GET /embed.js: the built widget, cached by content hash.

`/embed.js?v=<hash>` (the hash in the ETag) may be cached for a year; plain `/embed.js`, the URL in
blog templates, is cached briefly and revalidated with its ETag so a new build reaches readers soon.
"""

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status

EMBED_PATH = Path(__file__).resolve().parent / "static" / "embed.js"
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300, stale-while-revalidate=86400"

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes
    digest: str
    mtime_ns: int

    @property
    def etag(self) -> str:
        return f'"{self.digest}"'


_cached: Asset | None = None


def embed_asset(path: Path = EMBED_PATH) -> Asset:
    """The built file, hashed and gzipped once per build (re-read when the file changes)."""
    global _cached
    mtime_ns = path.stat().st_mtime_ns
    if _cached is None or _cached.mtime_ns != mtime_ns:
        body = path.read_bytes()
        digest = hashlib.sha256(body).hexdigest()[:16]
        _cached = Asset(body, gzip.compress(body, 9, mtime=0), digest, mtime_ns)
    return _cached


@router.api_route("/embed.js", methods=["GET", "HEAD"])
def embed_js(
    v: Annotated[str | None, Query(max_length=64)] = None,
    if_none_match: Annotated[str | None, Header()] = None,
    accept_encoding: Annotated[str | None, Header()] = None,
) -> Response:
    """The embed script (served to any origin; it carries no secrets)."""
    asset = embed_asset()
    headers = {
        "ETag": asset.etag,
        "Cache-Control": LONG_CACHE if v == asset.digest else SHORT_CACHE,
        "Vary": "Accept-Encoding",
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Resource-Policy": "cross-origin",
        "Access-Control-Allow-Origin": "*",
    }
    if if_none_match and asset.etag in if_none_match:
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    body = asset.body
    if accept_encoding and "gzip" in accept_encoding:
        body = asset.gzipped
        headers["Content-Encoding"] = "gzip"
    return Response(body, media_type="text/javascript; charset=utf-8", headers=headers)
