"""The hot paths of a blog: anonymous reads of a cached thread page or of comment counts,
answered before routing.

A pure ASGI layer in front of the app: for `GET /api/v1/sites/{site}/comments`, `…/counts` and
`…/thread.html` (whose answers get a freshly signed form token spliced in)
without an `Authorization` header, it looks the request up in the page cache under the database
change token (app/db/changes.py). A hit is a dictionary lookup and a 48-byte compare — no query,
no routing, no validation — answered with the same headers the route sends (ETag, 304, gzip).
When the token has moved since a thread page was remembered (a commit anywhere, most often on
another thread), or when the database cannot give a token (PostgreSQL without Redis), the page
is revalidated: one indexed query for the thread's fingerprint (its version, its site's
settings), and while that is unchanged the page still answers. Counts without a token are
counted here (one prepared statement), as the route would answer them. Anything else goes on to
the app, whose route fills the cache.

A page is checked (revalidated or rebuilt) by one request at a time: reads of a page whose check
is under way (a busy thread, a comment a second, a thousand readers) wait for it and are then
answered from the cache when its page holds for them (the same check, under the token each took
when it arrived, so no reader is given a page older than what had committed before it asked),
else checked again.
"""

import asyncio
import re
from collections.abc import Awaitable, Callable, Hashable
from types import SimpleNamespace

from starlette.datastructures import QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from app.comments import formtoken, reads
from app.comments.cache import CachedPage, PageCache, Remembered
from app.comments.html_page import HTML_MEDIA_TYPE, HtmlPage
from app.db.changes import ChangeToken
from app.db.session import Database
from app.errors import InvalidInput, NotFound
from app.runtime import Runtime

CACHED_PATH = re.compile(
    r"^/api/v1/sites/([a-z0-9][a-z0-9-]{0,63})/(comments|counts|thread\.html)$"
)
MAX_COUNTED_URLS = 100  # the GET route's limit; longer lists go to the route (its 422)
# What access logs and metrics see for a fast-path answer: the route's own template.
ROUTES = {
    kind: SimpleNamespace(path=f"/api/v1/sites/{{site_id}}/{kind}")
    for kind in ("comments", "counts", "thread.html")
}


def request_key(kind: str, site_id: str, query_string: bytes, base_url: str) -> Hashable:
    """What a cached answer is filed under: the route, the site, the raw query, the public base
    URL (avatar links in pages are absolute)."""
    return (kind, site_id, query_string, base_url)


def cache_control(cdn_max_age: int) -> str:
    """Browsers always revalidate (cheap: 304); a shared cache (CDN, reverse proxy) may serve a
    page for `cdn_max_age` seconds without asking, when the owner allows it."""
    if cdn_max_age <= 0:
        return "public, no-cache"
    return f"public, no-cache, s-maxage={cdn_max_age}, stale-while-revalidate={cdn_max_age}"


def page_headers(page: CachedPage, *, gzip_ok: bool, cache_control: str) -> list[tuple[str, str]]:
    headers = [
        ("etag", page.etag),
        ("cache-control", cache_control),
        ("vary", "Accept-Encoding"),
    ]
    if gzip_ok and page.gzipped is not None:
        headers.append(("content-encoding", "gzip"))
    return headers


def accepts_gzip(accept_encoding: str) -> bool:
    return "gzip" in accept_encoding.lower()


def not_modified(page: CachedPage, if_none_match: str) -> bool:
    return bool(if_none_match) and page.etag in if_none_match


class CachedThreadReads:
    def __init__(
        self,
        app: ASGIApp,
        *,
        cache: PageCache,
        token: ChangeToken,
        base_url: str | None,
        cdn_max_age: int,
        read_limit: Callable[[Scope], Awaitable[bool]],
        secret_key: str,
        runtime: Runtime,
    ) -> None:
        self.app, self.cache, self.token, self.read_limit = app, cache, token, read_limit
        self.secret_key = secret_key
        self.runtime = runtime  # the database, once the lifespan has built it
        self.base_url = base_url.rstrip("/") if base_url else None
        self.cache_control = cache_control(cdn_max_age)
        self._checking: dict[Hashable, asyncio.Event] = {}  # pages being revalidated or rebuilt

    def _base_url(self, scope: Scope, headers: dict[bytes, bytes]) -> str:
        if self.base_url:
            return self.base_url
        host = headers.get(b"host", b"").decode("latin-1")
        return f"{scope.get('scheme', 'http')}://{host}{scope.get('root_path', '')}"

    @staticmethod
    def _anonymous_read(scope: Scope) -> tuple[str, str, dict[bytes, bytes]] | None:
        """The route kind, site and headers of a read the fast path may answer: an anonymous
        GET or HEAD of a thread page or of counts."""
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return None
        match = CACHED_PATH.match(scope["path"])
        if match is None:
            return None
        headers = dict(scope["headers"])
        if b"authorization" in headers:
            return None
        return match.group(2), match.group(1), headers

    def _key(self, scope: Scope, kind: str, site_id: str, headers: dict[bytes, bytes]) -> Hashable:
        base_url = self._base_url(scope, headers) if kind != "counts" else ""
        return request_key(kind, site_id, scope["query_string"], base_url)

    async def _still_good(self, key: Hashable, entry: Remembered, token: bytes | None) -> bool:
        """Whether the remembered page answers under `token` (taken before this asks anything,
        as the routes take it): filed under it, or its thread and site unchanged since."""
        if token is not None and entry.token == token:
            return True
        database = self.runtime.find(Database)
        if entry.freshness is None or database is None:
            return False
        fresh = entry.freshness
        if await reads.current_fingerprint(database, fresh.site_id, fresh.url) != fresh.fingerprint:
            return False
        self.cache.remember(key, token, entry.page, fresh)
        return True

    def _body(self, page: CachedPage, site_id: str, gzip_ok: bool) -> tuple[bytes, str]:
        if isinstance(page, HtmlPage):  # the HTML thread: a fresh form token in every answer
            token = formtoken.issue(self.secret_key, site_id)
            return page.render(token, gzip_ok=gzip_ok), HTML_MEDIA_TYPE
        body = page.gzipped if gzip_ok and page.gzipped is not None else page.body
        return body, "application/json"

    async def _counted_now(self, scope: Scope, site_id: str) -> CachedPage | None:
        """Counts asked of a database that gives no change token (so no answer is kept), or
        None for anything the route should answer: an odd query, a URL it refuses, no such
        site (its 4xx problem)."""
        database = self.runtime.find(Database)
        params = QueryParams(scope["query_string"])  # parsed as the route parses it
        urls = params.getlist("url")
        if database is None or set(params.keys()) != {"url"} or len(urls) > MAX_COUNTED_URLS:
            return None
        try:
            return reads.counts_page(await reads.current_counts(database, site_id, urls))
        except (InvalidInput, NotFound):
            return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        read = self._anonymous_read(scope)
        if read is None:
            await self.app(scope, receive, send)
            return
        kind, site_id, headers = read
        key = self._key(scope, kind, site_id, headers)
        entry = self.cache.remembered(key)  # what this read was last answered with, if anything
        if entry is None and key not in self._checking:
            # PostgreSQL without Redis keeps no counts: they are counted here, without the route
            # (a blog's index page asks for them on every view). Over the read limit, or for
            # anything odd, the route answers.
            if (
                kind == "counts"
                and await self.token.current() is None
                and await self.read_limit(scope)
                and (page := await self._counted_now(scope, site_id))
            ):
                await self._answer(scope, send, kind, page, headers, site_id)
                return
            await self._checked(key, None, None, scope, receive, send)
            return
        token = await self.token.current()  # before any query, as the routes take it
        # Counted before the database is asked anything: a client over its limit costs no
        # query. A read counted here is not counted again by the route (ratelimit.py).
        if not await self.read_limit(scope):
            await self.app(scope, receive, send)  # the route answers the 429
            return
        if entry is None or token is None or entry.token != token:
            checking = self._checking.get(key)
            if checking is not None:  # wait for the check under way, then look again
                await checking.wait()
                entry = self.cache.remembered(key)
            entry = await self._checked(key, entry, token, scope, receive, send)
            if entry is None:
                return  # the route answered
        await self._answer(scope, send, kind, entry.page, headers, site_id)

    async def _checked(
        self,
        key: Hashable,
        entry: Remembered | None,
        token: bytes | None,
        scope: Scope,
        receive: Receive,
        send: Send,
    ) -> Remembered | None:
        """`entry` if it still answers under `token`; else the route answers (and fills the
        cache) and this returns None. Reads of the same page that arrive meanwhile wait for
        this check instead of making their own (`_checking`)."""
        done = None
        if key not in self._checking:
            done = self._checking[key] = asyncio.Event()
        try:
            if entry is not None and await self._still_good(key, entry, token):
                return entry
            await self.app(scope, receive, send)
            return None
        finally:
            if done is not None:
                del self._checking[key]
                done.set()

    async def _answer(
        self,
        scope: Scope,
        send: Send,
        kind: str,
        page: CachedPage,
        headers: dict[bytes, bytes],
        site_id: str,
    ) -> None:
        """The page with the headers the route sends (ETag, 304, gzip)."""
        scope["route"] = ROUTES[kind]
        gzip_ok = accepts_gzip(headers.get(b"accept-encoding", b"").decode("latin-1"))
        extra = page_headers(page, gzip_ok=gzip_ok, cache_control=self.cache_control)
        if not_modified(page, headers.get(b"if-none-match", b"").decode("latin-1")):
            status, body = 304, b""
        else:
            status = 200
            body, media_type = self._body(page, site_id, gzip_ok)
            extra += [("content-type", media_type), ("content-length", str(len(body)))]
        raw = [(name.encode(), value.encode()) for name, value in extra]
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send(
            {"type": "http.response.body", "body": body if scope["method"] == "GET" else b""}
        )
