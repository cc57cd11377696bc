"""Votes: one per voter per comment; the score stays exact under concurrent votes."""

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.models import Comment, CommentStatus, Vote
from app.comments.schemas import VoteRead
from app.comments.threads import bump_version
from app.errors import Forbidden, NotFound
from app.identity.deps import Viewer
from app.net import ClientInfo
from app.sites.service import check_origin, get_site


def voter_key(viewer: Viewer | None, client: ClientInfo) -> str:
    """A logged-in voter is their identity; a guest is their (hashed) address."""
    return f"i:{viewer.identity.id}" if viewer else f"g:{client.ip_hash[:64]}"


async def vote(
    session: AsyncSession, comment_id: int, value: int, *, viewer: Viewer | None, client: ClientInfo
) -> VoteRead:
    """Cast, change (1 / -1) or withdraw (0) this voter's vote."""
    comment = await session.get(Comment, comment_id)
    if comment is None or comment.status != CommentStatus.approved:
        raise NotFound(f"No comment {comment_id}.")
    site = await get_site(session, comment.site_id)
    check_origin(site, client.origin)
    if viewer is not None and viewer.site_id != site.id:
        raise Forbidden("This session token belongs to another site.")
    # Lock order for every write: the thread row first (bump_version), then comment rows.
    await bump_version(session, comment.thread_id)
    # FOR NO KEY UPDATE: concurrent votes on this comment queue here, while inserts of replies
    # (whose foreign-key check takes KEY SHARE) are not blocked. The score recomputed below is
    # a new statement, so under READ COMMITTED it sees every committed vote.
    await session.execute(
        select(Comment.id).where(Comment.id == comment_id).with_for_update(key_share=True)
    )
    key = voter_key(viewer, client)
    if value == 0:
        await session.execute(
            delete(Vote).where(Vote.comment_id == comment_id, Vote.voter_key == key)
        )
    else:
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        stmt = insert(Vote).values(comment_id=comment_id, voter_key=key, value=value)
        await session.execute(
            stmt.on_conflict_do_update(
                index_elements=["comment_id", "voter_key"], set_={"value": value}
            )
        )
    total = select(func.coalesce(func.sum(Vote.value), 0)).where(Vote.comment_id == comment_id)
    score = await session.scalar(
        update(Comment)
        .where(Comment.id == comment_id)
        .values(score=total.scalar_subquery())
        .returning(Comment.score)
        .execution_options(synchronize_session=False)
    )
    return VoteRead(score=int(score or 0), value=value)
