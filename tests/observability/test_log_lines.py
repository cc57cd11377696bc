"""Issue 23 item 10: one request is one log line in every format, whatever its path carries
(`%0a` in a path wrote a second, forged line in the text format)."""

import io
import json
import logging
import sys
from collections.abc import Iterator

import httpx
import pytest

from app.observability.logs import (
    TRACEBACK_INDENT,
    JSONFormatter,
    RequestIdFilter,
    TextFormatter,
    one_line,
)

FORGED = "2026-12-06T00:00:00.000+00:00 INFO    parley.request: GET /admin 200"
BREAKS = ["%0a", "%0d", "%0d%0a", "%c2%85", "%e2%80%a8", "%e2%80%a9", "%0b", "%0c", "%1b[2J"]


@pytest.fixture(params=[TextFormatter, JSONFormatter])
def output(request: pytest.FixtureRequest) -> Iterator[io.StringIO]:
    """What the request logger writes, in one format."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(request.param())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("parley.request")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


class TestOneRequestOneLine:
    @pytest.mark.parametrize("brk", BREAKS)
    async def test_a_line_break_in_the_path_forges_no_line(
        self, client: httpx.AsyncClient, output: io.StringIO, brk: str
    ):
        forged = FORGED.replace(" ", "%20")
        response = await client.get(f"/api/v1/nothing{brk}{forged}")
        assert response.status_code == 404
        written = output.getvalue()
        assert written.endswith("\n")
        [line] = written[:-1].split("\n")
        assert len(line.splitlines()) == 1  # no U+2028, U+0085, VT, FF ... either
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in line)
        assert "parley.request" in line


class TestFormats:
    @staticmethod
    def record(message: str, exc: bool = False) -> logging.LogRecord:
        exc_info = None
        if exc:
            try:
                raise ValueError(f"bad\n{FORGED}")
            except ValueError:
                exc_info = sys.exc_info()
        record = logging.LogRecord("parley.test", logging.ERROR, "x", 1, message, (), exc_info)
        record.path = f"/a\r\n{FORGED}\u2028x"
        RequestIdFilter().filter(record)
        return record

    def test_text_escapes_message_and_fields(self):
        line = TextFormatter().format(self.record(f"hi\n{FORGED}\x85\u2029"))
        assert "\n" not in line and len(line.splitlines()) == 1
        assert "hi\\n2026" in line and "\\x85\\u2029" in line
        assert "path=/a\\r\\n2026" in line and "\\u2028x" in line

    def test_a_traceback_is_indented_so_no_line_passes_for_a_record(self):
        text = TextFormatter().format(self.record("failed", exc=True))
        first, *rest = text.split("\n")
        assert first.endswith("path=/a\\r\\n" + FORGED + "\\u2028x")
        assert rest and all(part.startswith(TRACEBACK_INDENT) for part in rest)
        assert any(part == TRACEBACK_INDENT + FORGED for part in rest)  # shown, as a quote
        assert len(text.splitlines()) == len(rest) + 1

    def test_json_stays_one_line_with_the_text_intact(self):
        line = JSONFormatter().format(self.record(f"hi\n{FORGED}\u2028", exc=True))
        assert len(line.splitlines()) == 1 and line.isascii()
        entry = json.loads(line)
        assert entry["msg"] == f"hi\n{FORGED}\u2028"
        assert entry["path"].startswith("/a\r\n")

    def test_one_line_leaves_ordinary_text_alone(self):
        assert one_line("GET /api/v1/sites/blog/comments é ü 中") == (
            "GET /api/v1/sites/blog/comments é ü 中"
        )
        assert one_line("\x00\x7f\x9f") == "\\x00\\x7f\\x9f"
