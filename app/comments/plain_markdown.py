"""The Markdown most comments are written in, rendered without markdown-it's parser.

A comment of paragraphs of text with `code`, [links](https://…) and **bold** renders here in a few
regular-expression steps; markdown-it's token machinery took a fifth of a post's CPU. Anything
else — a list, a quote, a heading, emphasis with `_` or one `*`, an entity, an escape, an
autolink, raw HTML, a bare address linkify might link — returns None and goes to markdown-it.

What this accepts renders to exactly what markdown-it (the options of `render._markdown`) renders:
`tests/comments/test_plain_markdown.py` compares the two on generated text. That is why the
grammar is narrower than CommonMark's: each rule below keeps out input where a CommonMark rule
this module does not follow could apply. The output still goes through the same sanitizer."""

import re
from collections.abc import Callable

from markdown_it.common.utils import escapeHtml

# Whatever linkify-it can link holds one of these: a scheme's "//" (its `http:`, `https:` and
# `ftp:` links need it, a `mailto:` link needs an email's "@"), an email's "@", a host's dot
# before its top-level domain (which starts with a letter: `example.org`, `пример.рф`; addresses
# without a scheme are not linked, linkify-it's `fuzzy_ip` is off), `www.` or `localhost`.
# "Python 3.11.", "v1.2" or "Note: it works" hold none of them.
MAY_LINK = re.compile(r"@|//|\.[^\W\d_]|www\.|localhost", re.IGNORECASE)

# Text no inline rule acts on: no escape, code, emphasis, strikethrough, link, image, autolink or
# HTML delimiter, and no `&` that could start an entity.
_TEXT = r"(?:[^\\`*_~\[\]!<&\n]|&(?![A-Za-z0-9#])|!(?!\[))"
_ALNUM = "[A-Za-z0-9]"
INLINE = re.compile(
    rf"(?P<text>{_TEXT}+)"
    # One backtick each side, no space at either edge (CommonMark strips one there).
    r"|`(?P<code>[^`\n ](?:[^`\n]*[^`\n ])?)`(?!`)"
    # A bare destination with nothing markdown-it would unescape, balance or stop at.
    rf"|\[(?P<label>{_TEXT}+)\]\((?P<dest>[^\s()<>\\&`\x00-\x1f\x7f]+)\)"
    # Starts and ends on a letter or digit: a left-flanking opener and a right-flanking closer.
    rf"|\*\*(?P<strong>{_ALNUM}(?:{_TEXT}*{_ALNUM})?)\*\*"
)
# What may follow a closing `**` so that it cannot open emphasis too.
_AFTER_STRONG = frozenset(" .,;:!?)\"'")
# A line starting with one of these could be a heading, quote, list, rule, setext underline,
# fence or table row; one starting with digits and `.` or `)` an ordered list.
_BLOCK_START = re.compile(r"[#>+\-=|~_]|\d+[.)]")


def render_simple(
    source: str, normalize_link: Callable[[str], str], validate_link: Callable[[str], bool]
) -> str | None:
    """markdown-it's HTML for `source`, or None when `source` is outside this module's grammar."""
    if "\r" in source or "\t" in source or "\x00" in source:
        return None
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in [*source.split("\n"), ""]:
        if not line:
            if lines:
                paragraphs.append("<p>" + "<br />\n".join(lines) + "</p>\n")
                lines = []
            continue
        html = _line(line, normalize_link, validate_link)
        if html is None:
            return None
        lines.append(html)
    return "".join(paragraphs) if paragraphs else None


def _line(
    line: str, normalize_link: Callable[[str], str], validate_link: Callable[[str], bool]
) -> str | None:
    if line[0].isspace() or line[-1].isspace() or _BLOCK_START.match(line):
        return None
    out: list[str] = []
    pos, end = 0, len(line)
    while pos < end:
        match = INLINE.match(line, pos)
        if match is None:
            return None
        kind = match.lastgroup
        if kind == "text":
            text = match.group("text")
            if MAY_LINK.search(text):
                return None
            out.append(escapeHtml(text))
        elif kind == "code":
            out.append("<code>" + escapeHtml(match.group("code")) + "</code>")
        elif kind == "dest":
            href, label = normalize_link(match.group("dest")), match.group("label")
            # linkify-it's inline rule looks for a link inside a label while markdown-it finds
            # the label's end; a label it could link is left to markdown-it.
            if not validate_link(href) or MAY_LINK.search(label):
                return None
            out.append('<a href="' + escapeHtml(href) + '">' + escapeHtml(label) + "</a>")
        else:
            strong = match.group("strong")
            after = match.end()
            if (pos and line[pos - 1] != " ") or (after < end and line[after] not in _AFTER_STRONG):
                return None
            if MAY_LINK.search(strong):
                return None
            out.append("<strong>" + escapeHtml(strong) + "</strong>")
        pos = match.end()
    return "".join(out)
