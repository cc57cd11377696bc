"""Issue 23 item 1, the sweep: every regular expression in app/ is reviewed for linear time.

Each `re.*` call in app/ is collected from the source and must be listed in REVIEWED with the
reason its work is linear (or hard-bounded) on attacker-sized input, so a new pattern fails this
test until someone has looked at it. No listed pattern may nest one unbounded quantifier inside
another (checked on the parsed pattern), unless its reason says why that one cannot backtrack.
"""

import ast
import random
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.admission.spam import MAX_PATTERN_WORD, blocked, wildcard_match
from app.comments.plain_markdown import INLINE as PLAIN_MARKDOWN_INLINE
from app.sites.spam_settings import BlockedWordsCheck

APP = Path(__file__).resolve().parents[2] / "app"
_parser: Any = getattr(re, "_parser")  # noqa: B009 - the stdlib's own parser of patterns

ANCHORED_BOUNDED = "anchored, bounded repeats of one class: a fixed number of steps"
ONE_CLASS = "a single character class: one step per character"

# (file under app/, the pattern argument as written) -> why it is linear on attacker input.
REVIEWED: dict[tuple[str, str], str] = {
    ("admission/spam.py", "'<a\\\\s'"): "a literal: one step per start",
    ("admission/spam.py", "'\\\\w+'"): "one class, greedy, never retried",
    (
        "admission/spam.py",
        "f'(?<!\\\\w)(?:{alternatives})(?!\\\\w)' if alternatives else '(?!x)x'",
    ): (
        "escaped literals of a moderator's list (<= 1,000 words of <= 100 characters): each "
        "start costs at most the list, whatever the comment; no quantifier"
    ),
    (
        "comments/fastpath.py",
        "'^/api/v1/sites/([a-z0-9][a-z0-9-]{0,63})/(comments|counts|thread\\\\.html)$'",
    ): ANCHORED_BOUNDED,
    (
        "comments/fastpost.py",
        "'^/api/v1/sites/([a-z0-9][a-z0-9-]{0,63})/comments$'",
    ): ANCHORED_BOUNDED,
    ("comments/html.py", "'[^A-Za-z0-9._~-]'"): ONE_CLASS,
    ("comments/plain_markdown.py", "'@|//|\\\\.[^\\\\W\\\\d_]|www\\\\.|localhost'"): (
        "literals and one class, no quantifier"
    ),
    (
        "comments/plain_markdown.py",
        "f'(?P<text>{_TEXT}+)|`(?P<code>[^`\\\\n ](?:[^`\\\\n]*[^`\\\\n ])?)`(?!`)|\\\\[(?P<label>{_TEXT}+)\\\\]\\\\((?P<dest>[^\\\\s()<>\\\\\\\\&`\\\\x00-\\\\x1f\\\\x7f]+)\\\\)|\\\\*\\\\*(?P<strong>{_ALNUM}(?:{_TEXT}*{_ALNUM})?)\\\\*\\\\*'",
    ): (
        "match() at one position per token, never retried at another: each alternative is a "
        "run of one class (or of single characters with one-character lookaheads) up to a "
        "literal, so a try backtracks at most its run once; a failed match sends the comment "
        "to markdown-it (the compiled pattern is checked below)"
    ),
    ("comments/plain_markdown.py", "'[#>+\\\\-=|~_]|\\\\d+[.)]'"): (
        "match() at a line's start: a class, or one digit run then a class"
    ),
    ("errors.py", "'(\\\\{[^}]+\\\\})'"): "our own route templates, not request data",
    ("openapi_schema.py", "'(?<=[a-z0-9)`\\'\\\\\"])\\\\.(?:\\\\s|$)'"): (
        "our own docstrings, at build time, not request data"
    ),
    ("openapi_schema.py", "'[;:] '"): "literals, no quantifier; our own docstrings",
    ("openapi_schema.py", "'[_\\\\-\\\\s]+'"): "one class, greedy; our own route names",
    (
        "errors.py",
        "''.join(('[^/]+' if p.startswith('{') else re.escape(p) for p in parts))",
    ): (
        "route templates: `[^/]+` runs cannot cross the literal `/` that follows them "
        "(`{key}.svg` backtracks once over one segment); fullmatch: one start"
    ),
    ("identity/service.py", "'^[A-Za-z0-9_-]{43}$'"): ANCHORED_BOUNDED,
    ("middleware.py", "b'^application/(?:[\\\\w.+-]*\\\\+)?json\\\\b'"): (
        "anchored: one start; one run backtracked once; headers are size-limited"
    ),
    ("observability/middleware.py", "'^[A-Za-z0-9._:-]{1,128}$'"): ANCHORED_BOUNDED,
    (
        "porting/checks.py",
        "'[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff]'",
    ): ONE_CLASS,
    (
        "notifications/feeds.py",
        "'[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\ufffe\\uffff]'",
    ): ONE_CLASS,
    ("validation.py", "'[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]'"): ONE_CLASS,
    (
        "validation.py",
        "'[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef]'",
    ): ONE_CLASS,
    ("validation.py", "f'[{LINE_BREAKS}]'"): ONE_CLASS + " (the line-break characters)",
    (
        "porting/checks.py",
        "'[\\x00-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ud800-\\udfff]'",
    ): ONE_CLASS,
    ("porting/disqus.py", "'^https?://(www\\\\.)?disqus\\\\.com/?$'"): "anchored literals",
    ("porting/html.py", "'<(p|div|ul|ol|blockquote|pre|h[1-6]|table)[\\\\s>]'"): (
        "literals, no quantifier"
    ),
    ("porting/html.py", "'\\\\n\\\\s*\\\\n'"): (
        "`\\s*` overlaps `\\n` but a start fails only in a whitespace run with one newline, "
        "and a match consumes to the run's last newline: each run is scanned at most twice"
    ),
    ("porting/records.py", "'^\\\\d{4}-\\\\d{2}-\\\\d{2} \\\\d{2}:\\\\d{2}:\\\\d{2}$'"): (
        ANCHORED_BOUNDED
    ),
    (
        "porting/wordpress.py",
        "'^https?://(www\\\\.)?wordpress\\\\.org/export/(\\\\d+(\\\\.\\\\d+)*)/?$'",
    ): "NESTED BUT DISJOINT: the inner repeat starts with `.`, which `\\d+` cannot match",
    (
        "porting/xmlstream.py",
        "b'^\\\\s*<\\\\?xml[^>]*encoding\\\\s*=\\\\s*[\"\\']([A-Za-z0-9._-]+)[\"\\']'",
    ): "anchored, and applied to the first 400 bytes of a file only",
    ("sites/cors.py", "'^/api/v1/sites/([^/]+)(?:/|$)'"): "anchored; one run up to a literal",
    ("sites/service.py", "SITE_ID_PATTERN"): ANCHORED_BOUNDED + " (`^[a-z0-9][a-z0-9-]{0,63}$`)",
    ("sites/spam_settings.py", "'^[A-Za-z0-9]{8,64}$'"): ANCHORED_BOUNDED,
    ("sites/spam_settings.py", "'https?://[^\\\\s/]+(/\\\\S*)?'"): (
        "fullmatch: one start; `[^\\s/]+` stops at the `/` the optional part needs; <= 500 chars"
    ),
    ("sites/urls.py", "'[\\\\s\\\\x00-\\\\x1f\\\\x7f]'"): ONE_CLASS,
    ("validation.py", "'[\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]'"): ONE_CLASS,
    ("validation.py", "'[\\x00-\\x1f\\x7f-\\x9f]'"): ONE_CLASS,
    ("validation.py", "'[\\ud800-\\udfff]'"): ONE_CLASS,
}
NOT_PATTERNS = {"escape"}


def patterns_in_app() -> dict[tuple[str, str], ast.expr]:
    """Every first argument of an `re.<function>(...)` call in app/, by file and source text."""
    found: dict[tuple[str, str], ast.expr] = {}
    for path in sorted(APP.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr not in NOT_PATTERNS
                and node.args
            ):
                found[(path.relative_to(APP).as_posix(), ast.unparse(node.args[0]))] = node.args[0]
    return found


def nested_unbounded(pattern: str | bytes) -> bool:
    """Whether a repeat without an upper bound holds another one (the classic catastrophe)."""
    repeats = {_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT}

    def children(op: Any, arg: Any) -> list[Any]:
        if op == _parser.BRANCH:
            return list(arg[1])
        if op == _parser.SUBPATTERN:
            return [arg[-1]]
        if op in (_parser.ASSERT, _parser.ASSERT_NOT):
            return [arg[1]]
        return [arg] if op == _parser.ATOMIC_GROUP else []

    def walk(items: Any, inside: bool) -> bool:
        for op, arg in items:
            if op in repeats:
                unbounded = arg[1] == _parser.MAXREPEAT
                if (unbounded and inside) or walk(arg[2], inside or unbounded):
                    return True
            elif any(walk(child, inside) for child in children(op, arg)):
                return True
        return False

    return walk(_parser.parse(pattern), False)


class TestEveryPatternIsReviewed:
    def test_every_pattern_in_app_is_in_the_reviewed_list(self):
        found = set(patterns_in_app())
        assert found - REVIEWED.keys() == set(), "review these patterns and list them"
        assert REVIEWED.keys() - found == set(), "these reviewed patterns are gone: unlist them"

    def test_no_literal_pattern_nests_unbounded_quantifiers(self):
        for key, node in patterns_in_app().items():
            if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
                nested = nested_unbounded(node.value)
                assert nested is REVIEWED[key].startswith("NESTED BUT DISJOINT"), key

    def test_the_quick_markdown_pattern_nests_none(self):
        # Built from pieces (an f-string), so the literal check above cannot read it.
        assert not nested_unbounded(PLAIN_MARKDOWN_INLINE.pattern)

    def test_the_check_finds_the_catastrophic_shapes(self):
        assert nested_unbounded(r"(a+)+b")
        assert nested_unbounded(r"(?:\w+\s?)*$")
        assert not nested_unbounded(r"^[a-z]{1,3}(?:\.[a-z]+)?$")

    def test_schema_patterns_run_on_a_linear_engine(self):
        """`Field(pattern=...)` is checked by pydantic-core's Rust regex (linear) unless a model
        opts into Python's engine."""
        for path in APP.rglob("*.py"):
            assert "python-re" not in path.read_text(), path


class TestWildcardPatterns:
    """A moderator's `a*a*a*b` compiled to `a\\w*a\\w*a\\w*b` backtracked cubically on every
    100-character word of a guest's comment (200 patterns x ~600 words: minutes per post)."""

    @settings(max_examples=500, deadline=None)
    @given(
        pattern=st.text(alphabet="ab*", min_size=1, max_size=7).filter(lambda p: p.strip("*")),
        word=st.text(alphabet="ab", min_size=1, max_size=12),
    )
    def test_agrees_with_the_regular_expression(self, pattern: str, word: str):
        regex = re.compile(r"\w*".join(re.escape(piece) for piece in pattern.split("*")))
        assert wildcard_match(pattern, word) is (regex.fullmatch(word) is not None)

    def test_a_comment_of_crafted_words_against_many_patterns_is_decided(self):
        rng = random.Random(23)
        words = {
            "".join(rng.choice("ab") for _ in range(MAX_PATTERN_WORD - 1)) + "a" for _ in range(600)
        }
        patterns = [f"a*{'ab' * (i % 5 + 1)}*b*{'b' * (i % 7 + 1)}c" for i in range(200)]
        check = BlockedWordsCheck(patterns=patterns)
        assert blocked(check, " ".join(sorted(words))) is False
        assert blocked(check, "ok " + "a" * 50 + "abab" + "b" * 30 + "bbc") is True


@pytest.mark.parametrize("word", ["viagra", "vi4gra"])
def test_a_single_wildcard_still_matches(word: str):
    assert blocked(BlockedWordsCheck(patterns=["vi*gra"]), f"buy {word} now") is True
