"""The live domain's reads of the database: the event log and the comments it points to."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import and_, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.models import Comment, CommentStatus, Thread
from app.comments.presenter import Presenter
from app.comments.schemas import AuthorRead, CommentRead
from app.identity.models import Identity
from app.live.models import LiveEvent
from app.sites.models import Site

REPLAY_LIMIT = 500  # events replayed to a reconnecting reader, at most


async def find_thread(session: AsyncSession, site_id: str, url: str) -> tuple[bool, int | None]:
    """(site exists, the thread's id or None) for a normalized post URL."""
    row = (
        await session.execute(
            select(Site.id, Thread.id.label("thread_id"))
            .outerjoin(Thread, and_(Thread.site_id == Site.id, Thread.url == url))
            .where(Site.id == site_id)
        )
    ).first()
    if row is None:
        return False, None
    return True, row.thread_id


async def thread_url(session: AsyncSession, thread_id: int) -> tuple[str, str] | None:
    row = (
        await session.execute(select(Thread.site_id, Thread.url).where(Thread.id == thread_id))
    ).first()
    return (row.site_id, row.url) if row is not None else None


async def last_event_id(session: AsyncSession, thread_id: int) -> int:
    value = await session.scalar(
        select(func.max(LiveEvent.id)).where(LiveEvent.thread_id == thread_id, LiveEvent.published)
    )
    return int(value or 0)


async def newest_event_id(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.max(LiveEvent.id)).where(LiveEvent.published)) or 0)


async def events_after(
    session: AsyncSession, thread_id: int, since: int, *, newest: bool = False
) -> list[LiveEvent]:
    """Events of the thread after `since` in id order, at most REPLAY_LIMIT: the oldest ones,
    or with `newest` the most recent ones (a replay keeps what is still current)."""
    stmt = select(LiveEvent).where(
        LiveEvent.thread_id == thread_id, LiveEvent.id > since, LiveEvent.published
    )
    stmt = stmt.order_by(LiveEvent.id.desc() if newest else LiveEvent.id).limit(REPLAY_LIMIT)
    rows = list((await session.scalars(stmt)).all())
    return sorted(rows, key=lambda row: row.id)


async def prune(session: AsyncSession, before: datetime) -> None:
    await session.execute(delete(LiveEvent).where(LiveEvent.created_at < before))


def _gone(event: LiveEvent) -> CommentRead:
    """The view of a comment whose row no longer exists (purged)."""
    return CommentRead(
        id=event.comment_id or 0,
        parent_id=event.parent_id,
        body_html="",
        author=AuthorRead(name=""),
        status=CommentStatus.deleted,
        created_at=event.created_at,
        edited_at=None,
        score=0,
    )


async def render(
    session: AsyncSession, events: Sequence[LiveEvent], base_urls: Iterable[str], secret_key: str
) -> dict[tuple[int, str], str | None]:
    """Each event's `data:` per API base URL (avatars are absolute links), as the thread read
    shows the comment now; None for an event that is stale (no longer true) and not sent."""
    comment_ids = {e.comment_id for e in events if e.comment_id is not None}
    comments: dict[int, Comment] = {}
    if comment_ids:
        found = await session.scalars(select(Comment).where(Comment.id.in_(comment_ids)))
        comments = {c.id: c for c in found}
    identity_ids = {c.identity_id for c in comments.values() if c.identity_id is not None}
    identities: dict[int, Identity] = {}
    if identity_ids:
        people = await session.scalars(select(Identity).where(Identity.id.in_(identity_ids)))
        identities = {i.id: i for i in people}
    thread_ids = {e.thread_id for e in events}
    rows = await session.execute(
        select(Thread.id, Thread.pinned_comment_id).where(Thread.id.in_(thread_ids))
    )
    pinned: dict[int, int | None] = {row.id: row.pinned_comment_id for row in rows}
    out: dict[tuple[int, str], str | None] = {}
    for base_url in set(base_urls):
        for event in events:
            presenter = Presenter(secret_key, base_url, pinned.get(event.thread_id))
            out[(event.id, base_url)] = _data(presenter, event, comments, identities)
    return out


def _data(
    presenter: Presenter,
    event: LiveEvent,
    comments: dict[int, Comment],
    identities: dict[int, Identity],
) -> str | None:
    if event.type == "thread.closed":
        return '{"closed": %s}' % ("true" if event.closed else "false")
    comment = comments.get(event.comment_id or 0)
    if event.type == "comment.deleted":
        view = _gone(event) if comment is None else presenter.comment(comment, None, shown=False)
    elif comment is None or comment.status != CommentStatus.approved:
        return None
    else:
        identity = identities.get(comment.identity_id) if comment.identity_id else None
        view = presenter.comment(comment, identity, shown=True)
    return view.model_dump_json(exclude={"replies"})
