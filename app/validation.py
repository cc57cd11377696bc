"""Input types shared by every schema: text that every database can store, bounded ids.

`Text` is any stored string: no NUL (PostgreSQL cannot store it), no lone surrogates (no
database can encode them), no other C0/C1 control character but tab, newline and carriage
return (XML, so the Atom feeds, cannot carry them; the Markdown renderer normalises CR LF),
normalised to NFC so equal-looking text compares equal. `Label` is a
string shown as a name or an address (names, websites, URLs, origins, provider names, blocked
words): also no control characters and no bidirectional controls, which can make
`moc.elpmaxe//:sptth` read as something else (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F,
U+061C). Rejecting at the schema means nothing unstorable reaches a transaction: a 422, not a
500 after a commit.
"""

import json
import re
import unicodedata
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, Field, Strict

TIME_MIN = datetime(1970, 1, 1, tzinfo=UTC)
TIME_MAX = datetime(9000, 1, 1, tzinfo=UTC)
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
CONTROL_CHARS = re.compile("[\x00-\x1f\x7f-\x9f]")
# What splits a line (str.splitlines, email headers): a `OneLine` turns each into a space.
LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_LINE_BREAK = re.compile(f"[{LINE_BREAKS}]")
# What `Text` refuses besides NUL: every C0/C1 control but tab, LF and CR.
TEXT_CONTROLS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def storable(value: str) -> str:
    """Refuse text no database can store; return it in NFC."""
    if "\x00" in value:
        raise ValueError("text must not contain NUL characters")
    if _SURROGATES.search(value):
        raise ValueError("text must be valid Unicode (no lone surrogates)")
    return unicodedata.normalize("NFC", value)


def text(value: str) -> str:
    """`storable`, and no control characters but tab, newline and carriage return."""
    value = storable(value)
    if TEXT_CONTROLS.search(value):
        raise ValueError("text must not contain control characters (other than tab and newline)")
    return value


def label(value: str) -> str:
    """`storable`, and nothing that can make a name or an address read as another."""
    value = storable(value)
    if BIDI_CONTROLS.search(value):
        raise ValueError("must not contain bidirectional control characters")
    if CONTROL_CHARS.search(value):
        raise ValueError("must not contain control characters")
    return value


def scrub(value: Any, *, labels: bool = False) -> Any:
    """Stored values as they can be shown: strings (in lists and dicts too) without NUL, with
    lone surrogates as U+FFFD and, with `labels`, without control characters. For rows stored
    before these checks existed, which must still be readable (and exportable)."""
    if isinstance(value, str):
        value = _SURROGATES.sub("\ufffd", value.replace("\x00", ""))
        if labels:
            value = CONTROL_CHARS.sub("", BIDI_CONTROLS.sub("", value))
        return value
    if isinstance(value, list):
        return [scrub(item, labels=labels) for item in value]
    if isinstance(value, dict):
        return {key: scrub(item, labels=labels) for key, item in value.items()}
    return value


def one_line(value: str) -> str:
    """`text`, with every line break (CR, LF, NEL, U+2028/U+2029) turned into a space."""
    return _LINE_BREAK.sub(" ", text(value))


# Default-ignorable code points (Unicode's Default_Ignorable_Code_Point) that are not format
# (Cf) characters: invisible fillers and variation selectors. Removed before names compare.
_IGNORABLE_EXTRA = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef]"
)


def _ignorable(char: str) -> bool:
    return unicodedata.category(char) == "Cf" or _IGNORABLE_EXTRA.match(char) is not None


def visible(value: str) -> str:
    """`value` without its invisible (default-ignorable) characters: how a refused name is
    repaired where repairing is the rule (imports)."""
    return "".join(char for char in value if not _ignorable(char))


def name(value: str) -> str:
    """`label`, and no invisible format (Cf) characters: a zero-width space makes "Ada" a
    different name that reads the same. (Variation selectors stay: "❤️" needs one; names
    compare without them, `skeleton`.)"""
    value = label(value)
    if any(unicodedata.category(char) == "Cf" for char in value):
        raise ValueError("must not contain invisible (format) characters")
    return value


def _prototype_rank(char: str) -> tuple[bool, bool, bool, int]:
    # The representative of a set of look-alikes: an ASCII lower-case letter, else an ASCII
    # letter or digit, else any ASCII character, else the lowest code point.
    return (
        not ("a" <= char <= "z"),
        not (char.isascii() and char.isalnum()),
        not char.isascii(),
        ord(char),
    )


@cache
def _prototypes() -> dict[str, str]:
    """Each confusable character to one representative of its look-alikes (Unicode TR 39's
    confusables.txt, as the `confusable_homoglyphs` package ships it)."""
    data = json.loads(
        resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    )
    parent: dict[str, str] = {}

    def root(char: str) -> str:
        while parent.get(char, char) != char:
            parent[char] = parent.get(parent[char], parent[char])
            char = parent[char]
        return char

    for char, homoglyphs in data.items():
        for glyph in homoglyphs:
            other = glyph["c"].strip("\u200e\u200f")
            if len(char) == 1 and len(other) == 1:
                a, b = root(char), root(other)
                if a != b:
                    low, high = sorted((a, b), key=_prototype_rank)
                    parent[high] = low
    return {char: root(char) for char in parent}


def skeleton(value: str) -> str:
    """What a text looks like, for comparing names and blocked words (after Unicode TR 39):
    NFKC (fullwidth and compatibility forms), no default-ignorable characters (zero-width,
    format), case folded, each look-alike letter replaced by one representative, spaces
    collapsed. Linear in the length of `value`."""
    prototypes = _prototype_table()
    folded = unicodedata.normalize("NFKC", value)
    folded = visible(folded).casefold()
    mapped = folded.translate(prototypes).casefold().translate(prototypes)
    return " ".join(mapped.split())


@cache
def _prototype_table() -> dict[int, str]:
    """`_prototypes` as `str.translate` takes it (one pass in C instead of a join)."""
    return {ord(char): prototype for char, prototype in _prototypes().items()}


def warm_up() -> None:
    """Build the look-alike table at start-up: it takes ~0.3 s (Unicode's whole confusables list),
    which would otherwise be the wait of a fresh process's first comment and of all queued
    behind it."""
    _prototype_table()


def bounded_time(value: datetime) -> datetime:
    """An aware timestamp in UTC between 1970 and 9000: every database and every client can hold
    it (9999-12-31T23:59:59-14:00 is past datetime.max once in UTC)."""
    try:
        utc = value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("timestamp out of range") from exc
    if not TIME_MIN <= utc <= TIME_MAX:
        raise ValueError(f"timestamp must be between {TIME_MIN:%Y} and {TIME_MAX:%Y}")
    return utc


Text = Annotated[str, AfterValidator(text)]
# A title: one line, so that it can go into an email's Subject.
OneLine = Annotated[str, AfterValidator(one_line)]
Timestamp = Annotated[AwareDatetime, AfterValidator(bounded_time)]
Label = Annotated[str, AfterValidator(label)]
# A person's name as a guest gives it.
Name = Annotated[str, AfterValidator(name)]
# JSON bodies are typed strictly: `true` is not 1, "1" is not 1, 1 is not `true`.
Flag = Annotated[bool, Strict()]
Int = Annotated[int, Strict()]
Number = Annotated[float, Strict()]
DB_INT_MAX = 2**31 - 1
RowId = Annotated[int, Strict(), Field(ge=1, le=DB_INT_MAX)]
