"""`GET /api/v1/sites/{site}/feed.atom`: a thread's or a site's Atom feed, with its ETag.

The ETag is the hash of the feed's bytes, so any visible change (a new, approved, edited or
removed comment) changes it; readers that send it back get a 304.
"""

import hashlib
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request, Response, status

from app.db.session import SessionDep
from app.errors import InvalidInput, problems
from app.net import Client
from app.notifications.feeds import ATOM_MEDIA_TYPE, Feed, render_atom, site_feed, thread_feed
from app.ratelimit import READ_LIMITED
from app.sites.schemas import SITE_ID_PATTERN
from app.sites.service import get_site
from app.sites.urls import InvalidURL, normalize_post_url


def _not_modified(request: Request, etag: str, updated: datetime) -> bool:
    """RFC 9110: If-None-Match decides when sent; otherwise If-Modified-Since."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match == "*"
    since = request.headers.get("if-modified-since")
    if since is None:
        return False
    try:
        return updated.replace(microsecond=0) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


def feed_response(request: Request, feed: Feed) -> Response:
    body = render_atom(feed)
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers = {
        "ETag": etag,
        "Last-Modified": format_datetime(feed.updated.replace(microsecond=0), usegmt=True),
        "Cache-Control": "no-cache",
    }
    if _not_modified(request, etag, feed.updated):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(body, media_type=ATOM_MEDIA_TYPE, headers=headers)


router = APIRouter(tags=["feeds"], dependencies=[READ_LIMITED])
SiteId = Annotated[str, Path(pattern=SITE_ID_PATTERN, description="The site's slug")]


@router.get(
    "/api/v1/sites/{site_id}/feed.atom",
    response_class=Response,
    responses={
        200: {"content": {ATOM_MEDIA_TYPE: {}}, "description": "An Atom 1.0 feed"},
        304: {"description": "Unchanged since the ETag or date sent"},
        **problems(404, 422, 429, e404="No such site", e422="Invalid post URL"),
    },
)
async def read_feed(
    site_id: SiteId,
    request: Request,
    session: SessionDep,
    client: Client,
    url: Annotated[
        str | None, Query(max_length=2048, description="A post's URL: that thread only")
    ] = None,
) -> Response:
    """Atom feed of approved comments: one post's thread with `url`, else the site's latest."""
    site = await get_site(session, site_id)
    self_url = f"{client.base_url}/api/v1/sites/{site.id}/feed.atom"
    if url is None:
        return feed_response(request, await site_feed(session, site, self_url))
    try:
        post_url = normalize_post_url(url)
    except InvalidURL as exc:
        raise InvalidInput(f"Invalid post URL {url[:200]!r}: {exc}") from exc
    self_url = f"{self_url}?{urlencode({'url': post_url})}"
    return feed_response(request, await thread_feed(session, site, post_url, self_url))
