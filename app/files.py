"""Files Parley keeps in its data directory are the operator's alone: created 0600 (and the
directory 0700), from the first byte, never chmod-ed after being written world-readable."""

import contextlib
import os
from pathlib import Path

from sqlalchemy.engine import make_url

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_dir(path: Path) -> None:
    """Create the directory (and parents) owner-only; an existing one is left as it is."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)


def write_private(path: Path, text: str) -> None:
    """Write a new file readable by its owner only (it must not exist yet)."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(fd, "w") as file:
        file.write(text)


def private_sqlite_file(url: str) -> None:
    """Create a SQLite database file 0600 before SQLite does (it would use the umask, and
    its -wal and -shm files take the database file's mode)."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if path.exists():
        return
    private_dir(path.parent)
    with contextlib.suppress(FileExistsError):  # another process was first: fine
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
