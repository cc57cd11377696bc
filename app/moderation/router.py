"""Moderation routes: the queue and its actions, threads, and the audit log of each site.

Roles, tokens, bans and privacy requests live in `people_router`, included here: the app needs
only `app.moderation.router.router` (and `app.moderation.page.router` for the /admin page).
"""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.comments import moderate
from app.comments.models import CommentStatus
from app.comments.moderate import Action
from app.db.session import DatabaseDep, ReadSessionDep, SessionDep
from app.identity.deps import SITE_ADMIN, SiteAdmin
from app.moderation import audit, mail_actions, queue, threads
from app.moderation.people_router import me_router, tokens_router
from app.moderation.people_router import router as people_router
from app.moderation.schemas import (
    ActionResult,
    AuditPage,
    BulkAction,
    ModerationEdit,
    QueueComment,
    QueueCounts,
    QueuePage,
    ThreadList,
    ThreadRead,
    ThreadUpdate,
)
from app.validation import DB_INT_MAX, Text

PREFIX = "/api/v1/admin/sites/{site_id}"
ERRORS: dict[int | str, dict[str, str]] = {
    401: {"description": "Missing or invalid credential"},
    403: {"description": "Credential not allowed on this site"},
    404: {"description": "No such site or object on this site"},
    422: {"description": "Invalid input"},
}
site_router = APIRouter(prefix=PREFIX, tags=["moderation"], responses=ERRORS)

CommentId = Annotated[int, Path(ge=1, le=DB_INT_MAX)]
Cursor = Annotated[Text | None, Query(max_length=500, description="next_cursor of the last page")]
Limit = Annotated[int, Query(ge=1, le=200)]


@site_router.get("/comments", dependencies=[SITE_ADMIN])
async def list_queue(
    site_id: str,
    session: SessionDep,
    status: CommentStatus = CommentStatus.pending,
    url: Annotated[Text | None, Query(max_length=2048, description="Only this post")] = None,
    author: Annotated[
        Text | None, Query(max_length=200, description="Name, email or identity id")
    ] = None,
    q: Annotated[Text | None, Query(max_length=200, description="Text in the comment")] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> QueuePage:
    """A site's comments of one status, newest first (authors' emails included)."""
    return await queue.list_queue(
        session, site_id, status=status, url=url, author=author, text=q, cursor=cursor, limit=limit
    )


@site_router.post("/comments/bulk")
async def bulk_action(
    data: BulkAction, admin: SiteAdmin, site_id: str, database: DatabaseDep
) -> ActionResult:
    """Apply one action to many comments; ids not on this site are reported as missing."""
    result = await moderate.moderate_comments(database, site_id, data.ids, data.action, admin=admin)
    return ActionResult.model_validate(result, from_attributes=True)


@site_router.get("/comments/counts", dependencies=[SITE_ADMIN])
async def queue_counts(site_id: str, session: SessionDep) -> QueueCounts:
    """How many comments wait in each queue."""
    return await queue.status_counts(session, site_id)


@site_router.get("/comments/{comment_id}", dependencies=[SITE_ADMIN])
async def read_queue_comment(
    comment_id: CommentId, site_id: str, session: SessionDep
) -> QueueComment:
    """One comment of the site, whatever its status."""
    return await queue.get_queue_comment(session, site_id, comment_id)


@site_router.patch(
    "/comments/{comment_id}", responses={409: {"description": "The comment has no text left"}}
)
async def edit_comment(
    comment_id: CommentId,
    data: ModerationEdit,
    admin: SiteAdmin,
    site_id: str,
    database: DatabaseDep,
    reads: ReadSessionDep,
) -> QueueComment:
    """Replace a comment's text."""
    await moderate.edit_as_moderator(database, site_id, comment_id, data.body, admin=admin)
    return await queue.get_queue_comment(reads, site_id, comment_id)


@site_router.post("/comments/{comment_id}/{action}", responses={404: ERRORS[404]})
async def act_on_comment(
    comment_id: CommentId, action: Action, admin: SiteAdmin, site_id: str, database: DatabaseDep
) -> ActionResult:
    """Approve, mark as spam, delete (soft), restore, or purge (hard: with all its replies)."""
    result = await moderate.moderate_comments(
        database, site_id, [comment_id], action, admin=admin, one=True
    )
    return ActionResult.model_validate(result, from_attributes=True)


@site_router.get("/threads", dependencies=[SITE_ADMIN])
async def list_threads(
    site_id: str,
    session: SessionDep,
    url: Annotated[Text | None, Query(max_length=2048, description="The post's URL")] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> ThreadList:
    """The site's threads, newest first; `url` finds one post's thread."""
    return await threads.list_threads(session, site_id, url=url, cursor=cursor, limit=limit)


@site_router.patch("/threads/{thread_id}")
async def update_thread(
    thread_id: Annotated[int, Path(ge=1, le=DB_INT_MAX)],
    data: ThreadUpdate,
    admin: SiteAdmin,
    site_id: str,
    database: DatabaseDep,
) -> ThreadRead:
    """Close or reopen a thread; pin a top-level approved comment (null unpins)."""
    changes = data.model_dump(exclude_unset=True)
    thread = await moderate.update_thread(database, site_id, thread_id, changes, admin=admin)
    return ThreadRead.model_validate(thread, from_attributes=True)


@site_router.get("/audit", dependencies=[SITE_ADMIN])
async def list_audit(
    site_id: str,
    session: SessionDep,
    action: Annotated[Text | None, Query(max_length=50, description="e.g. comment.approve")] = None,
    comment_id: Annotated[int | None, Query(ge=1, le=DB_INT_MAX)] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> AuditPage:
    """Who did what to which comment and when, newest first."""
    return await audit.list_entries(
        session, site_id, cursor=cursor, limit=limit, action=action, comment_id=comment_id
    )


site_router.include_router(people_router)
router = APIRouter()
router.include_router(site_router)
router.include_router(tokens_router, responses=ERRORS)
router.include_router(me_router, responses={401: ERRORS[401], 403: ERRORS[403]})
router.include_router(mail_actions.router)
