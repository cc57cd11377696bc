"""The thread for pages without JavaScript: the HTML fragment, the plain form's action and the
default stylesheet (app/comments/html.py renders; these routes parse, call and present)."""

import dataclasses
import hashlib
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.comments import fastpath, formtoken, html, service
from app.comments.html_page import HTML_MEDIA_TYPE, HtmlPage
from app.comments.html_words import Words
from app.comments.router import (
    AdmissionChecks,
    ChangeTokenDep,
    LoginOptionsDep,
    PageCacheDep,
    PresenterDep,
    SiteId,
)
from app.comments.schemas import MAX_BODY_CHARS, CommentCreate
from app.db.session import DatabaseDep, ReadSessionDep, SessionDep
from app.errors import AppError
from app.net import Client, ClientInfo
from app.ratelimit import READ_LIMITED, limit_writes
from app.runtime import AppSettings, SecretKey
from app.sites.models import GuestPolicy
from app.sites.service import get_site
from app.sites.urls import normalized_url

router = APIRouter(tags=["comments"])

HTML = HTML_MEDIA_TYPE
_HTML_RESPONSE = {"content": {HTML: {"schema": {"type": "string"}}}, "description": "HTML"}
STYLESHEET = (Path(__file__).with_name("templates") / "comments.css").read_bytes()
STYLESHEET_ETAG = '"' + hashlib.sha256(STYLESHEET).hexdigest()[:24] + '"'


def _small_int(text: str | None, default: int | None, *, high: int) -> int | None:
    """A lenient number from a page's query string (pages pass their own query on)."""
    if text is None or not text.isascii() or not text.isdigit() or len(text) > 9:
        return default
    value = int(text)
    return value if 1 <= value <= high else default


@router.get(
    "/api/v1/sites/{site_id}/thread.html",
    response_class=Response,
    dependencies=[READ_LIMITED],
    responses={
        200: _HTML_RESPONSE,
        304: {"description": "Unchanged since the ETag sent"},
        404: {**_HTML_RESPONSE, "description": "No such site"},
        422: {**_HTML_RESPONSE, "description": "The URL is not on the site"},
    },
)
async def read_thread_html(
    site_id: SiteId,
    request: Request,
    session: SessionDep,
    presenter: PresenterDep,
    cache: PageCacheDep,
    changes: ChangeTokenDep,
    settings: AppSettings,
    login: LoginOptionsDep,
    secret_key: SecretKey,
    url: Annotated[str, Query(max_length=2048, description="The post's URL")],
    page: Annotated[str | None, Query(max_length=20, description="Page of the thread")] = None,
    replyto: Annotated[
        str | None, Query(max_length=20, description="Render the form as a reply to this comment")
    ] = None,
    held: Annotated[
        str | None, Query(max_length=5, description="Show the awaiting-moderation note")
    ] = None,
    title: Annotated[str, Query(max_length=500, description="The post's title")] = "",
) -> Response:
    """The thread as an HTML fragment (WordPress's comment markup, schema.org microdata, a plain
    "Leave a Reply" form) for pages to include: an edge include, a static build, a fetch."""
    token = changes.current()  # before the query, as for the JSON thread
    try:
        query = html.FragmentQuery(
            site_id,
            normalized_url(url),
            html.page_url(url),
            page=_small_int(page, 1, high=html.MAX_PAGE) or 1,
            reply_to=_small_int(replyto, None, high=2**31 - 1),
            held=held == "1",
            title=title,
        )
        fragment = await html.thread_fragment(
            session,
            query,
            presenter=presenter,
            cache=cache,
            login=login,
            request_key=fastpath.request_key(
                "thread.html", site_id, request.scope["query_string"], presenter.base_url
            ),
            token=token,
        )
    except AppError as exc:
        body = html.message_fragment(exc.detail or exc.title)
        return Response(body, status_code=exc.status, media_type=HTML)
    return _html_response(request, fragment, settings.cdn_max_age, secret_key, site_id)


def _html_response(
    request: Request, page: HtmlPage, cdn_max_age: int, secret_key: str, site_id: str
) -> Response:
    gzip_ok = fastpath.accepts_gzip(request.headers.get("accept-encoding", ""))
    control = fastpath.cache_control(cdn_max_age)
    headers = dict(fastpath.page_headers(page, gzip_ok=gzip_ok, cache_control=control))
    if fastpath.not_modified(page, request.headers.get("if-none-match", "")):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    body = page.render(formtoken.issue(secret_key, site_id), gzip_ok=gzip_ok)
    return Response(body, media_type=HTML, headers=headers)


class CommentForm(BaseModel):
    """The plain "Leave a Reply" form (WordPress's field names). Lenient on purpose: whatever a
    reader typed comes back in a filled-in form with what is wrong, never as a bare error."""

    model_config = ConfigDict(extra="ignore")  # the submit button, a theme's extra fields

    comment: str = Field(default="", max_length=MAX_BODY_CHARS * 4)
    author: str = Field(default="", max_length=1000)
    email: str = Field(default="", max_length=1000)
    url: str = Field(default="", max_length=2048, description="The commenter's website")
    post_url: str = Field(max_length=2048, description="The post's URL")
    title: str = Field(default="", max_length=500)
    comment_parent: str = Field(default="0", max_length=20)
    notify: str = Field(default="none", max_length=20)
    parley_hp: str = Field(default="", max_length=1000, description="Honeypot: leave empty")
    parley_token: str = Field(default="", max_length=200, description="The form's token")


def _problems(words: Words, error: ValidationError) -> list[str]:
    out = []
    for item in error.errors():
        where = item["loc"][0] if item["loc"] else ""
        if where == "body" and item["type"] == "string_too_short":
            out.append(words("empty"))
        elif where == "body" and item["type"] == "string_too_long":
            out.append(words("tooLong", n=str(MAX_BODY_CHARS)))
        elif where == "author_email":
            out.append(words("v-email"))
        else:
            out.append(words("e-invalid-input", d=f"{where}: {item['msg']}"))
    return out


_APP_ERROR_WORDS = {
    "rate-limited": "e-rate-limited",
    "banned": "e-banned",
    "name-reserved": "e-name-reserved",
    "thread-closed": "closed",
    "guests-not-allowed": "e-guests-not-allowed",
}


def _app_error(words: Words, exc: AppError) -> str:
    key = _APP_ERROR_WORDS.get(exc.type)
    if key:
        return words(key)
    return words("e-invalid-input", d=exc.detail or exc.title)


@router.post(
    "/api/v1/sites/{site_id}/comment-form",
    response_class=Response,
    status_code=status.HTTP_303_SEE_OTHER,
    responses={
        303: {"description": "Posted: back to the post, at the comment or the moderation note"},
        **{
            code: {**_HTML_RESPONSE, "description": "The form again, filled in, with the problem"}
            for code in (403, 404, 409, 422, 429)
        },
    },
)
async def post_comment_form(
    site_id: SiteId,
    form: Annotated[CommentForm, Form()],
    request: Request,
    session: ReadSessionDep,
    database: DatabaseDep,
    client: Client,
    checks: AdmissionChecks,
    secret_key: SecretKey,
    settings: AppSettings,
) -> Response:
    """Post a comment from the plain form (application/x-www-form-urlencoded), through the same
    admission as the JSON API; answers 303 to the post, or the form again with the problem."""
    try:
        site = await get_site(session, site_id)
    except AppError as exc:
        return Response(html.message_fragment(exc.detail or ""), exc.status, media_type=HTML)
    words = Words(site.language)
    on_site = False

    def again(errors: list[str], status_code: int) -> Response:
        return _form_again(
            form,
            words,
            errors,
            status_code,
            site_id,
            secret_key,
            client.base_url,
            required=site.guest_policy == GuestPolicy.name_email,
            notify=settings.email_enabled,
            on_site=on_site,
        )

    try:
        post_url = html.page_url(form.post_url)
        html.check_on_site(site.origins, site.id, post_url)
        on_site = True
        await limit_writes(request, client)
        data = _comment_create(form, post_url, secret_key, site_id)
        if data is None:
            raise _FormExpired
        posted = await service.post_comment(
            database, site_id, data, viewer=None, client=_from_own_pages(client), checks=checks
        )
    except _FormExpired:
        return again([words("expired")], 422)
    except ValidationError as exc:
        return again(_problems(words, exc), 422)
    except AppError as exc:
        return again([_app_error(words, exc)], exc.status)
    comment = posted.comment
    if comment.status == "approved":
        location = f"{post_url}#comment-{comment.id}"
    else:  # held for moderation, or held as spam: the note, never a blank page
        location = f"{post_url}{'&' if '?' in post_url else '?'}held=1#comments"
    return Response(status_code=status.HTTP_303_SEE_OTHER, headers={"location": location})


def _from_own_pages(client: ClientInfo) -> ClientInfo:
    """The form sent again from Parley's own page (the filled-in form after a refusal) comes
    from Parley's origin: no site's page, so no origin to check; its token ties it to the site."""
    if client.origin is not None and client.base_url.startswith(client.origin + "/"):
        return dataclasses.replace(client, origin=None)
    if client.origin is not None and client.origin == client.base_url:
        return dataclasses.replace(client, origin=None)
    return client


class _FormExpired(Exception):
    pass


def _comment_create(
    form: CommentForm, post_url: str, secret_key: str, site_id: str
) -> CommentCreate | None:
    """The JSON API's input from the form; None when its token is missing, forged or too old."""
    elapsed = formtoken.elapsed_ms(secret_key, site_id, form.parley_token)
    if elapsed is None:
        return None
    parent = form.comment_parent.strip()
    return CommentCreate(
        url=post_url,
        title=form.title,
        parent_id=int(parent) if parent.isascii() and parent.isdigit() and parent != "0" else None,
        body=form.comment,
        author_name=form.author or None,
        author_email=form.email.strip() or None,
        author_website=form.url or None,
        honeypot=form.parley_hp or None,
        form_elapsed_ms=None if elapsed == formtoken.UNTIMED else elapsed,
        notify=form.notify if form.notify in ("none", "replies", "thread") else "none",
    )


def _form_again(
    form: CommentForm,
    words: Words,
    errors: list[str],
    status_code: int,
    site_id: str,
    secret_key: str,
    base_url: str,
    *,
    required: bool,
    notify: bool,
    on_site: bool,
) -> Response:
    """The form again, with everything the reader typed and what went wrong."""
    parent = form.comment_parent.strip()
    view = html.FormView(
        words=words,
        action=html.form_action(base_url, site_id),
        post_url=form.post_url,
        title=form.title,
        required=required,
        notify=notify,
        parent_id=int(parent) if parent.isascii() and parent.isdigit() and len(parent) < 11 else 0,
        errors=errors,
        values={
            "comment": form.comment,
            "author": form.author,
            "email": form.email,
            "url": form.url,
            "notify": form.notify,
        },
        token=formtoken.issue(secret_key, site_id),
    )
    page = html.form_page(
        view,
        lang=words.lang,
        stylesheet=f"{base_url}/api/v1/comments.css",
        back_url=form.post_url if on_site else None,
    )
    return Response(page, status_code=status_code, media_type=HTML)


@router.get(
    "/api/v1/comments.css",
    response_class=Response,
    responses={200: {"content": {"text/css": {"schema": {"type": "string"}}}}},
)
async def read_stylesheet(request: Request) -> Response:
    """A small default stylesheet for the HTML thread, for pages without a WordPress theme."""
    headers = {"etag": STYLESHEET_ETAG, "cache-control": "public, max-age=86400"}
    if STYLESHEET_ETAG in request.headers.get("if-none-match", ""):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(STYLESHEET, media_type="text/css; charset=utf-8", headers=headers)
