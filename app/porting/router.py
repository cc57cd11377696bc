"""Admin porting routes: import a file into a site (at once, or as a background job with
progress), export a site as Parley JSON (streamed). Owner-only: site tokens and root."""

import asyncio
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Annotated, BinaryIO

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import StreamingResponse

from app.config import Settings
from app.db.session import Database, DatabaseDep, SessionDep
from app.errors import PayloadTooLarge, problems
from app.identity.deps import SITE_OWNER, SiteOwner
from app.porting import jobs
from app.porting.export import export_site, record_export
from app.porting.schemas import ImportFormat, ImportJobRead, ImportReport
from app.porting.service import ImportOptions, prepare_import
from app.runtime import AppSettings, SecretKey
from app.sites.service import get_site
from app.validation import DB_INT_MAX

ERRORS = problems(
    401, 403, 404, e403="Not an owner of this site (moderators cannot)", e404="No such site"
)
IMPORT_ERRORS = {
    **ERRORS,
    **problems(
        413,
        422,
        e413="File larger than the import limit",
        e422="The file cannot be imported; nothing was written",
    ),
}
router = APIRouter(tags=["porting", "admin"])


def _copy(upload: BinaryIO, path: Path) -> None:
    with path.open("wb") as target:
        shutil.copyfileobj(upload, target)


@asynccontextmanager
async def _source(upload: UploadFile, fmt: ImportFormat) -> AsyncIterator[BinaryIO | Path]:
    """The uploaded file; Isso databases are copied to disk because SQLite opens paths."""
    if fmt is not ImportFormat.isso:
        yield upload.file
        return
    with tempfile.TemporaryDirectory(prefix="parley-import-") as directory:
        path = Path(directory) / "isso.db"
        await asyncio.to_thread(_copy, upload.file, path)
        yield path


def _check_size(settings: Settings, file: UploadFile) -> None:
    limit = settings.max_import_bytes
    if file.size is not None and file.size > limit:
        raise PayloadTooLarge(f"The import limit is {limit} bytes.")


FileParam = Annotated[UploadFile, File(description="The export file (Isso: its SQLite database)")]
FormatParam = Annotated[ImportFormat, Query(description="Format of the file")]
MapOrigin = Annotated[list[str], Query(description="OLD=NEW origin rewrite")]
MapPath = Annotated[list[str], Query(description="OLD=NEW path-prefix rewrite")]
BaseUrl = Annotated[str | None, Query(description="Isso: URL thread paths are under")]
Strict = Annotated[bool, Query(description="Refuse the whole file at the first oddity")]


def import_options(
    map_origin: MapOrigin = [],  # noqa: B006
    map_path: MapPath = [],  # noqa: B006
    base_url: BaseUrl = None,
    include_pingbacks: bool = False,
    strict: Strict = False,
) -> ImportOptions:
    """The query parameters both import routes take (the file at once, or as a job)."""
    return ImportOptions(
        map_origin=map_origin,
        map_path=map_path,
        base_url=base_url,
        include_pingbacks=include_pingbacks,
        strict=strict,
    )


Options = Annotated[ImportOptions, Depends(import_options)]


@router.post("/api/v1/admin/sites/{site_id}/import", responses=IMPORT_ERRORS)
async def import_file(
    site_id: str,
    session: SessionDep,
    database: DatabaseDep,
    settings: AppSettings,
    secret_key: SecretKey,
    admin: SiteOwner,
    file: FileParam,
    format: FormatParam,
    options: Options,
    dry_run: Annotated[bool, Query(description="Parse, check and report; write nothing")] = False,
) -> ImportReport:
    """Import comments from WordPress, Disqus, Isso, Commento, Remark42 or Parley; atomic."""
    _check_size(settings, file)
    async with database.read_sessions() as read:
        origins = list((await get_site(read, site_id)).origins)
    options = replace(options, dry_run=dry_run)
    async with _source(file, format) as source:
        # Parsed and checked before the write session is touched: the lock is held only to write.
        prepared = await prepare_import(format, source, options, site_origins=origins)
    return await jobs.import_now(
        session, site_id, prepared, ip_key=secret_key, trusted=admin.site_ids is None, admin=admin
    )


@router.post(
    "/api/v1/admin/sites/{site_id}/imports",
    status_code=202,
    responses=IMPORT_ERRORS,
)
async def start_import_job(
    site_id: str,
    session: SessionDep,
    database: DatabaseDep,
    settings: AppSettings,
    secret_key: SecretKey,
    admin: SiteOwner,
    file: FileParam,
    format: FormatParam,
    options: Options,
) -> ImportJobRead:
    """Start an import in the background; poll GET …/imports/{job_id} for progress."""
    _check_size(settings, file)
    directory = Path(tempfile.mkdtemp(prefix="parley-job-"))
    try:
        path = directory / "upload"
        await asyncio.to_thread(_copy, file.file, path)
        job = await jobs.create_job(
            session, site_id, format, actor=admin.actor, bytes_total=path.stat().st_size
        )
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    jobs.start_job(
        database,
        job.id,
        directory,
        path,
        options,
        ip_key=secret_key,
        trusted=admin.site_ids is None,
    )
    return jobs.job_read(job)


@router.get(
    "/api/v1/admin/sites/{site_id}/imports/{job_id}",
    responses={**ERRORS, **problems(404, e404="No such site or job")},
    dependencies=[SITE_OWNER],
)
async def read_import_job(
    site_id: str,
    job_id: Annotated[int, PathParam(ge=1, le=DB_INT_MAX)],
    session: SessionDep,
) -> ImportJobRead:
    """A background import's status, progress and, once done, its report."""
    return await jobs.get_job(session, site_id, job_id)


@router.get(
    "/api/v1/admin/sites/{site_id}/export",
    responses={
        **ERRORS,
        200: {"content": {"application/json": {}}, "description": "The export document"},
    },
    response_class=StreamingResponse,
)
async def export_file(
    site_id: str, session: SessionDep, database: DatabaseDep, admin: SiteOwner
) -> StreamingResponse:
    """Everything of a site as Parley's versioned JSON (docs/export-format.md), streamed.
    Audited: the document holds every commenter's email and address hash."""
    await get_site(session, site_id)
    await record_export(database, site_id, admin)
    headers = {"Content-Disposition": f'attachment; filename="{site_id}-parley-export.json"'}
    return StreamingResponse(
        _stream(database, site_id), media_type="application/json", headers=headers
    )


async def _stream(database: Database, site_id: str) -> AsyncIterator[bytes]:
    # Its own session: the request's may be closed before the body has been streamed.
    async with database.read_sessions() as session:
        async for chunk in export_site(session, site_id):
            yield chunk
