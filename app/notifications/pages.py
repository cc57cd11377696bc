"""The pages behind emailed links. GET shows one button and changes nothing (mail scanners
prefetch links); POST acts. The unsubscribe POST also takes RFC 8058 one-click requests
(`List-Unsubscribe=One-Click`), without login."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from app.db.session import SessionDep
from app.errors import problems
from app.notifications import subscriptions
from app.notifications.compose import Links
from app.notifications.subscriptions import LinkInvalid
from app.notifications.texts import text
from app.validation import DB_INT_MAX

router = APIRouter(tags=["email"])

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the URL carries the link's token
    "X-Content-Type-Options": "nosniff",
}
HTML_PAGE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {}}, "description": "An HTML page"},
    404: {"content": {"text/html": {}}, "description": "The link is not valid (any more)"},
    **problems(422, e422="Malformed link"),
}
AddressId = Annotated[int, Query(alias="a", ge=1, le=DB_INT_MAX, description="Address id")]
LinkToken = Annotated[str, Query(alias="t", min_length=1, max_length=64, description="Token")]
ThreadId = Annotated[
    int | None, Query(alias="thread", ge=1, le=DB_INT_MAX, description="Thread to leave")
]


def _links(request: Request) -> Links:
    base = request.app.state.settings.base_url or str(request.base_url)
    return Links(base.rstrip("/"), request.app.state.secret_key)


# Pages from templates with autoescape: escaping is the default, never a call to remember.
templates = Environment(
    loader=PackageLoader("app.notifications", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)


def _page(lang: str, title: str, message: str, buttons: list[tuple[str, str]]) -> str:
    page = templates.get_template("link_page.html")
    return page.render(lang=lang, title=title, message=message, buttons=buttons)


def _respond(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=HEADERS)


def _invalid(lang: str = "en") -> HTMLResponse:
    title = text(lang, "link.invalid_title")
    return _respond(_page(lang, title, text(lang, "link.invalid_text"), []), 404)


@router.get("/mail/confirm", response_class=HTMLResponse, responses=HTML_PAGE)
async def confirm_page(
    request: Request, session: SessionDep, address_id: AddressId, token: LinkToken
) -> HTMLResponse:
    """The confirmation page of an emailed link: one button, nothing confirmed yet."""
    try:
        _, site = await subscriptions.find_address(session, _links(request), address_id, token)
    except LinkInvalid:
        return _invalid()
    lang = site.language
    title, message = (
        text(lang, "confirm.page_title"),
        text(lang, "confirm.page_text", site=site.name),
    )
    return _respond(_page(lang, title, message, [("confirm", text(lang, "confirm.button"))]))


@router.post("/mail/confirm", response_class=HTMLResponse, responses=HTML_PAGE)
async def confirm(
    request: Request, session: SessionDep, address_id: AddressId, token: LinkToken
) -> HTMLResponse:
    """Confirm an address: from now on it gets the notifications it asked for."""
    try:
        site = await subscriptions.confirm_address(session, _links(request), address_id, token)
    except LinkInvalid:
        return _invalid()
    await session.commit()
    lang = site.language
    done = text(lang, "confirm.done_title"), text(lang, "confirm.done_text")
    return _respond(_page(lang, *done, []))


@router.get("/mail/unsubscribe", response_class=HTMLResponse, responses=HTML_PAGE)
async def unsubscribe_page(
    request: Request,
    session: SessionDep,
    address_id: AddressId,
    token: LinkToken,
    thread_id: ThreadId = None,
) -> HTMLResponse:
    """The unsubscribe page: leave this post's notifications, or everything on the site."""
    try:
        _, site = await subscriptions.find_address(session, _links(request), address_id, token)
    except LinkInvalid:
        return _invalid()
    lang = site.language
    buttons = [("thread", text(lang, "unsubscribe.thread"))] if thread_id else []
    buttons.append(("site", text(lang, "unsubscribe.site", site=site.name)))
    message = text(lang, "unsubscribe.page_text", site=site.name)
    return _respond(_page(lang, text(lang, "unsubscribe.page_title"), message, buttons))


@router.post("/mail/unsubscribe", response_class=HTMLResponse, responses=HTML_PAGE)
async def unsubscribe(
    request: Request,
    session: SessionDep,
    address_id: AddressId,
    token: LinkToken,
    thread_id: ThreadId = None,
    scope: Annotated[str | None, Form(pattern="^(thread|site)$")] = None,
) -> HTMLResponse:
    """Unsubscribe (the page's buttons, or a mail client's RFC 8058 one-click POST).

    One-click and `scope=thread` leave the linked thread; `scope=site` (or a link without a
    thread) stops every email from the site to this address."""
    whole_site = scope == "site" or thread_id is None
    try:
        site = await subscriptions.unsubscribe(
            session,
            _links(request),
            address_id,
            token,
            thread_id=None if whole_site else thread_id,
        )
    except LinkInvalid:
        return _invalid()
    await session.commit()
    lang = site.language
    done = text(lang, "unsubscribe.done_title"), text(lang, "unsubscribe.done_text")
    return _respond(_page(lang, *done, []))
