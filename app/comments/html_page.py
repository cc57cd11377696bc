"""A cached HTML thread split at its form token, so that every answer (the route's and the fast
path's) carries a freshly signed token at the cost of a concatenation — and, for gzip, of
compressing the short tail from a saved compressor state."""

import zlib
from dataclasses import dataclass
from typing import Any

from app.comments.cache import GZIP_LEVEL, CachedPage

HTML_MEDIA_TYPE = "text/html; charset=utf-8"
# Where the template puts the token. The token is the form's last field, after anything a commenter
# wrote, so the page is split at the mark's last occurrence whatever they wrote.
TOKEN_MARK = "\x00parley-form-token\x00"  # noqa: S105 - a placeholder, not a secret


@dataclass(frozen=True)
class HtmlPage(CachedPage):
    """A cached fragment split at its form token: `body` is what comes before it."""

    tail: bytes = b""
    # `gzipped` holds `body` compressed and flushed; this compressor has taken it, ready to copy.
    gz_state: Any = None
    spliced: bool = True

    @classmethod
    def split(cls, html: str, etag: str) -> "HtmlPage":
        if TOKEN_MARK not in html:  # no form (closed, login only): plain cached bytes
            page = CachedPage.of(html.encode(), etag)
            return cls(page.body, etag, page.gzipped, spliced=False)
        head, _, tail = html.rpartition(TOKEN_MARK)
        head_bytes, tail_bytes = head.encode(), tail.encode()
        compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
        gz_head = compressor.compress(head_bytes) + compressor.flush(zlib.Z_SYNC_FLUSH)
        return cls(head_bytes, etag, gz_head, tail_bytes, compressor)

    def render(self, token: str, *, gzip_ok: bool) -> bytes:
        """The page with this token; gzip-compressed when `gzip_ok`."""
        if not self.spliced:
            return self.gzipped if gzip_ok and self.gzipped is not None else self.body
        rest = token.encode() + self.tail
        if not gzip_ok:
            return self.body + rest
        compressor = self.gz_state.copy()
        packed: bytes = compressor.compress(rest) + compressor.flush()
        return (self.gzipped or b"") + packed
