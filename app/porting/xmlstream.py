"""Streaming XML for the importers: defusedxml's iterparse, UTF-8 checking, flat memory."""

import codecs
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from app.porting.records import ImportFailed

_ENCODING_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


class UTF8CheckingReader:
    """Passes bytes through, failing with the line number at the first byte that is not UTF-8.

    Only files that declare UTF-8 (or nothing, which means UTF-8 in XML) are checked.
    """

    def __init__(self, raw: BinaryIO, label: str, on_read: Callable[[int], None] | None = None):
        self.raw = raw
        self.label = label
        self.on_read = on_read
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.checking: bool | None = None
        self.line = 1

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        if self.on_read is not None:
            self.on_read(len(data))
        if self.checking is None:
            match = _ENCODING_DECL.match(data[:400].lstrip(codecs.BOM_UTF8))
            self.checking = match is None or match.group(1).lower() in (b"utf-8", b"utf8")
        if self.checking:
            self._check(data)
        return data

    def _check(self, data: bytes) -> None:
        try:
            self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            line = self.line + data[: exc.start].count(b"\n")
            raise ImportFailed(
                f"{self.label}: line {line}: bytes that are not valid UTF-8 "
                f"({data[exc.start : exc.start + 4]!r}); the file must be UTF-8 encoded"
            ) from None
        self.line += data.count(b"\n")


@lru_cache(maxsize=1024)
def local_name(tag: str) -> str:
    """`{namespace}name` → `name` (memoized: a file uses few distinct tags)."""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def iter_elements(
    reader: UTF8CheckingReader, depth: int, check_root: Callable[[Element], None]
) -> Iterator[Element]:
    """Complete elements at `depth` (root = 0), each dropped once the caller is done with it."""
    stack: list[Element] = []
    try:
        for event, elem in iterparse(reader, events=("start", "end")):
            if event == "start":
                if not stack:
                    check_root(elem)
                stack.append(elem)
                continue
            stack.pop()
            if len(stack) == depth:
                yield elem
                elem.clear()
                if stack:
                    stack[-1].remove(elem)
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        reason = str(exc).split(":", 1)[0]
        hint = " (an invalid character?)" if "invalid token" in reason else ""
        if "no element found" in reason and line <= 1 and column == 0:
            raise ImportFailed(f"{reader.label}: the file is empty, not XML") from None
        raise ImportFailed(
            f"{reader.label}: malformed XML at line {line}, column {column + 1}: {reason}{hint}"
        ) from None
    except DefusedXmlException as exc:
        raise ImportFailed(f"{reader.label}: refused unsafe XML: {exc}") from None


def child_text(elem: Element, tag: str) -> str:
    """Text of the first child with this (namespaced) tag, "" when absent."""
    child = elem.find(tag)
    return (child.text or "") if child is not None else ""
