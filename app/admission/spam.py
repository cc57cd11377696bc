"""Spam checks run on each new comment: a chain of per-site configurable checks whose strictest
verdict sends the comment to `spam` or `pending` — never drops it.

Cheap local checks run first; the database checks and Akismet only run when no local check
already said spam (so a blatant bot's comment is never sent to a third party).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from limits import parse
from sqlalchemy.ext.asyncio import AsyncSession

from app.admission.akismet import DEFAULT_ENDPOINT, akismet_says_spam
from app.admission.draft import Draft
from app.sites import audit
from app.sites.models import Site
from app.sites.spam_settings import (
    BlockedWordsCheck,
    SpamSettings,
    Verdict,
    effective_spam_settings,
)
from app.validation import skeleton

LINK = re.compile(r"<a\s", re.IGNORECASE)
WORD = re.compile(r"\w+")
MAX_PATTERN_WORD = 100  # longer "words" are not matched against wildcard patterns
SPAM_ACTOR = "spam-checks"
FLAGGED = "comment.flagged"


@dataclass(frozen=True)
class Finding:
    check: str
    verdict: Verdict


def _text(draft: Draft) -> str:
    parts = (draft.body, draft.author_name, draft.author_website or "")
    return " ".join(parts)


@lru_cache(maxsize=256)
def _words_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    # Escaped literals only: no user-written regular expression is ever compiled.
    shapes = {skeleton(word) for word in words} - {""}
    alternatives = "|".join(re.escape(word) for word in sorted(shapes, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)" if alternatives else r"(?!x)x")


def wildcard_match(pattern: str, word: str) -> bool:
    """Whether `word` (word characters only) matches `pattern`, where `*` stands for any run.

    Not a regular expression: `a\\w*a\\w*a\\w*b` backtracks cubically on a word of a's, which
    any guest could send against a moderator's pattern. Leftmost matching of each piece in turn
    is exact for `*`-only patterns and linear.
    """
    if "*" not in pattern:
        return word == pattern
    first, *middle, last = pattern.split("*")
    end = len(word) - len(last)
    if end < len(first) or not word.startswith(first) or not word.endswith(last):
        return False
    at = len(first)
    for piece in middle:
        found = word.find(piece, at, end)
        if found < 0:
            return False
        at = found + len(piece)
    return True


@lru_cache(maxsize=1024)
def _pattern_shape(pattern: str) -> str:
    """A `*` pattern compared as its pieces' skeletons, like the text it is matched against."""
    return "*".join(skeleton(piece) for piece in pattern.split("*"))


def blocked(check: BlockedWordsCheck, text: str) -> bool:
    """Whole-word match of a blocked word or phrase, or a word matching a `*` pattern, compared
    on their confusable skeletons (`app.validation.skeleton`: case, look-alike letters,
    fullwidth forms and invisible characters do not hide a word).

    Patterns are matched one word at a time against words of at most 100 characters, with at
    most three wildcards each, so the work per comment stays small whatever the input.
    """
    text = skeleton(text)
    if check.words and _words_regex(tuple(check.words)).search(text):
        return True
    if not check.patterns:
        return False
    words = {w for w in WORD.findall(text) if len(w) <= MAX_PATTERN_WORD}
    shapes = [_pattern_shape(pattern) for pattern in check.patterns]
    return any(wildcard_match(shape, word) for shape in shapes for word in words)


def local_findings(draft: Draft, settings: SpamSettings) -> list[Finding]:
    """The checks that need nothing but the draft (pure, fast)."""
    found: list[Finding] = []
    if settings.honeypot.enabled and draft.honeypot:
        found.append(Finding("honeypot", settings.honeypot.verdict))
    timing = settings.min_submit_time
    elapsed = draft.form_elapsed_ms
    if timing.enabled and elapsed is not None and elapsed < timing.seconds * 1000:
        found.append(Finding("min_submit_time", timing.verdict))
    links = settings.links
    if links.enabled and len(LINK.findall(draft.body_html)) > links.max_links:
        found.append(Finding("links", links.verdict))
    words = settings.blocked_words
    if words.enabled and (words.words or words.patterns) and blocked(words, _text(draft)):
        found.append(Finding("blocked_words", words.verdict))
    return found


@dataclass(frozen=True)
class History:
    """What the database knows that the checks need; gathered by comments (which owns the
    table) before the write transaction, and only when the check is on."""

    duplicate: bool = False  # the same text on this site within the duplicates window
    recent_from_ip: int = 0  # comments from this address within the rate-limit window


def wants_history(settings: SpamSettings) -> bool:
    return settings.duplicates.enabled or settings.rate_limit.enabled


async def findings(
    draft: Draft, settings: SpamSettings, history: History, *, akismet_endpoint: str
) -> list[Finding]:
    """Every check's finding, local ones first; stops before Akismet on a spam verdict.

    May call Akismet over the network: never call it while a write transaction is open.
    """
    found = local_findings(draft, settings)
    if _strictest(found) == "spam":
        return found
    if settings.duplicates.enabled and history.duplicate:
        found.append(Finding("duplicates", settings.duplicates.verdict))
    limit = settings.rate_limit
    if limit.enabled and history.recent_from_ip >= parse(limit.limit).amount:
        found.append(Finding("rate_limit", limit.verdict))
    akismet = settings.akismet
    if akismet.enabled and _strictest(found) != "spam":
        says_spam = await akismet_says_spam(akismet, draft, endpoint=akismet_endpoint)
        if says_spam:
            found.append(Finding("akismet", akismet.verdict))
        elif says_spam is None and akismet.on_error == "pending":
            found.append(Finding("akismet_unavailable", "pending"))
    return found


def _strictest(found: Iterable[Finding]) -> Verdict | None:
    verdicts = {f.verdict for f in found}
    if "spam" in verdicts:
        return "spam"
    return "pending" if verdicts else None


@dataclass(frozen=True)
class Assessment:
    """What the checks found; `verdict` is the strictest one (None: the comment looks fine)."""

    found: tuple[Finding, ...] = ()

    @property
    def verdict(self) -> Verdict | None:
        return _strictest(self.found)

    def record(self, session: AsyncSession, site_id: str, comment_id: int, status: str) -> None:
        """Audit which checks fired on a stored comment, so moderators see why it waits."""
        if self.found:
            audit.record(
                session,
                site_id,
                SPAM_ACTOR,
                FLAGGED,
                comment_id=comment_id,
                checks=[f.check for f in self.found],
                status=status,
            )


async def assess(
    site: Site, draft: Draft, history: History, *, akismet_endpoint: str = DEFAULT_ENDPOINT
) -> Assessment:
    """Run the site's checks on a draft."""
    settings = effective_spam_settings(site.spam_settings)
    found = await findings(draft, settings, history, akismet_endpoint=akismet_endpoint)
    return Assessment(tuple(found))


__all__ = [
    "Assessment",
    "Draft",
    "Finding",
    "History",
    "assess",
    "blocked",
    "findings",
    "local_findings",
    "wants_history",
]
