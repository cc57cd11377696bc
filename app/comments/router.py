"""Public comment routes: read a thread, post, edit, delete, vote, counts, avatars."""

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Request, Response, status

from app.comments import reads, service, votes
from app.comments.avatars import identicon_svg
from app.comments.presenter import Presenter
from app.comments.schemas import (
    CommentCreate,
    CommentCreated,
    CommentDetail,
    CommentUpdate,
    CountsRead,
    SortOrder,
    ThreadPage,
    VoteCreate,
    VoteRead,
)
from app.db.session import SessionDep
from app.errors import Problem
from app.identity.deps import OptionalViewer
from app.net import Client
from app.ratelimit import WriteLimited
from app.sites.schemas import SITE_ID_PATTERN
from app.validation import DB_INT_MAX

router = APIRouter(tags=["comments"])

SiteId = Annotated[str, Path(pattern=SITE_ID_PATTERN, description="The site's slug")]
CommentId = Annotated[int, Path(ge=1, le=DB_INT_MAX)]
EditToken = Annotated[
    str | None,
    Header(
        alias="X-Edit-Token", max_length=200, description="Guests: the edit_token from creation"
    ),
]


def _problems(*codes: int) -> dict[int | str, dict[str, object]]:
    return {code: {"model": Problem, "content": {"application/problem+json": {}}} for code in codes}


def _presenter(request: Request, client_base_url: str) -> Presenter:
    return Presenter(request.app.state.secret_key, client_base_url)


@router.get(
    "/api/v1/sites/{site_id}/comments",
    response_model=ThreadPage,
    responses={**_problems(404, 422), 304: {"description": "Unchanged since the ETag sent"}},
)
async def read_thread(
    site_id: SiteId,
    request: Request,
    session: SessionDep,
    viewer: OptionalViewer,
    client: Client,
    url: Annotated[str, Query(max_length=2048, description="The post's URL")],
    sort: SortOrder = "oldest",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> Response:
    """A page of the thread's top-level comments, each with all its replies nested."""
    query = reads.PageQuery(site_id, reads.normalized_url(url), sort, cursor, limit)
    result = await reads.thread_page(
        session,
        query,
        presenter=_presenter(request, client.base_url),
        cache=request.app.state.page_cache,
        viewer_id=viewer.identity.id if viewer else None,
    )
    if result.etag is None:
        return Response(
            result.body,
            media_type="application/json",
            headers={"Cache-Control": "private, no-store"},
        )
    headers = {"ETag": result.etag, "Cache-Control": "no-cache"}
    if result.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(result.body, media_type="application/json", headers=headers)


@router.post(
    "/api/v1/sites/{site_id}/comments",
    status_code=status.HTTP_201_CREATED,
    responses=_problems(401, 403, 404, 409, 413, 422, 429),
)
async def create_comment(
    site_id: SiteId,
    data: CommentCreate,
    request: Request,
    session: SessionDep,
    viewer: OptionalViewer,
    client: Client,
    _: WriteLimited,
) -> CommentCreated:
    """Post a comment or a reply. Guests get an `edit_token` once, to edit or delete it later."""
    posted = await service.create_comment(
        session,
        site_id,
        data,
        viewer=viewer,
        client=client,
        secret_key=request.app.state.secret_key,
        akismet_endpoint=request.app.state.settings.akismet_endpoint,
    )
    await session.commit()
    detail = _presenter(request, client.base_url).detail(posted.comment, posted.identity)
    return CommentCreated(**detail.model_dump(), edit_token=posted.edit_token)


@router.get("/api/v1/comments/{comment_id}", responses=_problems(404, 422))
async def read_comment(
    comment_id: CommentId,
    request: Request,
    session: SessionDep,
    viewer: OptionalViewer,
    client: Client,
    edit_token: EditToken = None,
) -> CommentDetail:
    """One comment with its Markdown source (a pending one only for its author)."""
    comment, identity = await service.read_comment(
        session, comment_id, viewer=viewer, edit_token=edit_token
    )
    return _presenter(request, client.base_url).detail(comment, identity)


@router.patch("/api/v1/comments/{comment_id}", responses=_problems(401, 403, 404, 422, 429))
async def edit_comment(
    comment_id: CommentId,
    data: CommentUpdate,
    request: Request,
    session: SessionDep,
    viewer: OptionalViewer,
    client: Client,
    _: WriteLimited,
    edit_token: EditToken = None,
) -> CommentDetail:
    """The author edits their comment within the site's edit window."""
    comment, identity = await service.edit_comment(
        session, comment_id, data, viewer=viewer, edit_token=edit_token, client=client
    )
    await session.commit()
    return _presenter(request, client.base_url).detail(comment, identity)


@router.delete(
    "/api/v1/comments/{comment_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=_problems(401, 403, 404, 422, 429),
)
async def delete_comment(
    comment_id: CommentId,
    session: SessionDep,
    viewer: OptionalViewer,
    client: Client,
    _: WriteLimited,
    edit_token: EditToken = None,
) -> None:
    """The author deletes their comment within the edit window (replies keep a placeholder)."""
    await service.delete_comment(
        session, comment_id, viewer=viewer, edit_token=edit_token, client=client
    )
    await session.commit()


@router.post("/api/v1/comments/{comment_id}/vote", responses=_problems(401, 403, 404, 422, 429))
async def vote_comment(
    comment_id: CommentId,
    data: VoteCreate,
    session: SessionDep,
    viewer: OptionalViewer,
    client: Client,
    _: WriteLimited,
) -> VoteRead:
    """Vote a comment up (1) or down (-1), or withdraw the vote (0). One vote per voter."""
    result = await votes.vote(session, comment_id, data.value, viewer=viewer, client=client)
    await session.commit()
    return result


@router.get("/api/v1/sites/{site_id}/counts", responses=_problems(404, 422))
async def read_counts(
    site_id: SiteId,
    session: SessionDep,
    url: Annotated[list[str], Query(min_length=1, max_length=100, description="Post URLs")],
) -> CountsRead:
    """Visible comment counts for up to 100 posts in one request ("2 thoughts on …")."""
    return await reads.counts(session, site_id, url)


@router.get(
    "/api/v1/avatars/{key}.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}, **_problems(422)},
)
async def read_avatar(key: Annotated[str, Path(pattern=r"^[0-9a-f]{20}$")]) -> Response:
    """A generated avatar; the key is opaque and reveals nothing about the commenter."""
    return Response(
        identicon_svg(key),
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=604800, immutable"},
    )
