"""The comment about to be stored, as the spam checks see it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Draft:
    """What the checks see of a comment about to be stored."""

    site_id: str
    body: str
    body_html: str
    author_name: str
    author_email: str | None
    author_website: str | None
    ip_hash: str
    honeypot: str | None
    form_elapsed_ms: int | None
    verified: bool
    url: str = ""
    client_ip: str = ""  # only ever sent to Akismet, when the site turned it on; never stored
