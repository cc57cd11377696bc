"""GET /embed.js, /embed-more.js and /embed-i18n.js: the built widget, cached by content hash.

`/embed.js?v=<hash>` (the hash in the ETag) may be cached for a year; plain `/embed.js`, the URL in
blog templates, is cached briefly and revalidated with its ETag so a new build reaches readers soon.
embed.js imports its second chunk as `/embed-more.js?v=<hash>` after first paint: cached for a year
under its hash; any other URL of it is revalidated every time (`no-cache` + ETag). On a page in
another language than English it first imports `/embed-i18n.js?v=<hash>` (the other languages'
strings), cached the same way.
"""

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response, status

EMBED_PATH = Path(__file__).resolve().parent / "static" / "embed.js"
MORE_PATH = EMBED_PATH.with_name("embed-more.js")
I18N_PATH = EMBED_PATH.with_name("embed-i18n.js")
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300, stale-while-revalidate=86400"
REVALIDATE = "no-cache"

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


_cached: dict[Path, Asset] = {}


def embed_asset(path: Path = EMBED_PATH) -> Asset:
    """The built file, hashed and gzipped once per build (re-read when the file changes)."""
    mtime_ns = path.stat().st_mtime_ns
    asset = _cached.get(path)
    if asset is None or asset.mtime_ns != mtime_ns:
        body = path.read_bytes()
        digest = hashlib.sha256(body).hexdigest()[:16]
        asset = _cached[path] = Asset(body, gzip.compress(body, 9, mtime=0), digest, mtime_ns)
    return asset


@dataclass(frozen=True)
class Asked:
    """What a request for a widget file says: the hash it names, its ETag, its encodings."""

    v: str | None
    if_none_match: str | None
    accept_encoding: str | None


async def asked(
    v: Annotated[str | None, Query(max_length=64)] = None,
    if_none_match: Annotated[str | None, Header()] = None,
    accept_encoding: Annotated[str | None, Header()] = None,
) -> Asked:
    return Asked(v, if_none_match, accept_encoding)


AskedDep = Annotated[Asked, Depends(asked)]


@router.api_route("/embed.js", methods=["GET", "HEAD"])
async def embed_js(request: AskedDep) -> Response:
    """The embed script (served to any origin; it carries no secrets)."""
    return _serve(embed_asset(), request, SHORT_CACHE)


@router.api_route("/embed-more.js", methods=["GET", "HEAD"])
async def embed_more_js(request: AskedDep) -> Response:
    """The widget's second chunk, an ES module embed.js imports after first paint (any origin)."""
    return _serve(embed_asset(MORE_PATH), request, REVALIDATE)


@router.api_route("/embed-i18n.js", methods=["GET", "HEAD"])
async def embed_i18n_js(request: AskedDep) -> Response:
    """The widget's strings in every language but English, an ES module (any origin)."""
    return _serve(embed_asset(I18N_PATH), request, REVALIDATE)


def _serve(asset: Asset, request: Asked, plain_cache: str) -> Response:
    v, if_none_match, accept_encoding = request.v, request.if_none_match, request.accept_encoding
    headers = {
        "ETag": asset.etag,
        "Cache-Control": LONG_CACHE if v == asset.digest else plain_cache,
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
