"""Background imports: the upload is saved, then a task reads it and writes it, with progress.

The job row is committed before the task starts, and the task writes its progress in short
transactions of their own while it parses (off the write lock); the import itself is one
transaction at the end, so a failure anywhere leaves the site as it was. A job lives in the
process that accepted it: if that process stops, the job stops being updated and is shown as
failed once it has been silent for STALE_AFTER.
"""

import asyncio
import logging
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.base import utcnow
from app.db.session import Database
from app.errors import AppError, NotFound
from app.porting.models import ImportJob
from app.porting.schemas import ImportFormat, ImportJobRead, ImportReport, JobStatus
from app.porting.service import ImportOptions, prepare_import, publish_import
from app.sites import audit
from app.sites.models import Site

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(minutes=10)
PROGRESS_EVERY = 0.5  # seconds between progress writes
_RUNNING: set[asyncio.Task[None]] = set()  # strong references, so tasks are not collected


async def create_job(
    session: AsyncSession, site_id: str, fmt: ImportFormat, *, actor: str, bytes_total: int
) -> ImportJob:
    """A queued job row (the caller commits before starting the task)."""
    job = ImportJob(site_id=site_id, format=fmt.value, actor=actor[:200], bytes_total=bytes_total)
    session.add(job)
    await session.flush()
    return job


def start_job(
    database: Database,
    job_id: int,
    directory: Path,
    source: Path,
    options: ImportOptions,
    *,
    ip_key: str,
    trusted: bool,
) -> None:
    """Run the job in this process; `directory` (holding the upload) is removed at the end."""
    task = asyncio.get_running_loop().create_task(
        _run(database, job_id, directory, source, options, ip_key=ip_key, trusted=trusted)
    )
    _RUNNING.add(task)
    task.add_done_callback(_RUNNING.discard)


async def _set(database: Database, job_id: int, **values: Any) -> None:
    async with database.write_sessions() as session:
        values.setdefault("updated_at", utcnow())
        await session.execute(update(ImportJob).where(ImportJob.id == job_id).values(**values))
        await session.commit()


async def _run(
    database: Database,
    job_id: int,
    directory: Path,
    source: Path,
    options: ImportOptions,
    *,
    ip_key: str,
    trusted: bool,
) -> None:
    try:
        await _work(database, job_id, source, options, ip_key=ip_key, trusted=trusted)
    except AppError as exc:
        await _set(
            database,
            job_id,
            status=JobStatus.failed,
            phase="finished",
            error=exc.detail or exc.title,
            finished_at=utcnow(),
        )
    except Exception:
        log.exception("import job %s failed", job_id)
        await _set(
            database,
            job_id,
            status=JobStatus.failed,
            phase="finished",
            error="internal error; nothing was imported",
            finished_at=utcnow(),
        )
    finally:
        await asyncio.to_thread(shutil.rmtree, directory, True)


async def _work(
    database: Database,
    job_id: int,
    source: Path,
    options: ImportOptions,
    *,
    ip_key: str,
    trusted: bool,
) -> None:
    async with database.read_sessions() as read:
        job = await read.get(ImportJob, job_id)
        assert job is not None
        site_id, fmt = job.site_id, ImportFormat(job.format)
        site = await read.get(Site, site_id)
        origins = list(site.origins) if site is not None else []
    await _set(database, job_id, status=JobStatus.running, phase="reading")
    read_bytes = [0]

    def on_read(count: int) -> None:  # called from the parser's worker thread
        read_bytes[0] += count

    progress = asyncio.get_running_loop().create_task(
        _report_progress(database, job_id, read_bytes)
    )
    try:
        prepared = await prepare_import(fmt, source, options, site_origins=origins, on_read=on_read)
    finally:
        progress.cancel()
    try:
        await _set(database, job_id, phase="writing", bytes_read=read_bytes[0])
        async with database.write_sessions() as session:
            report = await publish_import(
                session, site_id, prepared, ip_key=ip_key, trusted=trusted
            )
            audit.record(session, site_id, job.actor, "import", **audit_summary(report))
            await session.commit()
    finally:
        prepared.close()
    await _set(
        database,
        job_id,
        status=JobStatus.done,
        phase="finished",
        report=report.model_dump(mode="json"),
        finished_at=utcnow(),
    )


async def _report_progress(database: Database, job_id: int, read_bytes: list[int]) -> None:
    while True:
        await asyncio.sleep(PROGRESS_EVERY)
        await _set(database, job_id, bytes_read=read_bytes[0])


def audit_summary(report: ImportReport) -> dict[str, Any]:
    """What the audit log keeps of an import: its counts, not its warnings."""
    return report.model_dump(
        mode="json",
        include={"format", "strict", "threads_created", "comments", "skipped", "adjusted"},
    )


async def get_job(session: AsyncSession, site_id: str, job_id: int) -> ImportJobRead:
    """A site's job as it is now (a silent, unfinished job is shown as failed)."""
    job = await session.get(ImportJob, job_id)
    if job is None or job.site_id != site_id:
        raise NotFound(f"No import job {job_id} on site '{site_id}'.")
    return job_read(job)


def job_read(job: ImportJob) -> ImportJobRead:
    status, error = JobStatus(job.status), job.error
    if status in (JobStatus.queued, JobStatus.running) and utcnow() - job.updated_at > STALE_AFTER:
        status, error = JobStatus.failed, "interrupted (the server stopped); nothing was imported"
    total = max(job.bytes_total, 1)
    done = status in (JobStatus.done, JobStatus.failed)
    return ImportJobRead(
        id=job.id,
        site=job.site_id,
        format=ImportFormat(job.format),
        status=status,
        phase="finished" if done else job.phase,
        bytes_total=job.bytes_total,
        bytes_read=job.bytes_read,
        progress=1.0 if done else min(job.bytes_read / total, 0.99),
        report=ImportReport.model_validate(job.report) if job.report else None,
        error=error,
        created_at=job.created_at,
        finished_at=job.finished_at,
    )
