"""Bookkeeping of one import: where each comment went, the running tally, reserved ids."""

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.models import Comment

ID_BLOCK = 2000
MAX_WARNINGS = 100


@dataclass(slots=True)
class Placed:
    """A comment in the database: what its replies need to know."""

    id: int
    root_id: int | None
    depth: int
    thread_id: int


@dataclass
class Tally:
    """What the report will say."""

    threads_created: int = 0
    threads_existing: int = 0
    comments: int = 0
    votes: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    warning_count: int = 0
    foreign_origins: Counter[str] = field(default_factory=Counter)

    def warn(self, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(message)


class IdAllocator:
    """Comment ids handed out before insertion."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.postgres = session.get_bind().dialect.name == "postgresql"
        self.pool: list[int] = []
        self.next_sqlite: int | None = None

    async def next(self) -> int:
        """PostgreSQL: from the sequence, a block at a time. SQLite: counting up from max(id),
        which is safe because an import holds the write lock (BEGIN IMMEDIATE) throughout."""
        if self.postgres:
            if not self.pool:
                rows = await self.session.execute(
                    text(
                        "SELECT nextval(pg_get_serial_sequence('comments', 'id')) "
                        "FROM generate_series(1, :n)"
                    ),
                    {"n": ID_BLOCK},
                )
                self.pool = sorted((row[0] for row in rows), reverse=True)
            return self.pool.pop()
        if self.next_sqlite is None:
            self.next_sqlite = (await self.session.scalar(select(func.max(Comment.id))) or 0) + 1
        value, self.next_sqlite = self.next_sqlite, self.next_sqlite + 1
        return value
