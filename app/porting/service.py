"""Import use case: parse a file in a worker thread, write it in the caller's transaction.

All or nothing: the service only flushes; the caller commits on success (not on a dry run)
and an ImportFailed leaves the transaction to be rolled back.
"""

import asyncio
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import BinaryIO, cast

from sqlalchemy.ext.asyncio import AsyncSession

from app.porting.disqus import parse_disqus
from app.porting.isso import parse_isso
from app.porting.parley_json import SiteDoc, parse_parley
from app.porting.records import (
    CommentRecord,
    ExtraRecord,
    ImportFailed,
    ParseWarning,
    Record,
    ThreadRecord,
)
from app.porting.restore import Restorer, restore_site
from app.porting.schemas import ImportFormat, ImportReport
from app.porting.urlmap import UrlMapper
from app.porting.wordpress import parse_wordpress
from app.porting.writer import CommentWriter

PARSE_CHUNK = 500
# Formats whose comments all follow their thread, so per-thread state can be dropped.
GROUPED = {ImportFormat.wordpress, ImportFormat.isso, ImportFormat.parley}


@dataclass
class ImportOptions:
    map_origin: list[str] = field(default_factory=list)
    map_path: list[str] = field(default_factory=list)
    base_url: str | None = None  # Isso threads are paths: the URL they are relative to
    include_pingbacks: bool = False
    dry_run: bool = False
    create_site: bool = False  # Parley format: create a missing site from the file's settings


def _records(
    files: ExitStack,
    fmt: ImportFormat,
    source: BinaryIO | Path,
    base_url: str | None,
    on_read: Callable[[int], None] | None,
) -> Iterator[Record]:
    records = _parser(files, fmt, source, base_url, on_read)
    # Close the parser when the import ends early, so its file or database is released.
    files.callback(getattr(records, "close", lambda: None))
    return records


def _parser(
    files: ExitStack,
    fmt: ImportFormat,
    source: BinaryIO | Path,
    base_url: str | None,
    on_read: Callable[[int], None] | None,
) -> Iterator[Record]:
    if fmt is ImportFormat.isso:
        if not isinstance(source, Path):
            raise TypeError("the Isso importer reads a database file path")
        if not base_url:
            raise ImportFailed("Isso threads are paths: give a base URL (--base-url)")
        return parse_isso(source, base_url=base_url, on_read=on_read)
    stream = files.enter_context(source.open("rb")) if isinstance(source, Path) else source
    parsers = {
        ImportFormat.wordpress: parse_wordpress,
        ImportFormat.disqus: parse_disqus,
        ImportFormat.parley: parse_parley,
    }
    return parsers[fmt](stream, on_read=on_read)


def _take(iterator: Iterator[Record]) -> list[Record]:
    return list(islice(iterator, PARSE_CHUNK))


def _mapper(options: ImportOptions) -> UrlMapper:
    try:
        return UrlMapper.from_specs(options.map_origin, options.map_path)
    except ValueError as exc:
        raise ImportFailed(str(exc)) from None


async def import_comments(
    session: AsyncSession,
    site_id: str,
    fmt: ImportFormat,
    source: BinaryIO | Path,
    options: ImportOptions,
    *,
    ip_key: str,
    on_read: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a file into a site; raises ImportFailed naming the place of the first problem."""
    with ExitStack() as files:
        return await _import(
            files, session, site_id, fmt, source, options, ip_key=ip_key, on_read=on_read
        )


async def _import(
    files: ExitStack,
    session: AsyncSession,
    site_id: str,
    fmt: ImportFormat,
    source: BinaryIO | Path,
    options: ImportOptions,
    *,
    ip_key: str,
    on_read: Callable[[int], None] | None = None,
) -> ImportReport:
    mapper = _mapper(options)
    site_doc: SiteDoc | None = None
    first: list[Record] = []
    if fmt is ImportFormat.parley:  # the file may carry the site to create
        records = _records(files, fmt, source, None, on_read)
        first = await asyncio.to_thread(_take, records)
        site_doc = _site_doc(first)
    site, created = await restore_site(
        session, site_id, site_doc, create=options.create_site and site_doc is not None
    )
    if fmt is not ImportFormat.parley:
        base_url = options.base_url or (site.origins[0] if site.origins else None)
        records = _records(files, fmt, source, base_url, on_read)
        first = await asyncio.to_thread(_take, records)
    writer = CommentWriter(
        session,
        site.id,
        mapper=mapper,
        origins=list(site.origins),
        ip_key=ip_key,
        include_pingbacks=options.include_pingbacks,
        grouped=fmt in GROUPED,
    )
    await writer.start(f"{fmt.value}:")
    restorer = Restorer(writer)
    if site_doc is not None and not created:
        writer.tally.warn("the site exists: its settings were kept, the file's were not applied")
    batch = first
    while batch:
        for record in batch:
            await _dispatch(record, writer, restorer)
        batch = await asyncio.to_thread(_take, records)
    await writer.finish()
    await restorer.flush_audit()
    return _report(fmt, site.id, options.dry_run, created, writer)


def _site_doc(first: list[Record]) -> SiteDoc | None:
    """Take the leading `site` record of a Parley export off the batch."""
    head = first[0] if first else None
    if isinstance(head, ExtraRecord) and head.kind == "site":
        first.pop(0)
        return cast(SiteDoc | None, head.data)
    return None


async def _dispatch(record: Record, writer: CommentWriter, restorer: Restorer) -> None:
    if isinstance(record, CommentRecord):
        await writer.add_comment(record)
    elif isinstance(record, ThreadRecord):
        await writer.add_thread(record)
    elif isinstance(record, ParseWarning):
        writer.tally.warn(record.message)
    else:
        await restorer.apply(record)


def _report(
    fmt: ImportFormat, site_id: str, dry_run: bool, created: bool, writer: CommentWriter
) -> ImportReport:
    tally = writer.tally
    return ImportReport(
        format=fmt,
        site=site_id,
        dry_run=dry_run,
        site_created=created,
        threads_created=tally.threads_created,
        threads_existing=tally.threads_existing,
        comments=tally.comments,
        votes=tally.votes,
        skipped=dict(sorted(tally.skipped.items())),
        warnings=tally.warnings,
        warnings_total=tally.warning_count,
    )
