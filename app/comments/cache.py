"""Serialized thread pages, keyed by the thread's version: a hot thread is served from bytes.

Two indexes over one LRU of pages:
- by *version key* (thread id, version, site state, page parameters): filled by the read route
  after the one-row freshness query, so correctness never depends on the cache;
- by *request* (site, raw query string, public base URL) with the database change token seen
  before that query (app/db/changes.py): the fast path (app/comments/fastpath.py) serves a hit
  with no query at all while the token is unchanged, i.e. while nothing was committed since.
  A thread page is remembered with its `Freshness` too: once the token has moved (a comment on
  any other thread moves it), the fast path asks the database for the thread's fingerprint
  alone, one indexed row, and while it is unchanged serves the page still — and files it under
  the new token. Without a token (PostgreSQL without Redis) it asks for every request.
Pages are kept gzip-compressed too, so compression costs nothing on a hit.
"""

import gzip
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

GZIP_LEVEL = 6
MIN_GZIP_BYTES = 512  # below this, compression costs more than it saves


@dataclass(frozen=True)
class Freshness:
    """Where a remembered thread page came from: its site, its post's normalized URL, and the
    fingerprint (app/comments/reads.py) of the thread and site it was built from."""

    site_id: str
    url: str
    fingerprint: tuple[object, ...]


@dataclass(frozen=True)
class Remembered:
    token: bytes | None  # None: made with no change token, good only once revalidated
    page: "CachedPage"
    freshness: Freshness | None


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    etag: str
    gzipped: bytes | None

    @classmethod
    def of(cls, body: bytes, etag: str) -> "CachedPage":
        packed = gzip.compress(body, GZIP_LEVEL, mtime=0) if len(body) >= MIN_GZIP_BYTES else None
        return cls(body, etag, packed)


class _LRU:
    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, object] = OrderedDict()

    def get(self, key: Hashable) -> object | None:
        value = self._entries.get(key)
        if value is not None:
            self._entries.move_to_end(key)
        return value

    def put(self, key: Hashable, value: object) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


class PageCache:
    def __init__(self, max_entries: int) -> None:
        self._pages = _LRU(max_entries)
        self._requests = _LRU(max_entries * 2)

    def clear(self) -> None:
        self._pages = _LRU(self._pages.max_entries)
        self._requests = _LRU(self._requests.max_entries)

    def get(self, key: Hashable) -> CachedPage | None:
        page = self._pages.get(key)
        return page if isinstance(page, CachedPage) else None

    def put(self, key: Hashable, page: CachedPage) -> None:
        self._pages.put(key, page)

    def remember(
        self,
        request: Hashable,
        token: bytes | None,
        page: CachedPage,
        freshness: Freshness | None = None,
    ) -> None:
        """`page` answers `request` for as long as the database change token stays `token`
        (and, with `freshness`, for as long as the database still gives its fingerprint)."""
        if token is None and freshness is None:
            return  # could never be told fresh
        self._requests.put(request, Remembered(token, page, freshness))

    def remembered(self, request: Hashable) -> Remembered | None:
        """What `request` was last answered with, whatever the token then."""
        entry = self._requests.get(request)
        return entry if isinstance(entry, Remembered) else None

    def recall(self, request: Hashable, token: bytes) -> CachedPage | None:
        """The page that answers `request` under `token`, if one was filed under it."""
        entry = self.remembered(request)
        if entry is not None and entry.token is not None and entry.token == token:
            return entry.page
        return None
