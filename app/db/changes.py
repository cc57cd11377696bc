""" "Has the database changed since?" answered without a query, for read caches.

On SQLite in WAL mode every committed write transaction, by any connection of any process on this
host (app workers, `python -m app.cli import …`, a sqlite3 shell), rewrites the WAL-index header
at the start of the `-shm` file (https://sqlite.org/walformat.html#the_wal_index_file_format:
`iChange`, `mxFrame`, salts and checksums). Reading those 48 bytes from a shared mapping costs a
`stat` and a memory copy, so a cached page can be served with no database round trip and still
never outlive a commit. Anything that is not a local SQLite file answers None: "cannot tell",
and callers ask the database.
"""

import mmap
import os
from pathlib import Path

from sqlalchemy.engine import make_url

HEADER_BYTES = 48


class ChangeToken:
    """An opaque token that differs after every commit to the database (None: cannot tell)."""

    def __init__(self, shm_path: Path | None) -> None:
        self._path = shm_path
        self._inode: tuple[int, int] | None = None
        self._map: mmap.mmap | None = None

    @classmethod
    def for_url(cls, url: str) -> "ChangeToken":
        parsed = make_url(url)
        if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
            return cls(None)
        return cls(Path(f"{parsed.database}-shm").resolve())

    def current(self) -> bytes | None:
        if self._path is None:
            return None
        try:
            info = os.stat(self._path)
        except OSError:
            return None  # no WAL index yet (no connection has opened the database)
        if self._map is None or self._inode != (info.st_dev, info.st_ino):
            self._remap(info)
        if self._map is None:
            return None
        return self._map[:HEADER_BYTES]

    def _remap(self, info: os.stat_result) -> None:
        self.close()
        if info.st_size < HEADER_BYTES:
            return
        fd = os.open(self._path, os.O_RDONLY)  # type: ignore[arg-type]
        try:
            self._map = mmap.mmap(fd, HEADER_BYTES, access=mmap.ACCESS_READ)
            self._inode = (info.st_dev, info.st_ino)
        finally:
            os.close(fd)

    def close(self) -> None:
        if self._map is not None:
            self._map.close()
        self._map, self._inode = None, None
