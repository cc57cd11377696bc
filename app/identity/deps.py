"""Who is calling: a commenter's bearer session token, resolved to their identity."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select

from app.crypto import hash_token
from app.db.base import utcnow
from app.db.session import SessionDep
from app.errors import Unauthorized
from app.identity.models import AuthSession, Identity


@dataclass(frozen=True)
class Viewer:
    """A logged-in commenter: the identity and the site its session token is bound to."""

    identity: Identity
    session_id: int
    site_id: str


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def get_optional_viewer(request: Request, session: SessionDep) -> Viewer | None:
    """The viewer behind a valid commenter session token; None when no token is sent.

    A token that is sent but unknown, expired or revoked is an error, never a silent guest.
    Admin tokens are not commenter sessions; admin routes resolve those themselves.
    """
    token = bearer_token(request)
    if token is None:
        return None
    row = (
        await session.execute(
            select(AuthSession, Identity)
            .join(Identity, Identity.id == AuthSession.identity_id)
            .where(AuthSession.token_hash == hash_token(token))
        )
    ).first()
    if row is None:
        raise Unauthorized("Unknown session token; log in again.")
    auth_session, identity = row
    if auth_session.revoked_at is not None or auth_session.expires_at <= utcnow():
        raise Unauthorized("Session expired or logged out; log in again.")
    return Viewer(identity=identity, session_id=auth_session.id, site_id=auth_session.site_id)


async def get_viewer(viewer: Annotated[Viewer | None, Depends(get_optional_viewer)]) -> Viewer:
    if viewer is None:
        raise Unauthorized("Log in first: send Authorization: Bearer <session token>.")
    return viewer


OptionalViewer = Annotated[Viewer | None, Depends(get_optional_viewer)]
CurrentViewer = Annotated[Viewer, Depends(get_viewer)]
