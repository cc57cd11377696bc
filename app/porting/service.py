"""Import use case, in two phases so the write lock is held only for writing:

1. `prepare_import` parses the file in a worker thread, runs every record through the public
   validators (porting/checks.py) and spools the result to a temporary file. No database is
   touched: a malformed file or a strict refusal fails here, before anything is locked.
2. `publish_import` writes the spooled records in the caller's transaction (the service only
   flushes; the caller commits on success, not on a dry run). Still all or nothing: an error
   leaves the transaction to be rolled back.
"""

import asyncio
import pickle  # our own records, spooled and read back by this process: never foreign data
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, BinaryIO, cast

from sqlalchemy.ext.asyncio import AsyncSession

from app.porting.bookkeeping import Tally
from app.porting.checks import check_comment, check_thread
from app.porting.commento import parse_commento
from app.porting.disqus import parse_disqus
from app.porting.isso import parse_isso
from app.porting.parley_json import SiteDoc, parse_parley
from app.porting.records import (
    CommentRecord,
    ExtraRecord,
    ImportFailed,
    Note,
    ParseWarning,
    Record,
    ThreadRecord,
)
from app.porting.remark42 import parse_remark42
from app.porting.restore import Restorer, restore_site
from app.porting.schemas import ImportFormat, ImportReport, ReasonCount
from app.porting.urlmap import UrlMapper
from app.porting.wordpress import parse_wordpress
from app.porting.writer import CommentWriter
from app.sites.models import Site

PARSE_CHUNK = 500
# Formats whose comments all follow their thread, so per-thread state can be dropped.
GROUPED = {ImportFormat.wordpress, ImportFormat.isso, ImportFormat.parley}
Progress = Callable[[int], None]


@dataclass
class ImportOptions:
    map_origin: list[str] = field(default_factory=list)
    map_path: list[str] = field(default_factory=list)
    base_url: str | None = None  # Isso threads are paths: the URL they are relative to
    include_pingbacks: bool = False
    dry_run: bool = False
    create_site: bool = False  # Parley format: create a missing site from the file's settings
    strict: bool = False  # refuse the whole file at the first oddity


@dataclass
class PreparedImport:
    """A parsed and checked file, spooled to disk, ready to be written."""

    fmt: ImportFormat
    options: ImportOptions
    spool: IO[bytes]
    site_doc: SiteDoc | None = None
    records: int = 0

    def batches(self) -> Iterator[list[Record]]:
        self.spool.seek(0)
        while True:
            try:
                yield cast(list[Record], pickle.load(self.spool))  # noqa: S301 (our own spool)
            except EOFError:
                return

    def close(self) -> None:
        self.spool.close()


def _parser(
    files: ExitStack,
    fmt: ImportFormat,
    source: BinaryIO | Path,
    base_url: str | None,
    on_read: Progress | None,
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
        ImportFormat.commento: parse_commento,
        ImportFormat.remark42: parse_remark42,
    }
    return parsers[fmt](stream, on_read=on_read)


def _checked(record: Record, strict: bool) -> Record:
    """Run a record through the public validators; strict: refuse at the first oddity."""
    if isinstance(record, CommentRecord):
        check_comment(record)
        notes = record.notes
    elif isinstance(record, ThreadRecord):
        check_thread(record)
        notes = record.notes
    else:
        notes = [record] if isinstance(record, Note) else []
    if strict:
        checker = Tally(strict=True)
        for note in notes:
            checker.note(note)  # raises at the first oddity
    return record


def _spool_all(
    records: Iterator[Record],
    spool: IO[bytes],
    prepared: PreparedImport,
    strict: bool,
    stop: threading.Event,
) -> None:
    """Runs in a worker thread: parse, check and spool every record, a chunk at a time
    (until `stop` is set: the import was cancelled)."""
    while not stop.is_set() and (batch := list(islice(records, PARSE_CHUNK))):
        checked = [_checked(record, strict) for record in batch]
        if prepared.fmt is ImportFormat.parley and prepared.records == 0:
            prepared.site_doc = _site_doc(checked)
        pickle.dump(checked, spool, protocol=pickle.HIGHEST_PROTOCOL)
        prepared.records += len(checked)


async def prepare_import(
    fmt: ImportFormat,
    source: BinaryIO | Path,
    options: ImportOptions,
    *,
    site_origins: list[str],
    on_read: Progress | None = None,
) -> PreparedImport:
    """Phase 1, no database: parse, check and spool the file; raises ImportFailed."""
    _mapper(options)  # a bad mapping fails before the file is read
    base_url = options.base_url or (site_origins[0] if site_origins else None)
    spool = tempfile.TemporaryFile(prefix="parley-import-")  # noqa: SIM115 (PreparedImport owns it)
    prepared = PreparedImport(fmt=fmt, options=options, spool=spool)
    try:
        with ExitStack() as files:
            records = _parser(files, fmt, source, base_url, on_read)
            files.callback(getattr(records, "close", lambda: None))
            stop = threading.Event()
            work = asyncio.ensure_future(
                asyncio.to_thread(_spool_all, records, spool, prepared, options.strict, stop)
            )
            try:
                await asyncio.shield(work)
            except asyncio.CancelledError:
                # A thread cannot be cancelled: ask it to stop and wait, so that the parser
                # and the spool are closed only once it no longer uses them.
                stop.set()
                await asyncio.wait([work])
                if not work.cancelled():
                    work.exception()  # retrieved: the cancellation is what is reported
                raise
    except BaseException:
        spool.close()
        raise
    return prepared


def _mapper(options: ImportOptions) -> UrlMapper:
    try:
        return UrlMapper.from_specs(options.map_origin, options.map_path)
    except ValueError as exc:
        raise ImportFailed(str(exc)) from None


async def publish_import(
    session: AsyncSession,
    site_id: str,
    prepared: PreparedImport,
    *,
    ip_key: str,
    trusted: bool,
    on_written: Progress | None = None,
) -> ImportReport:
    """Phase 2: write a prepared import in the caller's transaction. `trusted` (root only)
    restores identities, moderators, scores and votes; otherwise the file cannot grant them."""
    options, fmt = prepared.options, prepared.fmt
    site, created = await restore_site(
        session,
        site_id,
        prepared.site_doc,
        create=options.create_site and prepared.site_doc is not None and trusted,
    )
    writer = CommentWriter(
        session,
        site.id,
        mapper=_mapper(options),
        origins=list(site.origins),
        ip_key=ip_key,
        include_pingbacks=options.include_pingbacks,
        grouped=fmt in GROUPED,
        tally=Tally(strict=options.strict),
        trusted=trusted,
    )
    await writer.start(f"{fmt.value}:")
    restorer = Restorer(writer)
    if prepared.site_doc is not None and not created:
        writer.tally.warn("the site exists: its settings were kept, the file's were not applied")
    for batch in prepared.batches():
        for record in batch:
            await _dispatch(record, writer, restorer)
        if on_written is not None:
            on_written(len(batch))
    await writer.finish()
    await restorer.link_bans()
    await restorer.flush_audit()
    if not trusted and writer.tally.adjusted.get("score-not-restored"):
        writer.tally.warn("scores and votes are restored only by the root admin token")
    return _report(fmt, site.id, options, created, writer)


async def import_comments(
    session: AsyncSession,
    site_id: str,
    fmt: ImportFormat,
    source: BinaryIO | Path,
    options: ImportOptions,
    *,
    ip_key: str,
    on_read: Progress | None = None,
    trusted: bool = True,
) -> ImportReport:
    """Import a file into a site in the caller's transaction (the CLI runs as root: trusted)."""
    site = await session.get(Site, site_id)
    origins = list(site.origins) if site is not None else []
    prepared = await prepare_import(fmt, source, options, site_origins=origins, on_read=on_read)
    try:
        return await publish_import(session, site_id, prepared, ip_key=ip_key, trusted=trusted)
    finally:
        prepared.close()


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
    elif isinstance(record, Note):
        writer.tally.note(record)
    else:
        await restorer.apply(record)


def _report(
    fmt: ImportFormat, site_id: str, options: ImportOptions, created: bool, writer: CommentWriter
) -> ImportReport:
    tally = writer.tally
    reasons = [
        ReasonCount(
            subject=subject,
            outcome=outcome,
            reason=reason,
            count=_count(tally, subject, outcome, reason),
            source_ids=ids,
        )
        for (subject, outcome, reason), ids in sorted(tally.examples.items())
    ]
    return ImportReport(
        format=fmt,
        site=site_id,
        dry_run=options.dry_run,
        strict=options.strict,
        site_created=created,
        threads_created=tally.threads_created,
        threads_existing=tally.threads_existing,
        threads_skipped=dict(sorted(tally.threads_skipped.items())),
        threads_adjusted=dict(sorted(tally.threads_adjusted.items())),
        comments=tally.comments,
        votes=tally.votes,
        skipped=dict(sorted(tally.skipped.items())),
        adjusted=dict(sorted(tally.adjusted.items())),
        reasons=reasons,
        warnings=tally.warnings,
        warnings_total=tally.warning_count,
    )


def _count(tally: Tally, subject: str, outcome: str, reason: str) -> int:
    counter = {
        ("comment", "skipped"): tally.skipped,
        ("comment", "adjusted"): tally.adjusted,
        ("thread", "skipped"): tally.threads_skipped,
        ("thread", "adjusted"): tally.threads_adjusted,
    }.get((subject, outcome))
    return counter[reason] if counter is not None else len(tally.examples[subject, outcome, reason])
