"""Login popup pages (`/auth/…`) and the login API (`/api/v1/auth/…`, `/api/v1/me`, providers).

The popup is a top-level page on Parley's origin: its flow state (Authlib's state, nonce and PKCE
verifier, plus the site, origin and widget challenge) lives in a signed first-party cookie scoped to
`/auth`, so nothing depends on third-party cookies. The API itself uses bearer tokens only.
"""

import logging
import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI, Request, Response, status
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.middleware.sessions import SessionMiddleware

from app.config import Settings
from app.crypto import keyed_hash
from app.db.session import SessionDep, WriteSessionDep
from app.errors import AppError, Problem
from app.identity import admin_login, pages, service
from app.identity.access import login_scope
from app.identity.deps import CurrentViewer, IdentityDep, IdentityRuntime
from app.identity.oauth import ProviderFailure, finish_login, start_login
from app.identity.schemas import (
    IdentityRead,
    MeRead,
    ProviderRead,
    ProvidersRead,
    TokenRead,
    TokenRequest,
)
from app.sites.service import get_site
from app.sites.urls import InvalidURL, normalize_origin

logger = logging.getLogger(__name__)


def https_avatar(url: str | None) -> str | None:
    """A provider picture the widget may show: https only (C4)."""
    return url if url and url.startswith("https://") and len(url) <= 2048 else None


FLOW_COOKIE = "parley_login"
FLOW_TTL_SECONDS = 600
MAX_PENDING_FLOWS = 3

router = APIRouter()


def install_identity(app: FastAPI, settings: Settings, secret_key: str) -> None:
    """Add the popup's flow-state cookie middleware to the app."""
    base = urlsplit(settings.base_url or "")
    app.add_middleware(
        SessionMiddleware,
        secret_key=keyed_hash(secret_key, "login-flow-cookie", ""),
        session_cookie=FLOW_COOKIE,
        max_age=FLOW_TTL_SECONDS,
        path=base.path.rstrip("/") + "/auth",
        same_site="lax",  # sent on the provider's top-level redirect back to the callback
        https_only=base.scheme == "https",
    )


PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Missing, unknown, expired or revoked credential"},
    404: {"model": Problem, "description": "No such site"},
    422: {"model": Problem, "description": "Invalid input"},
}


def _redirect_uri(request: Request, runtime: IdentityRuntime, provider: str) -> str:
    if runtime.settings.base_url:
        return f"{runtime.settings.base_url.rstrip('/')}/auth/{provider}/callback"
    return str(request.url_for("identity_callback", provider=provider))


def _own_origin(request: Request, runtime: IdentityRuntime) -> str:
    """Parley's own origin (the /admin page's): PARLEY_BASE_URL's, else the request's."""
    base = urlsplit(runtime.settings.base_url or str(request.base_url))
    try:
        return normalize_origin(f"{base.scheme}://{base.netloc}")
    except InvalidURL:
        return ""


def _remember_flow(cookie: dict[str, Any], state: str, start: service.LoginStart) -> None:
    now = time.time()
    flows = {k: v for k, v in cookie.get("flows", {}).items() if v.get("exp", 0) > now}
    flows[state] = {
        "provider": start.provider.name,
        "site": start.site_id,
        "origin": start.origin,
        "challenge": start.challenge,
        "exp": now + FLOW_TTL_SECONDS,
    }
    kept = dict(list(flows.items())[-MAX_PENDING_FLOWS:])
    cookie["flows"] = kept
    # Authlib keeps one entry per provider; drop those of abandoned flows so the cookie stays small.
    for key in [k for k in cookie if k.startswith("_state_")]:
        if key.rsplit("_", 1)[-1] not in kept:
            del cookie[key]


def _take_flow(cookie: dict[str, Any], provider: str, state: str) -> dict[str, Any] | None:
    """The pending flow for this state, removed so that a replayed callback finds nothing."""
    flows: dict[str, Any] = cookie.get("flows", {})
    flow = flows.pop(state, None) if state else None
    if flows:
        cookie["flows"] = flows
    else:
        cookie.pop("flows", None)
    if not isinstance(flow, dict) or flow.get("provider") != provider:
        return None
    return flow if flow.get("exp", 0) > time.time() else None


@router.get("/auth/callback.js", include_in_schema=False)
async def callback_script() -> Response:
    """The login popup's only script (CSP `script-src 'self'`)."""
    return pages.callback_script()


@router.get("/auth/{provider}/login", response_class=HTMLResponse, name="identity_login")
async def login(
    request: Request,
    provider: str,
    session: SessionDep,
    runtime: IdentityDep,
    site: str = "",
    origin: str = "",
    challenge: str = "",
) -> Response:
    """Popup: check the site, origin and challenge, then redirect to the provider's login."""
    try:
        start = await service.check_login_request(
            session,
            runtime.registry,
            provider,
            site_id=site,
            origin=origin,
            challenge=challenge,
            own_origin=_own_origin(request, runtime),
        )
        url, state = await start_login(
            start.provider, request, _redirect_uri(request, runtime, provider)
        )
    except AppError as exc:
        return pages.error_page(exc.status, exc.title, exc.detail or exc.title)
    except ProviderFailure as exc:
        return pages.error_page(502, "Login provider unavailable", exc.message)
    _remember_flow(request.session, state, start)
    return RedirectResponse(url, status_code=302, headers={"Cache-Control": "no-store"})


@router.get("/auth/{provider}/callback", response_class=HTMLResponse, name="identity_callback")
async def callback(
    request: Request, provider: str, session: WriteSessionDep, runtime: IdentityDep
) -> Response:
    """Popup: verify the provider's answer, then post a one-time login code to the opener."""
    flow = _take_flow(request.session, provider, request.query_params.get("state", ""))
    if flow is None:
        return pages.error_page(
            400,
            "Login expired or invalid",
            "This answer does not match a login started in this browser (missing, tampered, "
            "expired or replayed state). Close this window and log in again.",
        )
    registered = runtime.registry.get(provider)
    try:
        if registered is None:
            raise ProviderFailure("provider_unavailable", "This provider is no longer configured.")
        profile = await finish_login(registered, request)
        code = await service.complete_login(
            session,
            profile,
            site_id=flow["site"],
            challenge=flow["challenge"],
            ttl_seconds=runtime.settings.login_code_ttl_seconds,
            scope=login_scope(flow["origin"], _own_origin(request, runtime)),
        )
    except (ProviderFailure, AppError) as exc:
        error = exc.code if isinstance(exc, ProviderFailure) else exc.type
        text = exc.message if isinstance(exc, ProviderFailure) else (exc.detail or exc.title)
        logger.warning("login with %s failed: %s (%s)", provider, error, text)
        return pages.message_page(
            flow["origin"],
            {"type": "parley:login-error", "error": error},
            title="Login failed",
            text=text,
            status=400,
        )
    return pages.message_page(
        flow["origin"],
        {"type": "parley:login", "code": code},
        title="Logged in",
        text=f"Logged in as {profile.name}. This window closes by itself.",
    )


@router.post("/api/v1/auth/token", responses=PROBLEMS)
async def redeem_login_code(
    body: TokenRequest, session: SessionDep, runtime: IdentityDep
) -> TokenRead:
    """Exchange the popup's one-time login code and the PKCE verifier for a commenter session
    token: it posts, edits, votes and reads `me`, and opens no admin route (docs/permissions.md)."""
    issued = await service.log_in_commenter(
        session, body.code, body.verifier, ttl=timedelta(days=runtime.settings.session_ttl_days)
    )
    return TokenRead(
        token=issued.token,
        identity=IdentityRead.model_validate(issued.identity),
        expires_at=issued.expires_at,
    )


@router.get("/api/v1/me", responses=PROBLEMS)
async def read_me(viewer: CurrentViewer, session: SessionDep, runtime: IdentityDep) -> MeRead:
    """The logged-in commenter (name, https avatar, provider label), the site their token is
    bound to, and whether they moderate it."""
    moderator = await service.is_moderator(session, viewer.identity.id, viewer.site_id)
    identity = IdentityRead.model_validate(viewer.identity)
    provider = runtime.registry.get(identity.provider)
    return MeRead(
        **identity.model_dump(exclude={"avatar_url"}),
        avatar_url=https_avatar(identity.avatar_url),
        display_name=identity.name,
        provider_label=provider.label if provider else identity.provider.title(),
        site=viewer.site_id,
        moderator=moderator,
    )


@router.post("/api/v1/auth/logout", status_code=status.HTTP_204_NO_CONTENT, responses=PROBLEMS)
async def logout(viewer: CurrentViewer, session: SessionDep) -> None:
    """Revoke the session token sent with this request."""
    await service.revoke_session(session, viewer.session_id)


@router.get("/api/v1/sites/{site}/auth/providers", responses=PROBLEMS)
async def list_providers(site: str, session: SessionDep, runtime: IdentityDep) -> ProvidersRead:
    """The login providers enabled on the site, with label and icon name."""
    found = await get_site(session, site)
    return ProvidersRead(
        providers=[
            ProviderRead(name=p.name, label=p.label, icon=p.icon)
            for p in service.enabled_providers(found, runtime.registry)
        ]
    )


router.include_router(admin_login.router)
