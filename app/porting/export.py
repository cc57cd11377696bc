"""Export a whole site as Parley's versioned JSON (docs/export-format.md), streamed.

Threads are read a page at a time and comments one thread at a time, so memory stays bounded
by the largest thread. The document does not carry database ids: comments are keyed by their
source id, or `parley:<site>:<id>` when they were written here, which makes export → import →
export reproduce the same document.
"""

from collections import defaultdict
from collections.abc import AsyncIterator, Iterable
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select, union
from sqlalchemy.ext.asyncio import AsyncSession

from app.admission.models import Ban
from app.comments.models import Comment, Thread, Vote
from app.db.session import Database
from app.identity.models import Identity, Moderator
from app.porting.parley_json import (
    AuditDoc,
    BanDoc,
    CommentDoc,
    IdentityDoc,
    ModeratorDoc,
    SiteDoc,
    ThreadDoc,
    VoteDoc,
    header_lines,
    identity_ref,
)
from app.sites import audit
from app.sites.audit import AuditEntry
from app.sites.service import get_site
from app.validation import scrub

PAGE = 500


def comment_key(site_id: str, comment_id: int, source_id: str | None) -> str:
    """The key a comment has in an export: stable across export → import → export."""
    return source_id or f"parley:{site_id}:{comment_id}"


class _Writer:
    """Joins records with the commas of the one-record-per-line layout."""

    def __init__(self) -> None:
        self.first = True

    def line(self, doc: BaseModel) -> bytes:
        prefix = b"" if self.first else b",\n"
        self.first = False
        return prefix + doc.model_dump_json().encode()

    def end(self) -> bytes:
        return b"]}\n" if self.first else b"\n]}\n"


async def record_export(database: Database, site_id: str, admin: audit.Actor) -> None:
    """Audit an export (the document holds every commenter's email and address hash), committed
    before the first byte is sent."""
    async with database.write_transaction() as session:
        audit.record(session, site_id, admin, "export")
        await session.commit()


async def export_site(session: AsyncSession, site_id: str) -> AsyncIterator[bytes]:
    """The export document of a site, in chunks of bytes."""
    if session.get_bind().dialect.name == "postgresql" and not session.in_transaction():
        # One snapshot for the whole document (SQLite's read transaction is one already).
        await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    site = await get_site(session, site_id)
    # Scrubbed: a row stored before text was checked must not end the document half-way.
    fields = {name: scrub(getattr(site, name)) for name in SiteDoc.model_fields}
    site_doc = SiteDoc.model_validate(fields)
    yield ("\n".join(header_lines(site_doc)) + "\n").encode()
    out = _Writer()
    refs = await _identity_refs(session, site_id)
    head: list[BaseModel] = [
        *await _identities(session, refs),
        *await _moderators(session, site_id, refs),
        *await _bans(session, site_id, refs),
    ]
    for doc in head:
        yield out.line(doc)
    async for thread in _threads(session, site_id):
        for record in await _thread_docs(session, site_id, thread, refs):
            yield out.line(record)
    async for entry in _audit(session, site_id):
        yield out.line(entry)
    yield out.end()


async def _identity_refs(session: AsyncSession, site_id: str) -> dict[int, str]:
    ids = union(
        select(Comment.identity_id).where(
            Comment.site_id == site_id, Comment.identity_id.is_not(None)
        ),
        select(Moderator.identity_id).where(Moderator.site_id == site_id),
        select(Ban.identity_id).where(Ban.site_id == site_id, Ban.identity_id.is_not(None)),
    ).subquery()
    rows = await session.execute(
        select(Identity.id, Identity.provider, Identity.subject).where(
            Identity.id.in_(select(ids.c[0]))
        )
    )
    return {row.id: identity_ref(row.provider, row.subject) for row in rows}


async def _identities(session: AsyncSession, refs: dict[int, str]) -> list[IdentityDoc]:
    docs: list[IdentityDoc] = []
    for chunk in _chunks(sorted(refs), PAGE):
        identities = await session.scalars(select(Identity).where(Identity.id.in_(chunk)))
        docs.extend(IdentityDoc.model_validate(i, from_attributes=True) for i in identities)
    return sorted(docs, key=lambda doc: (doc.provider, doc.subject))


async def _moderators(
    session: AsyncSession, site_id: str, refs: dict[int, str]
) -> list[ModeratorDoc]:
    rows = await session.scalars(select(Moderator).where(Moderator.site_id == site_id))
    docs = [ModeratorDoc(identity=refs[m.identity_id], created_at=m.created_at) for m in rows]
    return sorted(docs, key=lambda doc: doc.identity)


async def _bans(session: AsyncSession, site_id: str, refs: dict[int, str]) -> list[BanDoc]:
    bans = (
        await session.scalars(
            select(Ban).where(Ban.site_id == site_id).order_by(Ban.created_at, Ban.id)
        )
    ).all()
    made_from = {ban.comment_id for ban in bans if ban.comment_id is not None}
    keys = {
        comment_id: comment_key(site_id, comment_id, source_id)
        for comment_id, source_id in (
            await session.execute(
                select(Comment.id, Comment.source_id).where(Comment.id.in_(made_from))
            )
        ).all()
    }
    return [
        BanDoc(
            kind=ban.kind,
            value_hash=ban.value_hash,
            identity=refs.get(ban.identity_id) if ban.identity_id else None,
            author_name=ban.author_name,
            comment=keys.get(ban.comment_id) if ban.comment_id else None,
            reason=ban.reason,
            expires_at=ban.expires_at,
            created_by=ban.created_by,
            created_at=ban.created_at,
        )
        for ban in bans
    ]


async def _threads(session: AsyncSession, site_id: str) -> AsyncIterator[Thread]:
    last: str | None = None
    while True:
        query = select(Thread).where(Thread.site_id == site_id).order_by(Thread.url).limit(PAGE)
        if last is not None:
            query = query.where(Thread.url > last)
        page = (await session.scalars(query)).all()
        for thread in page:
            yield thread
        if len(page) < PAGE:
            return
        last = page[-1].url


async def _thread_docs(
    session: AsyncSession, site_id: str, thread: Thread, refs: dict[int, str]
) -> list[BaseModel]:
    """The thread record followed by its comments, parents before replies."""
    comments = (
        await session.scalars(
            select(Comment)
            .where(Comment.thread_id == thread.id)
            .order_by(Comment.depth, Comment.created_at, Comment.id)
        )
    ).all()
    votes = await _votes(session, thread.id)
    keys = {c.id: comment_key(site_id, c.id, c.source_id) for c in comments}
    pinned = keys.get(thread.pinned_comment_id) if thread.pinned_comment_id else None
    docs: list[BaseModel] = [
        ThreadDoc(
            url=thread.url,
            title=thread.title,
            closed=thread.closed,
            pinned=pinned,
            created_at=thread.created_at,
        )
    ]
    docs.extend(_comment_doc(c, keys, refs, votes.get(c.id, [])) for c in comments)
    return docs


def _comment_doc(
    comment: Comment, keys: dict[int, str], refs: dict[int, str], votes: list[VoteDoc]
) -> CommentDoc:
    return CommentDoc(
        key=keys[comment.id],
        parent=keys[comment.parent_id] if comment.parent_id is not None else None,
        identity=refs.get(comment.identity_id) if comment.identity_id is not None else None,
        author_name=comment.author_name,
        author_email=comment.author_email,
        author_website=comment.author_website,
        author_ip_hash=comment.author_ip_hash,
        body=comment.body,
        body_html=comment.body_html,
        status=comment.status,
        score=comment.score,
        edit_token_hash=comment.edit_token_hash,
        created_at=comment.created_at,
        edited_at=comment.edited_at,
        votes=votes,
    )


async def _votes(session: AsyncSession, thread_id: int) -> dict[int, list[VoteDoc]]:
    rows = await session.execute(
        select(Vote.comment_id, Vote.voter_key, Vote.value)
        .join(Comment, Comment.id == Vote.comment_id)
        .where(Comment.thread_id == thread_id)
        .order_by(Vote.comment_id, Vote.voter_key)
    )
    votes: defaultdict[int, list[VoteDoc]] = defaultdict(list)
    for comment_id, voter, value in rows:
        votes[comment_id].append(VoteDoc(voter=voter, value=value))
    return votes


async def _audit(session: AsyncSession, site_id: str) -> AsyncIterator[AuditDoc]:
    last = 0
    while True:
        rows = (
            await session.execute(
                select(AuditEntry, Comment.id, Comment.source_id)
                .outerjoin(Comment, Comment.id == AuditEntry.comment_id)
                .where(AuditEntry.site_id == site_id, AuditEntry.id > last)
                .order_by(AuditEntry.id)
                .limit(PAGE)
            )
        ).all()
        for entry, comment_id, source_id in rows:
            yield _audit_doc(site_id, entry, comment_id, source_id)
        if len(rows) < PAGE:
            return
        last = rows[-1][0].id


def _audit_doc(
    site_id: str, entry: AuditEntry, comment_id: int | None, source_id: str | None
) -> AuditDoc:
    key = comment_key(site_id, comment_id, source_id) if comment_id is not None else None
    return AuditDoc(
        actor=entry.actor,
        action=entry.action,
        comment=key,
        detail=entry.detail,
        created_at=entry.created_at,
    )


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
