"""Votes: one per person per comment; the score stays exact under concurrent votes."""

from sqlalchemy.ext.asyncio import AsyncSession

from app.admission.bans import check_not_banned
from app.comments import writes
from app.comments.admit import assert_open_thread
from app.comments.errors import ThreadClosed
from app.comments.models import Comment, CommentStatus
from app.comments.schemas import VoteRead
from app.db.session import Database
from app.errors import Forbidden, NotFound
from app.identity.deps import Viewer
from app.net import ClientInfo
from app.sites.service import check_origin, get_site


def voter_keys(viewer: Viewer | None, client: ClientInfo) -> list[str]:
    """The key a vote is stored under, then the keys it replaces: a logged-in voter is their
    identity, and a guest vote from their address is theirs too (one person, one vote)."""
    guest = f"g:{client.ip_hash[:64]}"
    return [f"i:{viewer.identity.id}", guest] if viewer else [guest]


async def admit_vote(
    session: AsyncSession,
    comment_id: int,
    *,
    viewer: Viewer | None,
    client: ClientInfo,
    secret_key: str,
) -> Comment:
    """The comment, if this voter may vote on it (origin, site, bans, open thread)."""
    comment = await session.get(Comment, comment_id)
    if comment is None or comment.status != CommentStatus.approved:
        raise NotFound(f"No comment {comment_id}.")
    site = await get_site(session, comment.site_id)
    check_origin(site, client.origin)
    if viewer is not None and viewer.site_id != site.id:
        raise Forbidden("This session token belongs to another site.")
    if site.closed:
        raise ThreadClosed("Comments are closed on this site.")
    await assert_open_thread(session, comment.thread_id)
    await check_not_banned(
        session,
        site.id,
        secret_key=secret_key,
        identity_id=viewer.identity.id if viewer else None,
        email=viewer.identity.email if viewer else None,
        ip_hash=client.ip_hash,
    )
    return comment


async def vote(
    session: AsyncSession,
    comment: Comment,
    value: int,
    *,
    viewer: Viewer | None,
    client: ClientInfo,
) -> VoteRead:
    """Cast, change (1 / -1) or withdraw (0) this voter's vote on an admitted comment."""
    await writes.lock_threads(session, [comment.thread_id])
    score = await writes.cast_vote(session, comment.id, voter_keys(viewer, client), value)
    return VoteRead(score=score, value=value)


async def vote_comment(
    database: Database,
    comment_id: int,
    value: int,
    *,
    viewer: Viewer | None,
    client: ClientInfo,
    secret_key: str,
) -> VoteRead:
    """Vote a comment up (1) or down (-1), or withdraw the vote (0): admission, write, commit."""
    async with database.read_sessions() as reads:
        comment = await admit_vote(
            reads, comment_id, viewer=viewer, client=client, secret_key=secret_key
        )
    async with database.write_transaction() as session:
        result = await vote(session, comment, value, viewer=viewer, client=client)
        await session.commit()
    return result
