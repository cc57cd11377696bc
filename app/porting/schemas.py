"""What an import reports."""

from enum import StrEnum

from pydantic import BaseModel, Field


class ImportFormat(StrEnum):
    wordpress = "wordpress"
    disqus = "disqus"
    isso = "isso"
    parley = "parley"


class ImportReport(BaseModel):
    """The outcome of an import (or of a dry run, which writes nothing)."""

    format: ImportFormat
    site: str
    dry_run: bool
    site_created: bool = False
    threads_created: int
    threads_existing: int = Field(description="Threads that already existed and got comments")
    comments: int = Field(description="Comments imported")
    votes: int = 0
    skipped: dict[str, int] = Field(
        description="Comments not imported, by reason: pingback, trackback, already-imported, "
        "duplicate-id, invalid-url, type:<other>, audit-entry"
    )
    warnings: list[str] = Field(description="The first 100 warnings")
    warnings_total: int = 0
