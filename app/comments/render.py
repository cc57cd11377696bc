"""Markdown to safe HTML: markdown-it-py renders, nh3 (ammonia) sanitizes with an allow-list."""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "a",
        "em",
        "strong",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "del",
        "s",
        "hr",
        "h3",
        "h4",
        "h5",
        "h6",
        "sup",
        "sub",
        "b",
        "i",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "code": {"class"}}
LINK_REL = "nofollow ugc noopener"
URL_SCHEMES = frozenset({"http", "https", "mailto"})


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # Raw HTML in the source is escaped, not passed through; bare URLs become links.
    return MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True}).enable(
        ["linkify", "strikethrough"]
    )


# Built once: the allow-list is converted for ammonia at construction, not on every call.
_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    link_rel=LINK_REL,
    url_schemes=set(URL_SCHEMES),
    strip_comments=True,
)


def sanitize_html(html: str) -> str:
    """Allow-list sanitization for any HTML we render: new comments and imported ones."""
    return _CLEANER.clean(html).strip()


def render_markdown(source: str) -> str:
    """Render a comment's Markdown source to sanitized HTML."""
    return sanitize_html(_markdown().render(source))


def count_links(html: str) -> int:
    """Links in rendered HTML (a spam signal)."""
    return html.count("<a ")
