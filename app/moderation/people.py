"""Tenant isolation for people: a site's admins see an identity only through that site.

An identity belongs to a site when it has comments, votes, bans, a role or a login session there
(someone who logged in through the site's widget, e.g. to be made a moderator); any admin read or
change of a person (privacy export and erasure, moderator roles) of an identity that does not is
a 404, the same answer as for an id that does not exist, so ids of other sites' people say nothing.
"""

from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.admission.models import Ban
from app.comments.models import Comment, Vote
from app.errors import NotFound
from app.identity.models import AuthSession, Identity, Moderator, name_key
from app.identity.schemas import PersonList, PersonRead


async def belongs_to_site(session: AsyncSession, site_id: str, identity_id: int) -> bool:
    """Whether the identity has comments, votes, bans, a role or a login session on the site."""
    voted = (
        select(Vote.comment_id)
        .join(Comment, Comment.id == Vote.comment_id)
        .where(Comment.site_id == site_id, Vote.voter_key == f"i:{identity_id}")
    )
    traces = (
        select(Comment.id).where(Comment.site_id == site_id, Comment.identity_id == identity_id),
        voted,
        select(Ban.id).where(Ban.site_id == site_id, Ban.identity_id == identity_id),
        select(Moderator.identity_id).where(
            Moderator.site_id == site_id, Moderator.identity_id == identity_id
        ),
        select(AuthSession.id).where(
            AuthSession.site_id == site_id, AuthSession.identity_id == identity_id
        ),
    )
    for query in traces:
        if await session.scalar(select(exists(query))):
            return True
    return False


async def person_on_site(session: AsyncSession, site_id: str, identity_id: int) -> Identity:
    """The identity if it belongs to the site; otherwise 404 (whether it exists or not)."""
    identity = await session.get(Identity, identity_id)
    if identity is None or not await belongs_to_site(session, site_id, identity_id):
        raise NotFound(f"No identity {identity_id} on site '{site_id}'.")
    return identity


async def search_people(
    session: AsyncSession, site_id: str, query: str, *, limit: int
) -> PersonList:
    """Identities of the site (comments, a login session or the role there) whose name contains
    `query` (any case) or whose provider is `query`, by name; never their email."""
    on_site = or_(
        exists(
            select(Comment.id).where(Comment.identity_id == Identity.id, Comment.site_id == site_id)
        ),
        exists(
            select(AuthSession.id).where(
                AuthSession.identity_id == Identity.id, AuthSession.site_id == site_id
            )
        ),
        exists(
            select(Moderator.identity_id).where(
                Moderator.identity_id == Identity.id, Moderator.site_id == site_id
            )
        ),
    )
    moderator = exists(
        select(Moderator.identity_id).where(
            Moderator.identity_id == Identity.id, Moderator.site_id == site_id
        )
    ).label("moderator")
    matches = or_(
        Identity.name_key.contains(name_key(query), autoescape=True),
        Identity.provider == query.strip().lower(),
    )
    rows = await session.execute(
        select(Identity.id, Identity.display_name, Identity.provider, moderator)
        .where(matches, on_site)
        .order_by(Identity.name_key, Identity.id)
        .limit(limit)
    )
    return PersonList(
        people=[
            PersonRead(identity_id=id_, name=name, provider=provider, moderator=bool(mod))
            for id_, name, provider, mod in rows
        ]
    )
