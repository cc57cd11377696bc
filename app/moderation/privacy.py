"""A commenter's data on one site: export it as JSON, or erase it.

Erasure keeps threads whole: the commenter's comments become `deleted` placeholders with no text,
name, email, website, address hash or identity. The identity itself is deleted when nothing of it
remains on other sites (another site's data is not this site's admin's to erase); its sessions and
moderator role on this site go in any case. Bans are kept: erasure is not a way around a ban,
except that a ban by identity goes with a deleted identity; the name a ban recorded is erased.

Domains above moderation keep personal data too (email subscriptions): each offers a
`PersonalData`, registered in the sessions' wiring as `PersonalDataParts` (app/assembly.py), whose
part the export includes under its name and the erasure deletes.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.admission.bans import email_hash
from app.admission.models import Ban, BanKind
from app.comments import writes
from app.comments.models import Comment, Thread, Vote
from app.db.base import utcnow
from app.db.session import wiring_of
from app.errors import InvalidInput
from app.identity.access import Admin
from app.identity.models import AuthSession, Identity, Moderator
from app.moderation.people import person_on_site
from app.moderation.schemas import Commenter, ErasureReport
from app.sites import audit

EXPORT_FORMAT = "parley-commenter-export-1"


class PersonalData(Protocol):
    """One part of a commenter's data on a site, kept by a domain above moderation. The person
    is the identity (if asked by id) and the emails: the one asked about, or the identity's."""

    name: str

    async def export(
        self, session: AsyncSession, site_id: str, *, identity_id: int | None, emails: list[str]
    ) -> list[dict[str, Any]]: ...

    async def erase(
        self, session: AsyncSession, site_id: str, *, identity_id: int | None, emails: list[str]
    ) -> int: ...


@dataclass(frozen=True)
class PersonalDataParts:
    """Wiring (app/db/wiring.py): every domain's part of a commenter's data. Required: an
    export or erasure that silently skipped a part would be a privacy failure."""

    parts: tuple[PersonalData, ...]


def _parts(session: AsyncSession) -> Sequence[PersonalData]:
    return wiring_of(session).require(PersonalDataParts).parts


def _emails(who: Commenter, identity: Identity | None) -> list[str]:
    if who.email is not None:
        return [str(who.email).lower()]
    return [identity.email.lower()] if identity is not None and identity.email else []


def _whose(who: Commenter) -> ColumnElement[bool]:
    if who.identity_id is not None and who.email is not None:
        raise InvalidInput("Send identity_id or email, not both.")
    if who.identity_id is not None:
        return Comment.identity_id == who.identity_id
    if who.email is not None:
        return func.lower(Comment.author_email) == str(who.email).lower()
    raise InvalidInput("Send identity_id or email.")


async def _identity(session: AsyncSession, site_id: str, who: Commenter) -> Identity | None:
    """The identity asked about; 404 unless it belongs to this site (tenant isolation)."""
    if who.identity_id is None:
        return None
    return await person_on_site(session, site_id, who.identity_id)


def _comment_doc(comment: Comment, thread: Thread) -> dict[str, Any]:
    return {
        "id": comment.id,
        "thread_url": thread.url,
        "thread_title": thread.title,
        "parent_id": comment.parent_id,
        "status": comment.status.value,
        "body": comment.body,
        "author_name": comment.author_name,
        "author_email": comment.author_email,
        "author_website": comment.author_website,
        "created_at": comment.created_at.isoformat(),
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
        "score": comment.score,
    }


async def _bans(
    session: AsyncSession, site_id: str, who: Commenter, secret_key: str
) -> list[dict[str, Any]]:
    if who.identity_id is not None:
        match = (Ban.kind == BanKind.identity) & (Ban.identity_id == who.identity_id)
    else:
        match = (Ban.kind == BanKind.email) & (
            Ban.value_hash == email_hash(secret_key, str(who.email))
        )
    rows = await session.scalars(select(Ban).where(Ban.site_id == site_id, match))
    return [
        {
            "kind": ban.kind.value,
            "reason": ban.reason,
            "created_at": ban.created_at.isoformat(),
            "expires_at": ban.expires_at.isoformat() if ban.expires_at else None,
        }
        for ban in rows
    ]


async def export_commenter(
    session: AsyncSession, site_id: str, who: Commenter, *, admin: Admin, secret_key: str
) -> dict[str, Any]:
    """Everything stored about one commenter on the site, as a JSON document (the export is
    audited and committed)."""
    condition = _whose(who)
    identity = await _identity(session, site_id, who)
    rows = await session.execute(
        select(Comment, Thread)
        .join(Thread, Thread.id == Comment.thread_id)
        .where(Comment.site_id == site_id, condition)
        .order_by(Comment.created_at, Comment.id)
    )
    votes: list[dict[str, Any]] = []
    if identity is not None:
        vote_rows = await session.execute(
            select(Vote.comment_id, Vote.value)
            .join(Comment, Comment.id == Vote.comment_id)
            .where(Comment.site_id == site_id, Vote.voter_key == f"i:{identity.id}")
        )
        votes = [{"comment_id": c, "value": v} for c, v in vote_rows.all()]
    moderator = identity is not None and (
        await session.get(Moderator, (site_id, identity.id)) is not None
    )
    emails = _emails(who, identity)
    parts = {
        part.name: await part.export(session, site_id, identity_id=who.identity_id, emails=emails)
        for part in _parts(session)
    }
    audit.record(session, site_id, admin, "privacy.export", identity_id=who.identity_id)
    await session.commit()
    return {
        "format": EXPORT_FORMAT,
        "site": site_id,
        "exported_at": utcnow().isoformat(),
        "identity": _identity_doc(identity, await _last_login(session, site_id, identity)),
        "moderator": moderator,
        "comments": [_comment_doc(c, t) for c, t in rows.all()],
        "votes": votes,
        "bans": await _bans(session, site_id, who, secret_key),
        **parts,
    }


def _identity_doc(identity: Identity | None, last_login: datetime | None) -> dict[str, Any] | None:
    if identity is None:
        return None
    return {
        "id": identity.id,
        "provider": identity.provider,
        "subject": identity.subject,
        "display_name": identity.display_name,
        "email": identity.email,
        "avatar_url": identity.avatar_url,
        "profile_url": identity.profile_url,
        "created_at": identity.created_at.isoformat(),
        # Of this site only: when the identity last logged in elsewhere is not this site's data.
        "last_login_at": last_login.isoformat() if last_login else None,
    }


async def _last_login(
    session: AsyncSession, site_id: str, identity: Identity | None
) -> datetime | None:
    if identity is None:
        return None
    return await session.scalar(
        select(func.max(AuthSession.created_at)).where(
            AuthSession.identity_id == identity.id, AuthSession.site_id == site_id
        )
    )


def _voted_threads(site_id: str, identity_id: int) -> Select[int]:
    return (
        select(Comment.thread_id)
        .join(Vote, Vote.comment_id == Comment.id)
        .where(Comment.site_id == site_id, Vote.voter_key == f"i:{identity_id}")
        .distinct()
    )


async def _identity_is_used_elsewhere(
    session: AsyncSession, site_id: str, identity_id: int
) -> bool:
    for model in (Comment, AuthSession, Moderator):
        used = await session.scalar(
            select(model.site_id)
            .where(model.identity_id == identity_id, model.site_id != site_id)
            .limit(1)
        )
        if used is not None:
            return True
    return False


async def _erase_identity(
    session: AsyncSession, site_id: str, identity_id: int
) -> tuple[int, bool]:
    revoked = await session.execute(
        delete(AuthSession).where(
            AuthSession.identity_id == identity_id, AuthSession.site_id == site_id
        )
    )
    await session.execute(
        delete(Moderator).where(Moderator.identity_id == identity_id, Moderator.site_id == site_id)
    )
    deleted = not await _identity_is_used_elsewhere(session, site_id, identity_id)
    if deleted:
        await session.execute(delete(Identity).where(Identity.id == identity_id))
    return int(revoked.rowcount or 0), deleted  # type: ignore[attr-defined]


async def _forget_name_on_bans(
    session: AsyncSession, site_id: str, comment_ids: list[int], identity_id: int | None
) -> None:
    """The ban stays; the name it recorded of the erased commenter goes."""
    mine: ColumnElement[bool] = Ban.comment_id.in_(comment_ids)
    if identity_id is not None:
        mine = mine | (Ban.identity_id == identity_id)
    await session.execute(update(Ban).where(Ban.site_id == site_id, mine).values(author_name=""))


async def erase_commenter(
    session: AsyncSession, site_id: str, who: Commenter, *, admin: Admin
) -> ErasureReport:
    """Erase one commenter's data on the site and commit (the module docstring: what is kept)."""
    condition = _whose(who)
    identity = await _identity(session, site_id, who)
    touched = (
        await session.execute(
            select(Comment.id, Comment.thread_id).where(Comment.site_id == site_id, condition)
        )
    ).all()
    ids = [comment_id for comment_id, _ in touched]
    threads = {thread_id for _, thread_id in touched}
    if identity is not None:
        threads |= set(await session.scalars(_voted_threads(site_id, identity.id)))
    await writes.lock_threads(session, threads)  # thread rows first: the house lock order
    await writes.erase(session, site_id, ids, threads, actor=admin.actor)
    await _forget_name_on_bans(session, site_id, ids, identity.id if identity else None)
    addresses, emails = 0, _emails(who, identity)
    for part in _parts(session):  # before the identity goes: its subscriptions name it
        addresses += await part.erase(session, site_id, identity_id=who.identity_id, emails=emails)
    votes, sessions, deleted = 0, 0, False
    if identity is not None:
        votes = await writes.remove_votes(session, site_id, f"i:{identity.id}")
        sessions, deleted = await _erase_identity(session, site_id, identity.id)
    report = ErasureReport(
        comments=len(ids),
        identity_deleted=deleted,
        sessions_revoked=sessions,
        votes_removed=votes,
        email_addresses_removed=addresses,
    )
    audit.record(
        session,
        site_id,
        admin,
        "privacy.erase",
        identity_id=who.identity_id,
        by="identity" if who.identity_id is not None else "email",
        **report.model_dump(),
    )
    await session.commit()
    return report
