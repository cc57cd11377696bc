"""Per-site spam settings (stored in Site.spam_settings): one block per check, each with a switch
and the verdict it gives — `spam` or `pending`; a verdict never drops a comment.

On by default: honeypot, link count, blocked words (an empty list). Off until the site owner
turns them on: minimum submit time, duplicates, per-site rate limit, Akismet.
"""

import json
import re
from functools import lru_cache
from typing import Any, Literal

from limits import parse
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from typing_extensions import TypeAliasType

from app.validation import Flag, Int, Label, Number, scrub

Verdict = TypeAliasType("Verdict", Literal["spam", "pending"])
AkismetFallback = TypeAliasType("AkismetFallback", Literal["pending", "allow"])
MAX_WILDCARDS = 3
AKISMET_KEY = re.compile(r"^[A-Za-z0-9]{8,64}$")


class _Check(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: Flag = True
    verdict: Verdict = "spam"


class HoneypotCheck(_Check):
    """The widget's hidden field: humans leave it empty."""


class MinTimeCheck(_Check):
    """Too fast between page load and submit (the widget reports form_elapsed_ms; API clients
    that send no timing are not judged by it)."""

    enabled: Flag = False
    seconds: Number = Field(default=3.0, ge=0, le=3600)


class LinksCheck(_Check):
    """More links than this in one comment."""

    verdict: Verdict = "pending"
    max_links: Int = Field(default=3, ge=0, le=100)


Word = Field(min_length=1, max_length=100)


class BlockedWordsCheck(_Check):
    """Words or phrases (whole words, any case), and single-word patterns where `*` stands for
    any letters or digits (`cas*no`, `*pharma*`). Plain text, never regular expressions."""

    words: list[Label] = Field(default_factory=list, max_length=1000)
    patterns: list[Label] = Field(default_factory=list, max_length=200)

    @field_validator("words", "patterns")
    @classmethod
    def _clean(cls, values: list[str]) -> list[str]:
        cleaned = [" ".join(v.split()).casefold() for v in values]
        if any(not v or len(v) > 100 for v in cleaned):
            raise ValueError("each entry must have 1 to 100 characters")
        return list(dict.fromkeys(cleaned))

    @field_validator("patterns")
    @classmethod
    def _patterns(cls, values: list[str]) -> list[str]:
        for value in values:
            if " " in value or value.count("*") > MAX_WILDCARDS or not value.strip("*"):
                raise ValueError(
                    f"a pattern is one word with at most {MAX_WILDCARDS} '*' and some letters"
                )
        return values


class DuplicatesCheck(_Check):
    """The same text already posted on the site within the window, by anyone."""

    enabled: Flag = False
    window_hours: Int = Field(default=24, ge=1, le=24 * 365)
    min_length: Int = Field(default=20, ge=1, le=10_000, description="Shorter texts may repeat")


class RateLimitCheck(_Check):
    """More comments than `limit` from one address on this site (e.g. `5/minute`, `20/hour`)."""

    enabled: Flag = False
    verdict: Verdict = "pending"
    limit: Label = Field(default="5/minute", max_length=50)

    @field_validator("limit")
    @classmethod
    def _limit(cls, value: str) -> str:
        try:
            item = parse(value)
        except ValueError as exc:
            raise ValueError("limit must look like '5/minute' or '20 per hour'") from exc
        if item.amount < 1 or item.get_expiry() > 7 * 24 * 3600:
            raise ValueError("limit must allow at least 1 comment per window of up to a week")
        return value


class AkismetCheck(_Check):
    """Akismet's comment-check API (sends the comment, author and IP to Akismet: off by default)."""

    enabled: Flag = False
    api_key: Label = Field(default="", max_length=64)
    blog_url: Label = Field(default="", max_length=500, description="Your blog's front page URL")
    on_error: AkismetFallback = "pending"

    @model_validator(mode="after")
    def _configured(self) -> "AkismetCheck":
        if self.api_key and not AKISMET_KEY.fullmatch(self.api_key):
            raise ValueError("api_key must be 8 to 64 letters or digits")
        if self.blog_url and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", self.blog_url):
            raise ValueError("blog_url must be an http(s) URL")
        if self.enabled and not (self.api_key and self.blog_url):
            raise ValueError("Akismet needs api_key and blog_url when enabled")
        return self


class SpamSettings(BaseModel):
    """Every check, in the order they run. PATCH replaces the whole object; omitted parts
    take their defaults."""

    # Frozen, as each check is: one object serves every post of a site (below).
    model_config = ConfigDict(extra="forbid", frozen=True)

    honeypot: HoneypotCheck = Field(default_factory=HoneypotCheck)
    min_submit_time: MinTimeCheck = Field(default_factory=MinTimeCheck)
    links: LinksCheck = Field(default_factory=LinksCheck)
    blocked_words: BlockedWordsCheck = Field(default_factory=BlockedWordsCheck)
    duplicates: DuplicatesCheck = Field(default_factory=DuplicatesCheck)
    rate_limit: RateLimitCheck = Field(default_factory=RateLimitCheck)
    akismet: AkismetCheck = Field(default_factory=AkismetCheck)


def effective_spam_settings(stored: Any) -> SpamSettings:
    """A site's settings with defaults filled in; unreadable stored values fall back to defaults."""
    if isinstance(stored, SpamSettings):
        return stored
    try:
        key = json.dumps(stored or {}, sort_keys=True)
    except (TypeError, ValueError):  # not JSON's kind of value: validation says what is wrong
        return _validated(stored)
    return _validated_json(key)


@lru_cache(maxsize=256)
def _validated_json(stored: str) -> SpamSettings:
    # Every post reads its site's settings twice (~20-35 µs to validate each time): the same
    # stored value gives the same frozen object.
    return _validated(json.loads(stored))


def _validated(stored: Any) -> SpamSettings:
    try:
        return SpamSettings.model_validate(scrub(stored or {}, labels=True))
    except ValidationError:
        return SpamSettings()
