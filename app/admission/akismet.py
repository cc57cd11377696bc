"""Akismet's comment-check API (https://akismet.com/developers/comment-check/), over httpx.

POST form fields to `https://{key}.rest.akismet.com/1.1/comment-check`; the body is `true`
(spam) or `false` (ham); anything else (`invalid`, an error status, a timeout) is an error.
"""

import logging

import httpx

from app.admission.draft import Draft
from app.config import Settings
from app.sites.spam_settings import AkismetCheck

DEFAULT_ENDPOINT: str = Settings.model_fields["akismet_endpoint"].default
TIMEOUT_SECONDS = 3.0  # the comment waits (in its write transaction) for the answer
logger = logging.getLogger(__name__)


async def akismet_says_spam(
    check: AkismetCheck, draft: Draft, *, endpoint: str = DEFAULT_ENDPOINT
) -> bool | None:
    """True for spam, False for ham, None when Akismet could not give an answer."""
    form = {
        "api_key": check.api_key,
        "blog": check.blog_url,
        "user_ip": draft.client_ip,
        "permalink": draft.url,
        "comment_type": "comment",
        "comment_author": draft.author_name,
        "comment_author_email": draft.author_email or "",
        "comment_author_url": draft.author_website or "",
        "comment_content": draft.body,
        "blog_charset": "UTF-8",
    }
    url = endpoint.format(key=check.api_key)  # the key is validated: letters and digits only
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS, follow_redirects=False) as http:
            response = await http.post(url, data=form, headers={"User-Agent": "Parley/1.0"})
    except httpx.HTTPError as exc:
        logger.warning("Akismet unreachable: %s", exc)
        return None
    answer = response.text.strip()
    if response.status_code == 200 and answer in ("true", "false"):
        return answer == "true"
    logger.warning(
        "Akismet error %s: %s %s",
        response.status_code,
        answer[:100],
        response.headers.get("x-akismet-debug-help", ""),
    )
    return None
