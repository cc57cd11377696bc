"""Composing emails (pure functions, no I/O): links, tokens and the text/HTML bodies.

Confirm and unsubscribe links carry a keyed hash of the address row, so they need no stored
token and stop working once the address is gone (unsubscribed from the whole site)."""

import html
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import nh3

from app.crypto import keyed_hash, tokens_equal
from app.identity.action_links import sign_action
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

    def confirm(self, address_id: int, email: str) -> str:
        query = urlencode({"a": address_id, "t": self.token(address_id, email)})
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


def confirmation(
    lang: str, *, to: str, site_name: str, post_title: str, link: str
) -> dict[str, Any]:
    """The one confirmation email of a new address (double opt-in)."""
    values = {"site": site_name, "post": post_title or site_name}
    body = text(lang, "confirm.body", link=link, **values)
    paragraphs = [f"<p>{html.escape(part)}</p>" for part in body.split("\n\n") if link not in part]
    paragraphs.insert(1, _link(link, text(lang, "confirm.button")))
    return {
        "to": to,
        "subject": text(lang, "confirm.subject", **values),
        "text": body + "\n",
        "html": _html_page(paragraphs),
    }


def notification(lang: str, *, to: str, reply: Reply, unsubscribe: str) -> dict[str, Any]:
    """A new comment the recipient asked for, with one-click unsubscribe headers (RFC 8058)."""
    values = {"site": reply.site_name, "post": reply.post_title or reply.post_url}
    intro = text(lang, "reply.intro", author=reply.author, **values)
    footer = text(lang, "reply.footer", **values)
    unsub_label = text(lang, "unsubscribe.link")
    plain = (
        f"{intro}\n\n{reply.body.strip()}\n\n{text(lang, 'reply.view')}: {reply.link}\n\n"
        f"-- \n{footer}\n{unsub_label}: {unsubscribe}\n"
    )
    quoted = nh3.clean(reply.body_html, tags=MAIL_TAGS, attributes={"a": {"href"}})
    paragraphs = [
        f"<p>{html.escape(intro)}</p>",
        f'<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em">{quoted}'
        "</blockquote>",
        _link(reply.link, text(lang, "reply.view")),
        f'<p style="color:#666;font-size:small">{html.escape(footer)} '
        f'<a href="{html.escape(unsubscribe)}">{html.escape(unsub_label)}</a></p>',
    ]
    return {
        "to": to,
        "subject": text(lang, "reply.subject", **values),
        "text": plain,
        "html": _html_page(paragraphs),
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
