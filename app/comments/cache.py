"""Serialized thread pages, keyed by the thread's version: a hot thread is served from bytes.

Two indexes over one LRU of pages:
- by *version key* (thread id, version, site state, page parameters): filled by the read route
  after the one-row freshness query, so correctness never depends on the cache;
- by *request* (site, raw query string, public base URL) with the database change token seen
  before that query (app/db/changes.py): the fast path (app/comments/fastpath.py) serves a hit
  with no query at all while the token is unchanged, i.e. while nothing was committed since.
Pages are kept gzip-compressed too, so compression costs nothing on a hit.
"""

import gzip
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

GZIP_LEVEL = 6
MIN_GZIP_BYTES = 512  # below this, compression costs more than it saves


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

    def remember(self, request: Hashable, token: bytes, page: CachedPage) -> None:
        """`page` answers `request` for as long as the database change token stays `token`."""
        self._requests.put(request, (token, page))

    def recall(self, request: Hashable, token: bytes) -> CachedPage | None:
        entry = self._requests.get(request)
        if isinstance(entry, tuple) and entry[0] == token:
            page: CachedPage = entry[1]
            return page
        return None
