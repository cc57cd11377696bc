"""`GET /api/v1/sites/{site}/events?url=…`: a thread's changes as server-sent events."""

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query

from app.errors import InvalidInput, NotFound, problems
from app.live import queries
from app.live.runtime import LiveDep
from app.live.stream import EventStream
from app.net import Client
from app.ratelimit import READ_LIMITED
from app.sites.schemas import SITE_ID_PATTERN
from app.sites.urls import InvalidURL, normalize_post_url

router = APIRouter(tags=["live"], dependencies=[READ_LIMITED])

SiteId = Annotated[str, Path(pattern=SITE_ID_PATTERN, description="The site's slug")]

EVENTS_DESCRIPTION = """`text/event-stream` of the thread's changes: `comment.created`,
`comment.updated`, `comment.deleted` (`data:` is the public comment as the thread read shows
it, without `replies`) and `thread.closed` (`data: {"closed": bool}`). Each event's `id:`
increases along the thread; reconnect with `Last-Event-ID` to get what was missed (the most
recent 500 events at most). `: ping` comments every 15 s keep idle connections open."""


def _post_url(url: str) -> str:
    try:
        return normalize_post_url(url)
    except InvalidURL as exc:
        raise InvalidInput(f"Invalid post URL {url[:200]!r}: {exc}") from exc


def _event_id(header: str | None, query: str | None) -> int | None:
    """The id to resume after; anything but ASCII digits is ignored (`²` is a digit to
    `str.isdigit` but not to `int`)."""
    value = (header or query or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


EVENTS_PATH = "/api/v1/sites/{site_id}/events"


@router.get(
    EVENTS_PATH,
    response_class=EventStream,
    status_code=200,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "The event stream"},
        **problems(404, 422, 429, 503),
    },
    description=EVENTS_DESCRIPTION,
)
async def thread_events(
    site_id: SiteId,
    client: Client,
    live: LiveDep,
    url: Annotated[str, Query(max_length=2048, description="The post's URL")],
    last_event_id: Annotated[
        str | None, Header(alias="Last-Event-ID", max_length=40, description="Resume after")
    ] = None,
    last_event_id_query: Annotated[
        str | None,
        Query(alias="last_event_id", max_length=40, description="Resume after (no header)"),
    ] = None,
) -> EventStream:
    """Live changes of a thread, as server-sent events."""
    post_url = _post_url(url)
    async with live.hub.database.read_sessions() as session:
        exists, thread_id = await queries.find_thread(session, site_id, post_url)
    if not exists:
        raise NotFound(f"No site '{site_id}'.")
    # The place is taken here, before the response starts; an IPv6 reader holds a /64: one cap
    # for all of it. Given back when the response ends, whether it streamed or not.
    slot = live.hub.reserve(client.network)
    return EventStream(
        live.hub,
        (site_id, post_url, thread_id),
        base_url=client.base_url,
        slot=slot,
        last_event_id=_event_id(last_event_id, last_event_id_query),
    )


# HEAD answers as GET would (the same checks, status and headers: 200 and `text/event-stream`,
# or the problem) without a body, and holds no stream. Not in the OpenAPI document, as for every
# GET route; `Allow` names HEAD wherever GET is.
router.add_api_route(
    EVENTS_PATH,
    thread_events,
    methods=["HEAD"],
    response_class=EventStream,
    include_in_schema=False,
)
