"""Bookkeeping of one import: where each comment went, the running tally, reserved ids."""

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Table, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.porting.records import ImportFailed, Note

ID_BLOCK = 2000
MAX_WARNINGS = 100
MAX_EXAMPLES = 5
# Skips by policy, not oddities of the file: a strict import skips these too.
# "date-local": a WXR comment without a GMT date; its local date is taken as UTC, as always.
# "parent-skipped": in a strict import a parent is only ever left out by choice (a pingback).
SILENT = frozenset({"already-imported", "pingback", "trackback", "audit-entry"})  # counted only
# "id-scoped": a WXR comment id an earlier post used, kept under its post as WordPress does.
POLICY_SKIPS = SILENT | {"date-local", "parent-skipped", "id-scoped"}


@dataclass(slots=True)
class Placed:
    """A comment in the database: what its replies need to know."""

    id: int
    root_id: int | None
    depth: int
    thread_id: int


@dataclass
class Tally:
    """What the report will say. A strict tally refuses the file at the first oddity."""

    strict: bool = False
    threads_created: int = 0
    threads_existing: int = 0
    comments: int = 0
    votes: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    warning_count: int = 0
    foreign_origins: Counter[str] = field(default_factory=Counter)
    adjusted: Counter[str] = field(default_factory=Counter)
    threads_skipped: Counter[str] = field(default_factory=Counter)
    threads_adjusted: Counter[str] = field(default_factory=Counter)
    examples: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)

    def warn(self, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(message)

    def note(self, note: Note) -> None:
        """Count an oddity (strict: refuse the whole file with its message)."""
        if self.strict and note.reason not in POLICY_SKIPS:
            raise ImportFailed(note.message)
        self.count(note.subject, note.outcome, note.reason, note.source_id)
        if note.reason not in SILENT:
            self.warn(f"{note.message}; {note.remedy}" if note.remedy else note.message)

    def count(self, subject: str, outcome: str, reason: str, source_id: str) -> None:
        """Count a record left out or changed by policy (no warning, never refused); like every
        note, it is listed among the report's reasons with its first source ids."""
        counters = {
            ("comment", "skipped"): self.skipped,
            ("comment", "adjusted"): self.adjusted,
            ("thread", "skipped"): self.threads_skipped,
            ("thread", "adjusted"): self.threads_adjusted,
        }
        counter = counters.get((subject, outcome))
        if counter is not None:
            counter[reason] += 1
        examples = self.examples.setdefault((subject, outcome, reason), [])
        if len(examples) < MAX_EXAMPLES and source_id not in examples:
            examples.append(source_id)

    def skip(self, source_id: str, reason: str, message: str) -> None:
        self.note(Note("comment", "skipped", reason, source_id, message))


class IdAllocator:
    """Ids of one table handed out before insertion, so rows can refer to each other."""

    def __init__(self, session: AsyncSession, table: Table, block: int = ID_BLOCK) -> None:
        self.session, self.table, self.block = session, table, block
        self.postgres = session.get_bind().dialect.name == "postgresql"
        self.pool: list[int] = []
        self.next_sqlite: int | None = None

    async def next(self) -> int:
        """PostgreSQL: from the table's sequence, a block at a time. SQLite: counting up from
        max(id), which is safe because an import holds the write lock (BEGIN IMMEDIATE)."""
        if self.postgres:
            if not self.pool:
                rows = await self.session.execute(
                    text(
                        "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                        "FROM generate_series(1, :n)"
                    ),
                    {"table": self.table.name, "n": self.block},
                )
                self.pool = sorted((row[0] for row in rows), reverse=True)
            return self.pool.pop()
        if self.next_sqlite is None:
            highest = await self.session.scalar(select(func.max(self.table.c.id)))
            self.next_sqlite = (highest or 0) + 1
        value, self.next_sqlite = self.next_sqlite, self.next_sqlite + 1
        return value
