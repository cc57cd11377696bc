"""What an import reports, and what a background import job shows."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field


class ImportFormat(StrEnum):
    wordpress = "wordpress"
    disqus = "disqus"
    isso = "isso"
    parley = "parley"
    commento = "commento"
    remark42 = "remark42"


class ReasonCount(BaseModel):
    """How many threads or comments one reason skipped or adjusted, with the first source ids."""

    subject: str = Field(description="thread | comment")
    outcome: str = Field(description="skipped | adjusted")
    reason: str
    count: int
    source_ids: list[str] = Field(description="The first few source ids (as in the file)")


class ImportReport(BaseModel):
    """The outcome of an import (or of a dry run, which writes nothing)."""

    format: ImportFormat
    site: str
    dry_run: bool
    strict: bool = False
    site_created: bool = False
    threads_created: int
    threads_existing: int = Field(description="Threads that already existed and got comments")
    threads_skipped: dict[str, int] = Field(
        default_factory=dict, description="Threads not imported, by reason"
    )
    threads_adjusted: dict[str, int] = Field(
        default_factory=dict, description="Threads imported with a change, by reason"
    )
    comments: int = Field(description="Comments imported")
    votes: int = 0
    skipped: dict[str, int] = Field(
        description="Comments not imported, by reason (docs/import.md lists them): pingback, "
        "trackback, already-imported, duplicate-id, invalid-url, no-thread, thread-skipped, …"
    )
    adjusted: dict[str, int] = Field(
        default_factory=dict,
        description="Comments imported with a change, by reason: parent-missing, date-fallback, "
        "website-dropped, …",
    )
    reasons: list[ReasonCount] = Field(
        default_factory=list, description="Every skip and adjustment reason with examples"
    )
    warnings: list[str] = Field(description="The first 100 warnings")
    warnings_total: int = 0


class JobStatus(StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class ImportJobRead(BaseModel):
    """A background import: its state, progress and, when done, its report."""

    id: int
    site: str
    format: ImportFormat
    status: JobStatus
    phase: str = Field(description="reading (parsing, off the write lock) | writing | finished")
    bytes_total: int
    bytes_read: int
    progress: float = Field(description="0..1, an estimate from the bytes read")
    report: ImportReport | None = None
    error: str | None = Field(default=None, description="Why the job failed; nothing was written")
    created_at: datetime
    finished_at: datetime | None = None
