"""Composing emails (pure functions, no I/O): links, tokens and the text/HTML bodies.

Links carry a keyed hash of the address row (a confirmation link: of the address, the thread and
its expiry), so they need no stored token and stop working once the address is gone
(unsubscribed from the whole site). Mails are Jinja2 templates (`templating.py`)."""

import html
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import nh3
from markupsafe import Markup

from app.crypto import keyed_hash, tokens_equal
from app.identity.action_links import sign_action
from app.notifications.templating import render
from app.notifications.texts import text

# What a reply's rendered HTML may keep in an email: text formatting and links, no images.
MAIL_TAGS = {"p", "br", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "del"}


@dataclass(frozen=True)
class Links:
    """Builds Parley's public links for emails."""

    base_url: str
    secret_key: str

    def token(self, address_id: int, email: str) -> str:
        return keyed_hash(self.secret_key, "mail-address", f"{address_id}:{email}")[:32]

    def check(self, address_id: int, email: str, token: str) -> bool:
        return tokens_equal(token, self.token(address_id, email))

    def confirm_token(self, address_id: int, email: str, thread_id: int, until: int) -> str:
        value = f"{address_id}:{email}:{thread_id}:{until}"
        return keyed_hash(self.secret_key, "mail-confirm", value)[:32]

    def check_confirm(
        self, address_id: int, email: str, thread_id: int, until: int, token: str
    ) -> bool:
        return tokens_equal(token, self.confirm_token(address_id, email, thread_id, until))

    def confirm(self, address_id: int, email: str, thread_id: int, until: datetime) -> str:
        """The link that confirms one address for one thread, until `until`."""
        stamp = int(until.timestamp())
        query = urlencode(
            {
                "a": address_id,
                "thread": thread_id,
                "until": stamp,
                "t": self.confirm_token(address_id, email, thread_id, stamp),
            }
        )
        return f"{self.base_url}/mail/confirm?{query}"

    def moderate(self, site_id: str, comment_id: int, action: str) -> str:
        """A signed, expiring link to a one-button page that applies `action` to the comment."""
        token = sign_action(self.secret_key, site_id=site_id, comment_id=comment_id, action=action)
        return f"{self.base_url}/moderate/{token}"

    def unsubscribe(self, address_id: int, email: str, thread_id: int | None = None) -> str:
        params: dict[str, Any] = {"a": address_id, "t": self.token(address_id, email)}
        if thread_id is not None:
            params["thread"] = thread_id
        return f"{self.base_url}/mail/unsubscribe?{urlencode(params)}"

    def manage(self, address_id: int, email: str) -> str:
        """The page that lists the address's subscriptions on its site, to cancel them."""
        query = urlencode({"a": address_id, "t": self.token(address_id, email)})
        return f"{self.base_url}/mail/subscriptions?{query}"


@dataclass(frozen=True)
class Quoted:
    """A comment as a mail quotes it."""

    author: str
    body: str  # Markdown source: the plain-text part
    body_html: str  # rendered (already sanitized once) HTML


@dataclass(frozen=True)
class Reply:
    """What a notification tells about a new comment."""

    site_name: str
    post_title: str
    post_url: str
    comment_id: int
    author: str
    body: str  # Markdown source: the plain-text part
    body_html: str  # rendered (already sanitized once) HTML
    parent: Quoted | None = None  # the comment it answers

    @property
    def link(self) -> str:
        return f"{self.post_url}#comment-{self.comment_id}"


def _html_page(paragraphs: list[str]) -> str:
    body = "\n".join(paragraphs)
    return (
        '<!doctype html><html><head><meta charset="utf-8"></head>'
        f'<body style="font-family:sans-serif;line-height:1.5">{body}</body></html>'
    )


def _link(url: str, label: str) -> str:
    return f'<p><a href="{html.escape(url)}">{html.escape(label)}</a></p>'


def _mail_html(body_html: str) -> Markup:
    """A comment's rendered HTML as a mail may show it: text formatting and links only."""
    cleaned = nh3.clean(body_html, tags=MAIL_TAGS, attributes={"a": {"href"}})
    return Markup(cleaned)  # noqa: S704 (sanitized by nh3 with an allow-list just above)


def until_text(until: datetime) -> str:
    """When a confirmation link stops working, as mails and pages say it."""
    return until.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def confirmation(
    lang: str, *, to: str, site_name: str, post_title: str, link: str, until: datetime
) -> dict[str, Any]:
    """The confirmation email of an address for one thread (double opt-in). It carries nothing
    a commenter chose but the thread's title as stored (no name, no comment, no URL)."""
    values = {"site": site_name, "post": post_title or site_name}
    parts = {
        "lang": lang,
        "intro": text(lang, "confirm.intro", **values),
        "open": text(lang, "confirm.open"),
        "button": text(lang, "confirm.button"),
        "until": text(lang, "confirm.until", until=until_text(until)),
        "ignore": text(lang, "confirm.ignore"),
        "link": link,
    }
    return {
        "to": to,
        "subject": text(lang, "confirm.subject", **values),
        "text": render("confirm_mail.txt", **parts),
        "html": render("confirm_mail.html", **parts),
    }


def notification(
    lang: str, *, to: str, reply: Reply, to_author: bool, unsubscribe: str, manage: str
) -> dict[str, Any]:
    """A new comment the recipient asked for — "Bob replied to your comment on “Title”" when it
    answers theirs — with the comment it answers, and one-click unsubscribe headers (RFC 8058)."""
    values = {"site": reply.site_name, "post": reply.post_title or reply.post_url}
    subject_key = "reply.subject_reply" if to_author else "reply.subject_thread"
    parent = reply.parent
    if parent is None:
        original_label = ""
    elif to_author:
        original_label = text(lang, "reply.your_comment")
    else:
        original_label = text(lang, "reply.their_comment", author=parent.author)
    label_key = "reply.reply_label" if parent is not None else "reply.new_label"
    parts = {
        "lang": lang,
        "subject": text(lang, subject_key, author=reply.author, **values),
        "original_label": original_label,
        "original": _mail_html(parent.body_html) if parent else "",
        "original_text": parent.body.strip() if parent else "",
        "reply_label": text(lang, label_key, author=reply.author),
        "reply": _mail_html(reply.body_html),
        "reply_text": reply.body.strip(),
        "view": text(lang, "reply.view"),
        "link": reply.link,
        "footer": text(lang, "reply.footer", **values),
        "manage": manage,
        "manage_label": text(lang, "manage.link"),
        "unsubscribe": unsubscribe,
        "unsubscribe_label": text(lang, "unsubscribe.link"),
    }
    return {
        "to": to,
        "subject": parts["subject"],
        "text": render("reply_mail.txt", **parts),
        "html": render("reply_mail.html", **parts),
        "headers": {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }


def moderator_alert(
    lang: str,
    *,
    to: str,
    reply: Reply,
    status: str,
    admin_url: str,
    queued: bool,
    actions: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A new comment for the site's moderators, with a link to /admin and signed action links
    (`actions`: action -> link to its confirmation page)."""
    values = {"site": reply.site_name, "post": reply.post_title or reply.post_url}
    intro = text(lang, "alert.intro", author=reply.author, status=status, **values)
    view = text(lang, "alert.view")
    quoted = nh3.clean(reply.body_html, tags=MAIL_TAGS, attributes={"a": {"href"}})
    labels = [(text(lang, f"alert.{action}"), url) for action, url in (actions or {}).items()]
    plain_actions = "".join(f"{label}: {url}\n" for label, url in labels)
    return {
        "to": to,
        "subject": text(lang, "alert.subject" if queued else "alert.subject_all", **values),
        "text": (
            f"{intro}\n\n{reply.body.strip()}\n\n{plain_actions}{view}: {admin_url}\n{reply.link}\n"
        ),
        "html": _html_page(
            [
                f"<p>{html.escape(intro)}</p>",
                f"<blockquote>{quoted}</blockquote>",
                *(_link(url, label) for label, url in labels),
                _link(admin_url, view),
            ]
        ),
    }
