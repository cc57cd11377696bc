"""/admin login and logout (`/api/v1/auth/admin-session`): the first-party cookie session.

The cookie is `HttpOnly`, `SameSite=Strict`, `Path=/`, `Secure` over https, and expires with its
session; every request it authenticates must carry `X-Parley-Admin: 1` from Parley's own origin
(`deps.check_cookie_request`), so no other page can use it, even one of the same site.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status

from app.config import Settings
from app.db.session import DatabaseDep, SessionDep
from app.errors import Forbidden, InvalidInput, Problem, Unauthorized
from app.identity import admin_sessions
from app.identity.deps import ADMIN_COOKIE, admin_credential, check_cookie_request, get_admin
from app.identity.schemas import AdminLogin, AdminSessionRead, AdminSessionState
from app.runtime import runtime_of

router = APIRouter(tags=["identity"])
PATH = "/api/v1/auth/admin-session"
PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Unknown, expired or revoked credential or code"},
    403: {"model": Problem, "description": "Not a moderator, a widget login, or cross-origin"},
    422: {"model": Problem, "description": "Invalid input"},
}


def _secure(request: Request) -> bool:
    base = runtime_of(request.app).require(Settings).base_url or ""
    return request.url.scheme == "https" or base.startswith("https://")


@router.get(PATH, responses=PROBLEMS)
async def read_admin_session(request: Request, database: DatabaseDep) -> AdminSessionState:
    """Whether this browser has a valid /admin session (200 either way: /admin asks on load)."""
    try:
        admin = await get_admin(request, database)
    except (Unauthorized, Forbidden):
        return AdminSessionState(logged_in=False)
    sites = None if admin.site_ids is None else sorted(admin.site_ids)
    return AdminSessionState(logged_in=True, actor=admin.actor, role=admin.role, site_ids=sites)


@router.post(PATH, responses=PROBLEMS)
async def open_admin_session(
    body: AdminLogin, request: Request, response: Response, session: SessionDep
) -> AdminSessionRead:
    """Log in to /admin with an admin token or a moderator's /admin login; sets the cookie."""
    check_cookie_request(request)  # no login CSRF: only /admin itself may open a session
    if body.token is not None and body.code is None and body.verifier is None:
        root = runtime_of(request.app).require(Settings).admin_token.get_secret_value()
        opened = await admin_sessions.open_with_token(session, body.token, root=root)
    elif body.token is None and body.code is not None and body.verifier is not None:
        opened = await admin_sessions.open_with_login(session, body.code, body.verifier)
    else:
        raise InvalidInput("Send either token, or code and verifier.")
    response.set_cookie(
        ADMIN_COOKIE,
        opened.token,
        max_age=int(admin_sessions.ADMIN_SESSION_TTL.total_seconds()),
        path="/",
        secure=_secure(request),
        httponly=True,
        samesite="strict",
    )
    response.headers["Cache-Control"] = "no-store"
    admin = opened.admin
    sites = None if admin.site_ids is None else sorted(admin.site_ids)
    return AdminSessionRead(
        actor=admin.actor, role=admin.role, site_ids=sites, expires_at=opened.expires_at
    )


@router.delete(PATH, status_code=status.HTTP_204_NO_CONTENT, responses=PROBLEMS)
async def close_admin_session(
    request: Request,
    response: Response,
    session: SessionDep,
    everywhere: Annotated[
        bool, Query(description="Log out on every device: all of this person's /admin sessions")
    ] = False,
) -> None:
    """Log out of /admin: the session is revoked server-side and the cookie cleared."""
    credential = admin_credential(request)
    if credential is not None:
        token, from_cookie = credential
        if from_cookie:
            check_cookie_request(request)
        await admin_sessions.end_session(session, token, everywhere=everywhere)
    response.delete_cookie(
        ADMIN_COOKIE, path="/", secure=_secure(request), httponly=True, samesite="strict"
    )
