"""Background imports: the upload is saved, then a task reads it and writes it, with progress.

The job row is committed before the task starts, and the task writes its progress in short
transactions of their own; the import itself is one transaction at the end, and the job is
marked done in that same transaction, so a job is done exactly when its comments are there.
A job lives in the process that accepted it, which refreshes the row (its heartbeat,
`updated_at`) every PROGRESS_EVERY while the job is queued or running. A job silent for
STALE_AFTER has lost its process: every process marks such jobs failed when it starts and every
REAP_EVERY after (`run_reaper`), and a job still heartbeating in another process is left alone.
On PostgreSQL the heartbeat goes on while the import writes; on SQLite it waits for the
import's write lock, but so does any other process's reaper, and once the import commits the
job is done, which no reaper touches.
"""

import asyncio
import logging
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.base import utcnow
from app.db.session import Database
from app.errors import AppError, NotFound
from app.porting.models import ImportJob
from app.porting.schemas import ImportFormat, ImportJobRead, ImportReport, JobStatus
from app.porting.service import ImportOptions, PreparedImport, prepare_import, publish_import
from app.sites import audit
from app.sites.models import Site

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(minutes=2)  # a job silent this long has lost its process
PROGRESS_EVERY = 0.5  # seconds between progress writes (the heartbeat)
REAP_EVERY = 60.0  # seconds between two looks for jobs that lost their process
ACTIVE = (JobStatus.queued, JobStatus.running)
INTERRUPTED = "interrupted (the server stopped); nothing was imported"
_RUNNING: set[asyncio.Task[None]] = set()  # strong references, so tasks are not collected


async def create_job(
    session: AsyncSession, site_id: str, fmt: ImportFormat, *, actor: str, bytes_total: int
) -> ImportJob:
    """A queued job row, committed (before the caller starts its task)."""
    job = ImportJob(site_id=site_id, format=fmt.value, actor=actor[:200], bytes_total=bytes_total)
    session.add(job)
    await session.commit()
    return job


async def import_now(
    session: AsyncSession,
    site_id: str,
    prepared: PreparedImport,
    *,
    ip_key: str,
    trusted: bool,
    admin: audit.Actor,
) -> ImportReport:
    """Write a prepared import in this session, audit it and commit: all or nothing. A dry run
    (`prepared.options.dry_run`) reports and rolls back. Closes the prepared file."""
    try:
        report = await publish_import(session, site_id, prepared, ip_key=ip_key, trusted=trusted)
    finally:
        prepared.close()
    if prepared.options.dry_run:
        await session.rollback()
    else:
        audit.record(session, site_id, admin, "import", **audit_summary(report))
        await session.commit()
    return report


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


async def _set(database: Database, job_id: int, *, active: bool = False, **values: Any) -> None:
    """Update the job row; `active`: only while it is queued or running (not once it ended)."""
    async with database.write_sessions() as session:
        values.setdefault("updated_at", utcnow())
        query = update(ImportJob).where(ImportJob.id == job_id)
        if active:
            query = query.where(ImportJob.status.in_(ACTIVE))
        await session.execute(query.values(**values))
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
    read_bytes = [0]
    heartbeat = asyncio.get_running_loop().create_task(_heartbeat(database, job_id, read_bytes))
    try:
        await _work(database, job_id, source, options, read_bytes, ip_key=ip_key, trusted=trusted)
    except AppError as exc:
        await _failed(database, job_id, exc.detail or exc.title)
    except asyncio.CancelledError:  # the server is stopping (stop_jobs)
        await _failed(database, job_id, INTERRUPTED)
        raise
    except Exception:
        log.exception("import job %s failed", job_id)
        await _failed(database, job_id, "internal error; nothing was imported")
    finally:
        heartbeat.cancel()
        await asyncio.to_thread(shutil.rmtree, directory, True)


async def _failed(database: Database, job_id: int, error: str) -> None:
    await _set(
        database,
        job_id,
        status=JobStatus.failed,
        phase="finished",
        error=error,
        finished_at=utcnow(),
    )


async def _work(
    database: Database,
    job_id: int,
    source: Path,
    options: ImportOptions,
    read_bytes: list[int],
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
    await _set(database, job_id, active=True, status=JobStatus.running, phase="reading")

    def on_read(count: int) -> None:  # called from the parser's worker thread
        read_bytes[0] += count

    prepared = await prepare_import(fmt, source, options, site_origins=origins, on_read=on_read)
    try:
        await _set(database, job_id, active=True, phase="writing", bytes_read=read_bytes[0])
        async with database.write_sessions() as session:
            report = await publish_import(
                session, site_id, prepared, ip_key=ip_key, trusted=trusted
            )
            audit.record(session, site_id, job.actor, "import", **audit_summary(report))
            # Done in the import's own transaction: never done without its comments, and a
            # reaper that took the job for lost cannot undo it.
            await session.execute(
                update(ImportJob)
                .where(ImportJob.id == job_id)
                .values(
                    status=JobStatus.done,
                    phase="finished",
                    report=report.model_dump(mode="json"),
                    error=None,
                    updated_at=utcnow(),
                    finished_at=utcnow(),
                )
            )
            await session.commit()
    finally:
        prepared.close()


async def _heartbeat(database: Database, job_id: int, read_bytes: list[int]) -> None:
    """Refresh the job row (and its progress) while the job is queued or running."""
    while True:
        await asyncio.sleep(PROGRESS_EVERY)
        try:
            await _set(database, job_id, active=True, bytes_read=read_bytes[0])
        except Exception:  # a busy database: the next beat tries again
            log.debug("import job %s: heartbeat not written", job_id, exc_info=True)


async def reap_jobs(database: Database) -> int:
    """Mark failed the jobs whose process is gone (queued or running, silent for
    STALE_AFTER); returns how many. A job another process still heartbeats is left alone."""
    cutoff = utcnow() - STALE_AFTER
    lost = (ImportJob.status.in_(ACTIVE), ImportJob.updated_at < cutoff)
    async with database.read_sessions() as read:
        if not await read.scalar(select(func.count()).select_from(ImportJob).where(*lost)):
            return 0  # the usual case: no write at all
    async with database.write_sessions() as session:
        now = utcnow()
        result = await session.execute(
            update(ImportJob)
            .where(*lost)
            .values(
                status=JobStatus.failed,
                phase="finished",
                error=INTERRUPTED,
                updated_at=now,
                finished_at=now,
            )
        )
        await session.commit()
    count = int(getattr(result, "rowcount", 0) or 0)
    if count:
        log.warning("%d import job(s) lost their process; marked failed", count)
    return count


async def run_reaper(database: Database) -> None:
    """Every REAP_EVERY, mark failed the jobs that lost their process (a task of the app)."""
    while True:
        try:
            await reap_jobs(database)
        except Exception:  # a busy or unreachable database: try again next round
            log.warning("could not look for lost import jobs", exc_info=True)
        await asyncio.sleep(REAP_EVERY)


async def stop_jobs() -> None:
    """The server is stopping: this process's jobs end as failed (nothing of them written)."""
    tasks = list(_RUNNING)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def audit_summary(report: ImportReport) -> dict[str, Any]:
    """What the audit log keeps of an import: its counts, not its warnings."""
    return report.model_dump(
        mode="json",
        include={"format", "strict", "threads_created", "comments", "skipped", "adjusted"},
    )


async def get_job(session: AsyncSession, site_id: str, job_id: int) -> ImportJobRead:
    """A site's job as it is now."""
    job = await session.get(ImportJob, job_id)
    if job is None or job.site_id != site_id:
        raise NotFound(f"No import job {job_id} on site '{site_id}'.")
    return job_read(job)


def job_read(job: ImportJob) -> ImportJobRead:
    status, error = JobStatus(job.status), job.error
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
