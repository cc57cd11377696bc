"""Bans per site as moderators manage them: create, list, lift (admission checks them)."""

from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.admission.bans import email_hash
from app.admission.models import Ban, BanKind
from app.comments.models import Comment
from app.crypto import keyed_hash
from app.db.base import utcnow
from app.db.paging import newest_first
from app.errors import InvalidInput, NotFound
from app.identity.access import Admin
from app.identity.models import Identity
from app.moderation.audit import comment_links
from app.moderation.people import person_on_site
from app.moderation.schemas import BanCreate, BanList, BanRead
from app.sites import audit


class _Target(NamedTuple):
    value_hash: str
    identity_id: int | None
    author_name: str


async def _site_comment(session: AsyncSession, site_id: str, comment_id: int | None) -> Comment:
    comment = None
    if comment_id is not None:
        comment = await session.scalar(
            select(Comment).where(Comment.id == comment_id, Comment.site_id == site_id)
        )
    if comment is None:
        raise NotFound(f"No comment {comment_id} on site '{site_id}'.")
    return comment


async def _target(session: AsyncSession, site_id: str, data: BanCreate, secret_key: str) -> _Target:
    """What the ban matches, from the value given or from the author of `comment_id`.

    Every id must be the site's own: a comment of another site (or none) and an identity that
    never came to this site are a 404, so a ban never links, names or stores a foreign object.
    """
    comment = None
    if data.comment_id is not None:
        comment = await _site_comment(session, site_id, data.comment_id)
    given = {BanKind.identity: data.identity_id, BanKind.email: data.email}.get(data.kind)
    if given is None and comment is None:
        field = {BanKind.identity: "identity_id", BanKind.email: "email"}.get(data.kind)
        raise InvalidInput(
            f"Send comment_id{f' or {field}' if field else ''} for a {data.kind} ban."
        )
    if data.kind == BanKind.identity:
        identity: Identity | None = None
        if data.identity_id is not None:
            identity = await person_on_site(session, site_id, data.identity_id)
        elif comment is not None and comment.identity_id is not None:
            identity = await session.get(Identity, comment.identity_id)
        if identity is None:
            raise InvalidInput("That comment's author is a guest.")
        value_hash = keyed_hash(secret_key, "identity", str(identity.id))
        return _Target(value_hash, identity.id, identity.display_name)
    name = comment.author_name if comment else ""
    if data.kind == BanKind.email:
        email = str(data.email) if data.email else (comment.author_email if comment else None)
        if not email:
            raise InvalidInput("That comment has no email address.")
        return _Target(email_hash(secret_key, email), None, name)
    if comment is None or not comment.author_ip_hash:
        raise InvalidInput("That comment has no recorded address.")
    return _Target(comment.author_ip_hash, None, name)


async def create_ban(
    session: AsyncSession, site_id: str, data: BanCreate, *, admin: Admin, secret_key: str
) -> Ban:
    """Ban a commenter on one site, audited, and commit; emails and IPs are kept only as keyed
    hashes."""
    if data.expires_at is not None and data.expires_at.tzinfo is None:
        raise InvalidInput("expires_at needs a time zone (e.g. a trailing Z).")
    if data.expires_at is not None and data.expires_at <= utcnow():
        raise InvalidInput("expires_at is in the past.")
    target = await _target(session, site_id, data, secret_key)
    ban = Ban(
        site_id=site_id,
        kind=data.kind,
        value_hash=target.value_hash,
        identity_id=target.identity_id,
        comment_id=data.comment_id,
        author_name=target.author_name[:100],
        reason=data.reason,
        expires_at=data.expires_at,
        created_by=admin.actor[:100],
    )
    session.add(ban)
    await session.flush()
    audit.record(
        session,
        site_id,
        admin,
        "ban.create",
        comment_id=data.comment_id,
        ban_id=ban.id,
        kind=data.kind.value,
        identity_id=target.identity_id,
        expires_at=data.expires_at.isoformat() if data.expires_at else None,
    )
    await session.commit()
    return ban


async def list_bans(
    session: AsyncSession, site_id: str, *, cursor: str | None, limit: int
) -> BanList:
    """The site's bans, newest first (expired ones too, marked by their expires_at)."""
    query = select(Ban).where(Ban.site_id == site_id)
    rows, next_cursor = await newest_first(session, query, Ban.id, cursor=cursor, limit=limit)
    ids = {row.comment_id for row in rows if row.comment_id}
    links = await comment_links(session, site_id, ids)
    return BanList(bans=[read_ban(row, links) for row in rows], next_cursor=next_cursor)


async def present_ban(session: AsyncSession, ban: Ban) -> BanRead:
    """One ban as the list shows it."""
    return read_ban(
        ban,
        await comment_links(session, ban.site_id, {ban.comment_id} if ban.comment_id else set()),
    )


def read_ban(ban: Ban, links: dict[int, tuple[str, str]]) -> BanRead:
    """A ban as moderators see it, with a link to its comment while that exists."""
    shown = BanRead.model_validate(ban)
    if ban.comment_id in links:
        shown.comment_url = links[ban.comment_id][1]
    return shown


async def delete_ban(session: AsyncSession, site_id: str, ban_id: int, *, admin: Admin) -> None:
    """Lift a ban, audited, and commit."""
    ban = await session.scalar(select(Ban).where(Ban.id == ban_id, Ban.site_id == site_id))
    if ban is None:
        raise NotFound(f"No ban {ban_id} on site '{site_id}'.")
    await session.delete(ban)
    audit.record(session, site_id, admin, "ban.delete", ban_id=ban_id, kind=ban.kind.value)
    await session.commit()
