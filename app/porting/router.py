"""Admin porting routes: import a file into a site, export a site as Parley JSON (streamed)."""

import asyncio
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, BinaryIO

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import StreamingResponse

from app.db.session import Database, SessionDep, get_database
from app.errors import PayloadTooLarge, Problem
from app.identity.deps import CurrentAdmin
from app.porting.export import export_site
from app.porting.schemas import ImportFormat, ImportReport
from app.porting.service import ImportOptions, import_comments
from app.sites.service import get_site

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Missing or invalid admin token"},
    403: {"model": Problem, "description": "Token not allowed on this site"},
    404: {"model": Problem, "description": "No such site"},
}
router = APIRouter(tags=["admin", "porting"])


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


@router.post(
    "/api/v1/admin/sites/{site_id}/import",
    responses={
        **ERRORS,
        413: {"model": Problem, "description": "File larger than the import limit"},
        422: {"model": Problem, "description": "The file cannot be imported; nothing was written"},
    },
)
async def import_file(
    site_id: str,
    request: Request,
    session: SessionDep,
    admin: CurrentAdmin,
    file: Annotated[UploadFile, File(description="The export file (Isso: its SQLite database)")],
    format: Annotated[ImportFormat, Query(description="Format of the file")],
    map_origin: Annotated[list[str], Query(description="OLD=NEW origin rewrite")] = [],  # noqa: B006
    map_path: Annotated[list[str], Query(description="OLD=NEW path-prefix rewrite")] = [],  # noqa: B006
    base_url: Annotated[str | None, Query(description="Isso: URL thread paths are under")] = None,
    include_pingbacks: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Import comments from WordPress, Disqus, Isso or Parley; all or nothing, idempotent."""
    admin.require(site_id)
    await get_site(session, site_id)
    limit = request.app.state.settings.max_import_bytes
    if file.size is not None and file.size > limit:
        raise PayloadTooLarge(f"The import limit is {limit} bytes.")
    options = ImportOptions(
        map_origin=map_origin,
        map_path=map_path,
        base_url=base_url,
        include_pingbacks=include_pingbacks,
        dry_run=dry_run,
    )
    async with _source(file, format) as source:
        report = await import_comments(
            session, site_id, format, source, options, ip_key=request.app.state.secret_key
        )
    if dry_run:
        await session.rollback()
    else:
        await session.commit()
    return report


@router.get(
    "/api/v1/admin/sites/{site_id}/export",
    responses={
        **ERRORS,
        200: {"content": {"application/json": {}}, "description": "The export document"},
    },
    response_class=StreamingResponse,
)
async def export_file(
    site_id: str, request: Request, session: SessionDep, admin: CurrentAdmin
) -> StreamingResponse:
    """Everything of a site as Parley's versioned JSON (docs/export-format.md), streamed."""
    admin.require(site_id)
    await get_site(session, site_id)
    database = get_database(request)
    headers = {"Content-Disposition": f'attachment; filename="{site_id}-parley-export.json"'}
    return StreamingResponse(
        _stream(database, site_id), media_type="application/json", headers=headers
    )


async def _stream(database: Database, site_id: str) -> AsyncIterator[bytes]:
    # Its own session: the request's may be closed before the body has been streamed.
    async with database.read_sessions() as session:
        async for chunk in export_site(session, site_id):
            yield chunk
