"""Serialized thread pages, keyed by the thread's version: a hot thread is served from bytes.

Correctness never depends on this cache: every key carries the version read from the database
for the request, so an entry can only be served while the thread is unchanged.
"""

from collections import OrderedDict
from collections.abc import Hashable


class PageCache:
    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()

    def get(self, key: Hashable) -> bytes | None:
        body = self._entries.get(key)
        if body is not None:
            self._entries.move_to_end(key)
        return body

    def put(self, key: Hashable, body: bytes) -> None:
        self._entries[key] = body
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
