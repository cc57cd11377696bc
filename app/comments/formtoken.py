"""The plain form's token: signed, time-stamped, so the minimum-submit-time check works without
JavaScript (the widget measures the time itself; a server-rendered form cannot).

`<issued at, ms>.<keyed hash of site and time>`: it proves that Parley rendered the form for this
site and when. It is issued per response (app/comments/html.py splices it into cached pages), so
a cached page never hands out an old time.
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


def elapsed_ms(secret_key: str, site_id: str, token: str, now_ms: int | None = None) -> int | None:
    """How long the form was open, or None when the token is missing, forged, from another site,
    from the future or too old."""
    issued_text, _, signature = token[:MAX_TOKEN_CHARS].partition(".")
    if not issued_text.isascii() or not issued_text.isdigit() or len(issued_text) > 15:
        return None
    issued = int(issued_text)
    if not tokens_equal(signature, _signature(secret_key, site_id, issued)):
        return None
    now = int(time.time() * 1000) if now_ms is None else now_ms
    elapsed = now - issued
    return elapsed if 0 <= elapsed <= MAX_AGE_MS else None
