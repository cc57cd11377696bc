"""The plain form's token: signed, time-stamped, so the minimum-submit-time check works without
JavaScript (the widget measures the time itself; a server-rendered form cannot).

`<issued at, ms>.<keyed hash of site and time>`: it proves that Parley rendered the form for this
site and when. It is issued per response (app/comments/html.py splices it into cached pages), so
a cached page never hands out an old time. A static build (`app.cli render`) cannot know when its
page will be read: its token is `static.<keyed hash of site>`, valid for ever and timing nothing
(as an API client that reports no time).
"""

import time

from app.crypto import keyed_hash, tokens_equal

MAX_AGE_MS = 7 * 24 * 3600 * 1000  # a tab left open for a week still posts
MAX_TOKEN_CHARS = 100


def _signature(secret_key: str, site_id: str, issued_ms: int) -> str:
    return keyed_hash(secret_key, "comment-form", f"{site_id}:{issued_ms}")[:32]


def issue(secret_key: str, site_id: str, now_ms: int | None = None) -> str:
    """A token for a form rendered now."""
    issued = int(time.time() * 1000) if now_ms is None else now_ms
    return f"{issued}.{_signature(secret_key, site_id, issued)}"


STATIC = "static"
UNTIMED = -1  # a static page's token: valid, no time measured


def issue_static(secret_key: str, site_id: str) -> str:
    """The token of a statically built page."""
    return f"{STATIC}.{keyed_hash(secret_key, 'comment-form-static', site_id)[:32]}"


def elapsed_ms(secret_key: str, site_id: str, token: str, now_ms: int | None = None) -> int | None:
    """How long the form was open (`UNTIMED` for a static page's), or None when the token is
    missing, forged, from another site, from the future or too old."""
    issued_text, _, signature = token[:MAX_TOKEN_CHARS].partition(".")
    if issued_text == STATIC:
        expected = issue_static(secret_key, site_id).partition(".")[2]
        return UNTIMED if tokens_equal(signature, expected) else None
    if not issued_text.isascii() or not issued_text.isdigit() or len(issued_text) > 15:
        return None
    issued = int(issued_text)
    if not tokens_equal(signature, _signature(secret_key, site_id, issued)):
        return None
    now = int(time.time() * 1000) if now_ms is None else now_ms
    elapsed = now - issued
    return elapsed if 0 <= elapsed <= MAX_AGE_MS else None
