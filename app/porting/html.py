"""Imported HTML: paragraphs as WordPress shows them, then the sanitizer new comments go through."""

import re

from app.comments.render import sanitize_html

_BLOCK_TAG = re.compile(r"<(p|div|ul|ol|blockquote|pre|h[1-6]|table)[\s>]", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def autop(text: str) -> str:
    """WordPress stores comments as text with line breaks and adds <p>/<br> when showing them."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text or _BLOCK_TAG.search(text):
        return text
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
    return "".join("<p>" + p.replace("\n", "<br>\n") + "</p>" for p in paragraphs)


def imported_html(source: str, *, paragraphs: bool) -> str:
    """Sanitized HTML for a comment body that the source stored as HTML."""
    return sanitize_html(autop(source) if paragraphs else source)
