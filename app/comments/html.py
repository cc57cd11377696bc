"""The thread as HTML: a fragment for pages to include (an edge include, a static build, any
server that fetches it) and the pages of the plain form, from Jinja2 templates with autoescape.

The fragment is cached like the JSON thread (keyed by the thread's version, and by request under
the database change token for the fast path), as a `HtmlPage`: the bytes before and after the
form token, so every answer carries a freshly signed token at the cost of a concatenation (and
of compressing the short tail, from a saved compressor state, when gzip is asked for).
"""

import dataclasses
import hashlib
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments import formtoken
from app.comments.bootstrap import LoginOptions, SiteBootstrap
from app.comments.cache import Freshness, PageCache
from app.comments.html_page import TOKEN_MARK, HtmlPage
from app.comments.html_words import Words, language
from app.comments.models import Thread
from app.comments.presenter import Presenter
from app.comments.reads import PageQuery, _build_page, _thread_head, fingerprint
from app.comments.schemas import MAX_BODY_CHARS, CommentRead
from app.sites.models import GuestPolicy
from app.sites.service import URLNotOnSite, get_site
from app.sites.urls import InvalidURL, normalized_url, origin_of

PER_PAGE = 50  # top-level comments per page, as the widget's first page
MAX_PAGE = 10_000

templates = Environment(
    loader=PackageLoader("app.comments", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=False,
    keep_trailing_newline=False,
)


@dataclass(frozen=True)
class FragmentQuery:
    site_id: str
    url: str  # normalized: keys the thread
    page_url: str  # as the page gave it (checked on the site's origins): links and the form
    page: int = 1
    reply_to: int | None = None
    held: bool = False
    title: str = ""


@dataclass
class FormView:
    """What the "Leave a Reply" block shows."""

    words: Words
    action: str
    post_url: str
    title: str = ""
    closed: bool = False
    login_only: bool = False
    providers: Sequence[str] = ()
    required: bool = True
    notify: bool = False
    parent_id: int = 0
    reply_to_name: str = ""
    errors: Sequence[str] = ()
    values: dict[str, str] = field(default_factory=dict)
    token: str = TOKEN_MARK
    max_chars: int = MAX_BODY_CHARS


@dataclass
class Item:
    comment: CommentRead
    depth: int
    shown: bool
    parent_id: int | None
    children: list["Item"] = field(default_factory=list)


def nest(comments: Sequence[CommentRead], max_depth: int) -> tuple[list[Item], dict[int, str]]:
    """The presented tree as the walker shows it: replies deeper than `max_depth` follow their
    parent at the deepest level (as WordPress and the widget flatten them). Also every shown
    comment's author by id (for "Leave a Reply to …"). Iterative: imported trees are deep."""
    max_depth = max(1, max_depth)
    top: list[Item] = []
    names: dict[int, str] = {}
    stack: list[tuple[CommentRead, int, list[Item]]] = [(c, 1, top) for c in reversed(comments)]
    while stack:
        comment, depth, siblings = stack.pop()
        shown = comment.status != "deleted"
        item = Item(comment, depth, shown, comment.parent_id)
        if shown:
            names[comment.id] = comment.author.name
        siblings.append(item)
        into, child_depth = (item.children, depth + 1) if depth < max_depth else (siblings, depth)
        stack.extend((reply, child_depth, into) for reply in reversed(comment.replies))
    return top, names


def _form(
    bootstrap: SiteBootstrap,
    query: FragmentQuery,
    words: Words,
    action: str,
    reply_to_name: str,
) -> FormView:
    policy = bootstrap.guest_policy
    return FormView(
        words=words,
        action=action,
        post_url=query.page_url,
        title=query.title,
        closed=bootstrap.cannot_comment_reason == "closed",
        login_only=policy == GuestPolicy.oauth_only,
        providers=[p.label for p in bootstrap.providers],
        required=policy == GuestPolicy.name_email,
        notify=bootstrap.email_notifications,
        parent_id=query.reply_to or 0 if reply_to_name else 0,
        reply_to_name=reply_to_name,
    )


def _page_link(page: int) -> str:
    return "?" + urlencode({"page": page}) if page > 1 else "?"


def form_action(base_url: str, site_id: str) -> str:
    return f"{base_url}/api/v1/sites/{site_id}/comment-form"


async def _render_fragment(
    session: AsyncSession,
    site: Any,
    thread: Any,
    query: FragmentQuery,
    presenter: Presenter,
    login: LoginOptions,
) -> str:
    page_query = PageQuery(
        query.site_id, query.url, "oldest", None, PER_PAGE, offset=(query.page - 1) * PER_PAGE
    )
    built = await _build_page(session, site, thread, page_query, presenter, None, login)
    assert built.site is not None
    words = Words(site.site_language)
    items, names = nest(built.comments, built.site.max_depth)
    reply_name = names.get(query.reply_to or 0, "")
    title = built.thread.title or query.title
    form = _form(
        built.site,
        dataclasses.replace(query, title=title),
        words,
        form_action(presenter.base_url, query.site_id),
        reply_name,
    )
    return templates.get_template("thread.html").render(
        site_id=query.site_id,
        url=query.url,
        page_url=query.page_url,
        count=built.thread.comment_count,
        title=title,
        held=query.held,
        words=words,
        comments=items,
        can_reply=not form.closed and not form.login_only,
        older=_page_link(query.page - 1) if query.page > 1 else None,
        newer=_page_link(query.page + 1) if built.next_cursor else None,
        form=form,
    )


async def thread_fragment(
    session: AsyncSession,
    query: FragmentQuery,
    *,
    presenter: Presenter,
    cache: PageCache,
    login: LoginOptions,
    request_key: Hashable | None = None,
    token: bytes | None = None,
) -> HtmlPage:
    """The fragment of a thread's page for anonymous readers, cached by thread version (and on
    the fast path under the change token read before this call, as the JSON thread). A URL not
    on the site's origins is a 422 (`URLNotOnSite`), an unknown site a 404."""
    site, thread = await _thread_head(session, query.site_id, query.url)
    check_on_site(site.site_origins or [], query.site_id, query.page_url)
    fresh = fingerprint(site, thread)
    key = ("html", *fresh, login, query, presenter.base_url)
    cached = cache.get(key)
    if not isinstance(cached, HtmlPage):
        html = await _render_fragment(session, site, thread, query, presenter, login)
        etag = 'W/"' + hashlib.sha256(repr(key).encode()).hexdigest()[:24] + '"'
        cached = HtmlPage.split(html, etag)
        cache.put(key, cached)
    if request_key is not None:
        cache.remember(request_key, token, cached, Freshness(query.site_id, query.url, fresh))
    return cached


def page_url(url: str) -> str:
    """The post's URL as the page gave it, without its #fragment (422 when unusable)."""
    normalized_url(url)  # the same checks as the thread's key
    return urlunsplit(urlsplit(url.strip())._replace(fragment=""))


def check_on_site(origins: Sequence[str], site_id: str, url: str) -> None:
    """A post URL must live on one of the site's origins (`URLNotOnSite`, 422)."""
    try:
        origin = origin_of(url)
    except InvalidURL as exc:
        raise URLNotOnSite(f"Invalid post URL: {exc}") from exc
    if origin not in origins:
        raise URLNotOnSite(f"{origin} is not one of site '{site_id}''s origins.")


def issue_token(secret_key: str, site_id: str) -> str:
    return formtoken.issue(secret_key, site_id)


def message_fragment(message: str) -> str:
    """A small answer in place of the thread (unknown site, URL not on the site)."""
    return templates.get_template("message.html").render(message=message)


def form_page(form: FormView, *, lang: str, stylesheet: str, back_url: str | None) -> str:
    """A whole page holding the plain form again, filled in, with what went wrong."""
    content = templates.get_template("form_page.html").render(form=form, back_url=back_url)
    return templates.get_template("page.html").render(
        lang=language(lang),
        title=form.words("notPosted"),
        stylesheet=stylesheet,
        content=Markup(content),  # noqa: S704 - rendered by the autoescaping template above
    )


async def thread_urls(session: AsyncSession, site_id: str) -> list[str]:
    """Every thread's URL on a site (for a static build of all of them), in id order."""
    await get_site(session, site_id)
    rows = await session.scalars(
        select(Thread.url).where(Thread.site_id == site_id).order_by(Thread.id)
    )
    return list(rows)


_SAFE_SEGMENT = re.compile(r"[^A-Za-z0-9._~-]")


def file_name(url: str, taken: set[str]) -> str:
    """A file name for a thread's fragment from its URL path (`/2026/hello/` →
    `2026/hello.html`, `/` → `index.html`); never leaves the output directory."""
    parts = urlsplit(url)
    segments = [_SAFE_SEGMENT.sub("_", s) for s in parts.path.split("/") if s]
    segments = [s if s.strip(".") else s.replace(".", "_") for s in segments] or ["index"]
    name = "/".join(segments)
    if parts.query or name + ".html" in taken:
        name += "--" + hashlib.sha256(url.encode()).hexdigest()[:10]
    taken.add(name + ".html")
    return name + ".html"
