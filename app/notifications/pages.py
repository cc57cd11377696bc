"""The pages behind emailed links. GET shows one button and changes nothing (mail scanners
prefetch links); POST acts. The unsubscribe POST also takes RFC 8058 one-click requests
(`List-Unsubscribe=One-Click`), without login. Pages are Jinja2 templates (autoescaped) and
link back to the post; every notification mail links to the list of the address's
subscriptions, where each (or all) can be cancelled."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse

from app.comments.models import Thread
from app.config import Settings
from app.db.session import SessionDep
from app.errors import problems
from app.notifications import mail_links as subscriptions
from app.notifications.compose import Links, until_text
from app.notifications.mail_links import ConfirmLink, LinkExpired, LinkInvalid
from app.notifications.models import SubscriptionScope, SubscriptionState
from app.notifications.templating import render
from app.notifications.texts import text
from app.runtime import ServerKey, runtime_of
from app.sites.models import Site
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
CONFIRM_PAGE: dict[int | str, dict[str, Any]] = {
    **HTML_PAGE,
    410: {"content": {"text/html": {}}, "description": "The confirmation link has expired"},
}
AddressId = Annotated[int, Query(alias="a", ge=1, le=DB_INT_MAX, description="Address id")]
LinkToken = Annotated[str, Query(alias="t", min_length=1, max_length=64, description="Token")]
ThreadId = Annotated[
    int | None, Query(alias="thread", ge=1, le=DB_INT_MAX, description="Thread to leave")
]
ConfirmThread = Annotated[
    int | None, Query(alias="thread", ge=1, le=DB_INT_MAX, description="Thread to confirm")
]
Until = Annotated[
    int | None, Query(ge=0, le=2**33, description="When the link expires (Unix time)")
]


def _links(request: Request) -> Links:
    runtime = runtime_of(request.app)
    base = runtime.require(Settings).base_url or str(request.base_url)
    return Links(base.rstrip("/"), runtime.require(ServerKey).value)


def _post_link(lang: str, thread: Thread | None) -> list[dict[str, str]]:
    """A link back to the post (http(s) URLs only)."""
    if thread is None or not thread.url.startswith(("https://", "http://")):
        return []
    return [{"href": thread.url, "label": text(lang, "page.back", post=thread.title or thread.url)}]


def _page(
    lang: str,
    title: str,
    paragraphs: list[str],
    *,
    buttons: list[tuple[str, str]] | None = None,
    links: list[dict[str, str]] | None = None,
    status: int = 200,
) -> HTMLResponse:
    body = render(
        "page.html",
        lang=lang,
        title=title,
        paragraphs=paragraphs,
        buttons=[{"fields": [("scope", v)], "label": label} for v, label in buttons or []],
        links=links or [],
    )
    return HTMLResponse(body, status_code=status, headers=HEADERS)


def _invalid(lang: str = "en") -> HTMLResponse:
    title = text(lang, "link.invalid_title")
    return _page(lang, title, [text(lang, "link.invalid_text")], status=404)


def _expired(exc: LinkExpired) -> HTMLResponse:
    lang = exc.site.language
    message = text(lang, "confirm.expired_text", until=until_text(exc.until))
    return _page(lang, text(lang, "confirm.expired_title"), [message], status=410)


def _confirm_link(address_id: int, thread_id: int | None, until: int | None, token: str) -> Any:
    if thread_id is None or until is None:  # a link of the old, per-site kind
        return None
    return ConfirmLink(address_id, thread_id, until, token)


@router.get("/mail/confirm", response_class=HTMLResponse, responses=CONFIRM_PAGE)
async def confirm_page(
    request: Request,
    session: SessionDep,
    address_id: AddressId,
    token: LinkToken,
    thread_id: ConfirmThread = None,
    until: Until = None,
) -> HTMLResponse:
    """The confirmation page of an emailed link: one button, nothing confirmed yet."""
    link = _confirm_link(address_id, thread_id, until, token)
    if link is None:
        return _invalid()
    try:
        _, site, thread = await subscriptions.check_confirm_link(session, _links(request), link)
    except LinkInvalid:
        return _invalid()
    except LinkExpired as exc:
        return _expired(exc)
    lang = site.language
    message = text(lang, "confirm.page_text", site=site.name, post=thread.title or thread.url)
    return _page(
        lang,
        text(lang, "confirm.page_title"),
        [message],
        buttons=[("confirm", text(lang, "confirm.button"))],
        links=_post_link(lang, thread),
    )


@router.post("/mail/confirm", response_class=HTMLResponse, responses=CONFIRM_PAGE)
async def confirm(
    request: Request,
    session: SessionDep,
    address_id: AddressId,
    token: LinkToken,
    thread_id: ConfirmThread = None,
    until: Until = None,
) -> HTMLResponse:
    """Confirm an address for a post: it gets the notifications it asked for there, and the
    replies that arrived while it was unconfirmed."""
    link = _confirm_link(address_id, thread_id, until, token)
    if link is None:
        return _invalid()
    try:
        site, thread = await subscriptions.confirm_thread(session, _links(request), link)
    except LinkInvalid:
        return _invalid()
    except LinkExpired as exc:
        return _expired(exc)
    lang = site.language
    done = text(lang, "confirm.done_title"), [text(lang, "confirm.done_text")]
    return _page(lang, *done, links=_post_link(lang, thread))


@router.get("/mail/unsubscribe", response_class=HTMLResponse, responses=HTML_PAGE)
async def unsubscribe_page(
    request: Request,
    session: SessionDep,
    address_id: AddressId,
    token: LinkToken,
    thread_id: ThreadId = None,
) -> HTMLResponse:
    """The unsubscribe page: leave this post's notifications, or everything on the site."""
    links = _links(request)
    try:
        address, site = await subscriptions.find_address(session, links, address_id, token)
    except LinkInvalid:
        return _invalid()
    lang = site.language
    buttons = [("thread", text(lang, "unsubscribe.thread"))] if thread_id else []
    buttons.append(("site", text(lang, "unsubscribe.site", site=site.name)))
    message = text(lang, "unsubscribe.page_text", site=site.name)
    thread = await subscriptions.thread_on_site(session, site, thread_id)
    manage = {"href": links.manage(address.id, address.email), "label": text(lang, "manage.link")}
    return _page(
        lang,
        text(lang, "unsubscribe.page_title"),
        [message],
        buttons=buttons,
        links=[*_post_link(lang, thread), manage],
    )


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
        site, thread = await subscriptions.unsubscribe(
            session,
            _links(request),
            address_id,
            token,
            thread_id=None if whole_site else thread_id,
        )
    except LinkInvalid:
        return _invalid()
    lang = site.language
    done = text(lang, "unsubscribe.done_title"), [text(lang, "unsubscribe.done_text")]
    return _page(lang, *done, links=_post_link(lang, thread))


def _listed(lang: str, items: list[tuple[Any, Thread]]) -> list[dict[str, Any]]:
    listed = []
    for subscription, thread in items:
        post = thread.title or thread.url
        key = (
            "manage.thread" if subscription.scope == SubscriptionScope.thread else "manage.replies"
        )
        note = {
            SubscriptionState.unconfirmed: text(lang, "manage.unconfirmed"),
            SubscriptionState.held: text(lang, "manage.held"),
        }.get(subscription.state, "")
        href = thread.url if thread.url.startswith(("https://", "http://")) else ""
        listed.append(
            {"id": subscription.id, "label": text(lang, key, post=post), "href": href, "note": note}
        )
    return listed


async def _subscriptions_page(
    request: Request, session: SessionDep, address_id: int, token: str, notice: str | None
) -> HTMLResponse:
    try:
        _, site, items = await subscriptions.list_subscriptions(
            session, _links(request), address_id, token
        )
    except LinkInvalid:
        return _invalid()
    lang = site.language
    return _subscriptions_html(lang, site, _listed(lang, items), notice)


def _subscriptions_html(
    lang: str, site: Site, listed: list[dict[str, Any]], notice: str | None
) -> HTMLResponse:
    paragraphs = [notice] if notice else []
    key = "manage.page_text" if listed else "manage.empty"
    paragraphs.append(text(lang, key, site=site.name))
    buttons = [("all", text(lang, "manage.cancel_all"))] if len(listed) > 1 else []
    body = render(
        "subscriptions.html",
        lang=lang,
        title=text(lang, "manage.page_title", site=site.name),
        paragraphs=paragraphs,
        subscriptions=listed,
        cancel=text(lang, "manage.cancel"),
        buttons=[{"fields": [("scope", v)], "label": label} for v, label in buttons],
        links=[],
    )
    return HTMLResponse(body, headers=HEADERS)


@router.get("/mail/subscriptions", response_class=HTMLResponse, responses=HTML_PAGE)
async def subscriptions_page(
    request: Request, session: SessionDep, address_id: AddressId, token: LinkToken
) -> HTMLResponse:
    """The address's subscriptions on the site (linked from every notification mail)."""
    return await _subscriptions_page(request, session, address_id, token, None)


@router.post("/mail/subscriptions", response_class=HTMLResponse, responses=HTML_PAGE)
async def cancel_subscriptions(
    request: Request,
    session: SessionDep,
    address_id: AddressId,
    token: LinkToken,
    subscription: Annotated[int | None, Form(ge=1, le=DB_INT_MAX)] = None,
    scope: Annotated[str | None, Form(pattern="^all$")] = None,
) -> HTMLResponse:
    """Cancel one subscription (`subscription`), or all of them (`scope=all`)."""
    if subscription is None and scope != "all":
        return await _subscriptions_page(request, session, address_id, token, None)
    try:
        await subscriptions.cancel_subscription(
            session, _links(request), address_id, token, subscription
        )
    except LinkInvalid:
        return _invalid()
    lang = "en"
    try:
        _, site = await subscriptions.find_address(session, _links(request), address_id, token)
        lang = site.language
    except LinkInvalid:
        return _invalid()
    return await _subscriptions_page(
        request, session, address_id, token, text(lang, "manage.cancelled")
    )
