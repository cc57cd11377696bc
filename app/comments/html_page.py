"""A cached HTML thread split at its form token, so that every answer (the route's and the fast
path's) carries a freshly signed token at the cost of a concatenation.

For gzip the page is kept as three pieces of one deflate stream: the part before the token,
compressed and flushed to a byte boundary; the token, sent as a stored (uncompressed) block; and
the part after it, compressed once on its own (its back-references stay inside it). Only the
trailer's CRC-32 is computed per answer.
"""

import struct
import zlib
from dataclasses import dataclass

from app.comments.cache import GZIP_LEVEL, CachedPage

HTML_MEDIA_TYPE = "text/html; charset=utf-8"
# Where the template puts the token. The token is the form's last field, after anything a commenter
# wrote, so the page is split at the mark's last occurrence whatever they wrote.
TOKEN_MARK = "\x00parley-form-token\x00"  # noqa: S105 - a placeholder, not a secret
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, mtime 0


def _deflate(data: bytes, mode: int) -> bytes:
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(mode)


@dataclass(frozen=True)
class HtmlPage(CachedPage):
    """A cached fragment split at its form token: `body` is what comes before it, `gzipped` the
    gzip header and `body` deflated up to a byte boundary."""

    tail: bytes = b""
    gz_tail: bytes = b""  # `tail` deflated on its own, ending the stream
    head_crc: int = 0
    spliced: bool = True

    @classmethod
    def split(cls, html: str, etag: str) -> "HtmlPage":
        if TOKEN_MARK not in html:  # no form (closed, login only): plain cached bytes
            page = CachedPage.of(html.encode(), etag)
            return cls(page.body, etag, page.gzipped, spliced=False)
        head, _, tail = html.rpartition(TOKEN_MARK)
        head_bytes, tail_bytes = head.encode(), tail.encode()
        return cls(
            head_bytes,
            etag,
            GZIP_HEADER + _deflate(head_bytes, zlib.Z_SYNC_FLUSH),
            tail_bytes,
            _deflate(tail_bytes, zlib.Z_FINISH),
            zlib.crc32(head_bytes),
        )

    def render(self, token: str, *, gzip_ok: bool) -> bytes:
        """The page with this token; gzip-compressed when `gzip_ok`."""
        if not self.spliced:
            return self.gzipped if gzip_ok and self.gzipped is not None else self.body
        middle = token.encode()
        if not gzip_ok:
            return self.body + middle + self.tail
        stored = b"\x00" + struct.pack("<HH", len(middle), len(middle) ^ 0xFFFF) + middle
        crc = zlib.crc32(self.tail, zlib.crc32(middle, self.head_crc))
        size = (len(self.body) + len(middle) + len(self.tail)) & 0xFFFFFFFF
        trailer = struct.pack("<II", crc, size)
        return (self.gzipped or b"") + stored + self.gz_tail + trailer
