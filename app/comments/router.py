"""Public comment routes: read a thread, post, edit, delete, vote, counts, avatars."""

import hashlib
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response, status

from app.comments import admit, fastpath, reads, service, votes
from app.comments.avatars import identicon_svg
from app.comments.bootstrap import LoginOptions
from app.comments.cache import CachedPage, PageCache
from app.comments.presenter import Presenter
from app.comments.schemas import (
    CommentCreate,
    CommentCreated,
    CommentDetail,
    CommentUpdate,
    CountsQuery,
    CountsRead,
    ThreadPage,
    ThreadSort,
    VoteCreate,
    VoteRead,
)
from app.config import Settings
from app.db.changes import ChangeToken
from app.db.session import Database, DatabaseDep, ReadSessionDep, SessionDep
from app.errors import problems
from app.identity.deps import IdentityRuntime, OptionalViewer, Viewer, get_optional_viewer
from app.net import Client, ClientInfo, get_client_info
from app.ratelimit import READ_LIMITED, VoteLimited, WriteLimited, limit_writes
from app.runtime import AppSettings, SecretKey, ServerKey, part, runtime_of
from app.sites.schemas import SITE_ID_PATTERN
from app.sites.urls import normalized_url
from app.validation import DB_INT_MAX

# Public reads count against read_rate_limit (writes have their own limits).
router = APIRouter(tags=["comments"], dependencies=[READ_LIMITED])

SiteId = Annotated[str, Path(pattern=SITE_ID_PATTERN, description="The site's slug")]
CommentId = Annotated[int, Path(ge=1, le=DB_INT_MAX)]
EditToken = Annotated[
    str | None,
    Header(
        alias="X-Edit-Token", max_length=200, description="Guests: the edit_token from creation"
    ),
]


async def get_presenter(secret_key: SecretKey, client: Client) -> Presenter:
    return Presenter(secret_key, client.base_url)


async def get_admission_checks(secret_key: SecretKey, settings: AppSettings) -> admit.Checks:
    return admit.Checks(secret_key=secret_key, akismet_endpoint=settings.akismet_endpoint)


async def get_login_options(request: Request, client: Client) -> LoginOptions:
    """The server's login offer for the bootstrap: providers from the identity runtime."""
    parts = runtime_of(request.app)
    identity = parts.find(IdentityRuntime)
    registry = identity.registry.all() if identity is not None else []
    return LoginOptions(
        providers=tuple((p.name, p.label, p.icon) for p in registry),
        email_notifications=parts.require(Settings).email_enabled,
        base_url=client.base_url,
    )


@dataclass(frozen=True)
class Posting:
    """What posting takes from the request besides its body and site. One dependency built from
    the same parts as the others: FastAPI solving the nine they make up cost ~4 % of a post."""

    database: Database
    viewer: Viewer | None
    client: ClientInfo
    checks: admit.Checks
    presenter: Presenter


async def get_posting(request: Request) -> Posting:
    parts = runtime_of(request.app)
    client = await get_client_info(request)
    await limit_writes(request, client)  # before any database work, as `WriteLimited` is
    database = parts.require(Database)
    viewer = await get_optional_viewer(request, database)
    secret_key = parts.require(ServerKey).value
    return Posting(
        database=database,
        viewer=viewer,
        client=client,
        checks=await get_admission_checks(secret_key, parts.require(Settings)),
        presenter=await get_presenter(secret_key, client),
    )


PresenterDep = Annotated[Presenter, Depends(get_presenter)]
PostingDep = Annotated[Posting, Depends(get_posting)]
LoginOptionsDep = Annotated[LoginOptions, Depends(get_login_options)]
AdmissionChecks = Annotated[admit.Checks, Depends(get_admission_checks)]


PageCacheDep = Annotated[PageCache, Depends(part(PageCache))]
ChangeTokenDep = Annotated[ChangeToken, Depends(part(ChangeToken))]


@router.get(
    "/api/v1/sites/{site_id}/comments",
    response_model=ThreadPage,
    responses={**problems(404, 422), 304: {"description": "Unchanged since the ETag sent"}},
)
async def read_thread(
    site_id: SiteId,
    request: Request,
    session: SessionDep,
    viewer: OptionalViewer,
    presenter: PresenterDep,
    cache: PageCacheDep,
    changes: ChangeTokenDep,
    settings: AppSettings,
    login: LoginOptionsDep,
    url: Annotated[str, Query(max_length=2048, description="The post's URL")],
    sort: Annotated[ThreadSort, Query(description="Order of top-level comments")] = "oldest",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> Response:
    """A page of the thread's top-level comments, each with all its replies nested."""
    token = await changes.current()  # before the query: a commit after it must miss the fast path
    query = reads.PageQuery(site_id, normalized_url(url), sort, cursor, limit)
    result = await reads.thread_page(
        session,
        query,
        presenter=presenter,
        cache=cache,
        viewer_id=viewer.identity.id if viewer else None,
        request_key=fastpath.request_key(
            "comments", site_id, request.scope["query_string"], presenter.base_url
        ),
        token=token,
        login=login,
    )
    if result.page is None:
        return Response(
            result.body,
            media_type="application/json",
            headers={"Cache-Control": "private, no-store"},
        )
    return _cached_response(request, result.page, settings)


@router.post(
    "/api/v1/sites/{site_id}/comments",
    status_code=status.HTTP_201_CREATED,
    response_model=CommentCreated,
    responses=problems(401, 403, 404, 409, 413, 422, 429),
)
async def create_comment(site_id: SiteId, data: CommentCreate, posting: PostingDep) -> Response:
    """Post a comment or a reply. Guests get an `edit_token` once, to edit or delete it later."""
    # Most posts are answered before routing by the same two steps (app/comments/fastpost.py).
    return await post_and_present(site_id, data, posting)


async def post_and_present(site_id: str, data: CommentCreate, posting: Posting) -> Response:
    """The post, stored and published (`service.post_comment`), as its 201 answer."""
    posted = await service.post_comment(
        posting.database,
        site_id,
        data,
        viewer=posting.viewer,
        client=posting.client,
        checks=posting.checks,
    )
    created = posting.presenter.created(
        posted.comment, posted.identity, posted.edit_token, posted.notification
    )
    # Serialized here, once: the model was just built and validated.
    return Response(created.model_dump_json(), status_code=201, media_type="application/json")


@router.get("/api/v1/comments/{comment_id}", responses=problems(404, 422))
async def read_comment(
    comment_id: CommentId,
    session: SessionDep,
    viewer: OptionalViewer,
    presenter: PresenterDep,
    edit_token: EditToken = None,
) -> CommentDetail:
    """One comment with its Markdown source (a pending one only for its author)."""
    comment, identity = await service.read_comment(
        session, comment_id, viewer=viewer, edit_token=edit_token
    )
    return presenter.detail(comment, identity)


@router.patch("/api/v1/comments/{comment_id}", responses=problems(401, 403, 404, 422, 429))
async def edit_comment(
    comment_id: CommentId,
    data: CommentUpdate,
    database: DatabaseDep,
    viewer: OptionalViewer,
    client: Client,
    checks: AdmissionChecks,
    presenter: PresenterDep,
    _: WriteLimited,
    edit_token: EditToken = None,
) -> CommentDetail:
    """The author edits their comment within the site's edit window. The new text passes the
    same checks as a new comment and may send the comment back to the moderation queue."""
    comment, identity = await service.edit_comment(
        database,
        comment_id,
        data.body,
        viewer=viewer,
        edit_token=edit_token,
        client=client,
        checks=checks,
    )
    return presenter.detail(comment, identity)


@router.delete(
    "/api/v1/comments/{comment_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(401, 403, 404, 422, 429),
)
async def delete_comment(
    comment_id: CommentId,
    database: DatabaseDep,
    viewer: OptionalViewer,
    client: Client,
    _: WriteLimited,
    edit_token: EditToken = None,
) -> None:
    """The author deletes their comment within the edit window (replies keep a placeholder)."""
    await service.delete_own_comment(
        database, comment_id, viewer=viewer, edit_token=edit_token, client=client
    )


@router.post("/api/v1/comments/{comment_id}/vote", responses=problems(401, 403, 404, 422, 429))
async def vote_comment(
    comment_id: CommentId,
    data: VoteCreate,
    database: DatabaseDep,
    viewer: OptionalViewer,
    client: Client,
    secret_key: SecretKey,
    _: VoteLimited,
) -> VoteRead:
    """Vote a comment up (1) or down (-1), or withdraw the vote (0). One vote per person."""
    return await votes.vote_comment(
        database, comment_id, data.value, viewer=viewer, client=client, secret_key=secret_key
    )


def _cached_response(request: Request, page: CachedPage, settings: Settings) -> Response:
    """A cacheable answer as the fast path would give it: ETag, 304, gzip when asked."""
    gzip_ok = fastpath.accepts_gzip(request.headers.get("accept-encoding", ""))
    control = fastpath.cache_control(settings.cdn_max_age)
    headers = dict(fastpath.page_headers(page, gzip_ok=gzip_ok, cache_control=control))
    if fastpath.not_modified(page, request.headers.get("if-none-match", "")):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    body = page.gzipped if "content-encoding" in headers and page.gzipped else page.body
    return Response(body, media_type="application/json", headers=headers)


@router.get(
    "/api/v1/sites/{site_id}/counts",
    response_model=CountsRead,
    responses={**problems(404, 422), 304: {"description": "Unchanged since the ETag sent"}},
)
async def read_counts(
    site_id: SiteId,
    request: Request,
    session: SessionDep,
    cache: PageCacheDep,
    changes: ChangeTokenDep,
    settings: AppSettings,
    url: Annotated[
        list[str],
        Query(min_length=1, max_length=fastpath.MAX_COUNTED_URLS, description="Post URLs"),
    ],
) -> Response:
    """Visible comment counts for up to 100 posts in one request ("2 thoughts on …")."""
    token = await changes.current()  # before the query, as for thread pages
    page = reads.counts_page(await reads.counts(session, site_id, url))
    if token is not None:
        key = fastpath.request_key("counts", site_id, request.scope["query_string"], "")
        cache.remember(key, token, page)
    return _cached_response(request, page, settings)


@router.post(
    "/api/v1/sites/{site_id}/counts",
    response_model=CountsRead,
    responses=problems(404, 413, 422),
)
async def read_many_counts(
    site_id: SiteId,
    data: CountsQuery,
    session: ReadSessionDep,
    cache: PageCacheDep,
    changes: ChangeTokenDep,
) -> Response:
    """The same counts for long lists (up to 1,000 post URLs) sent as a JSON body."""
    token = await changes.current()  # before the query, as for GET
    key = ("counts-post", site_id, hashlib.sha256("\n".join(data.urls).encode()).digest())
    if token is not None and (page := cache.recall(key, token)) is not None:
        return Response(page.body, media_type="application/json")
    counted = await reads.counts(session, site_id, data.urls)
    page = CachedPage.of(counted.model_dump_json().encode(), "")
    if token is not None:  # SQLite: kept until the next commit anywhere on the database
        cache.remember(key, token, page)
    return Response(page.body, media_type="application/json")


@router.get(
    "/api/v1/avatars/{key}.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}, **problems(422)},
)
async def read_avatar(key: Annotated[str, Path(pattern=r"^[0-9a-f]{20}$")]) -> Response:
    """A generated avatar; the key is opaque and reveals nothing about the commenter."""
    return Response(
        identicon_svg(key),
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=604800, immutable"},
    )
