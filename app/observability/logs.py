"""Structured logs: `PARLEY_LOG_FORMAT=json|text`, every line carrying the request id.

`log_config(settings)` is handed to uvicorn (app/serve.py), so uvicorn's own lines, the
request lines and the app's lines share one format.

One record is one line in either format, whatever a request carries: a path with `%0a` in it
must not write a second, forged line. JSON escapes every control character and all non-ASCII;
the text format escapes control characters (C0, DEL, C1 with U+0085, U+2028, U+2029) as
backslash escapes, and indents a traceback's lines so none of them can pass for a record.
"""

import json
import logging
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from app.config import Settings

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# Neither format shows the caller's file and line, the thread or the process: not collecting
# them (the logging HOWTO's "Optimization") takes a third off each request's line.
logging.logThreads = False
logging.logProcesses = False
logging.logMultiprocessing = False
logging._srcfile = None  # the documented switch for findCaller

# Attributes every LogRecord has; anything else was passed with `extra=` and is a field.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "color_message",
    "taskName",
}


_ESCAPES = {
    **{c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))},
    0x2028: "\\u2028",
    0x2029: "\\u2029",
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
}
TRACEBACK_INDENT = "  "


def one_line(value: object) -> str:
    """`value` as text with every line-breaking or control character escaped."""
    text = str(value)
    # Every escaped character is unprintable (Cc, Zl, Zp): the C check spares nearly every
    # field the per-character table lookups of `translate` (~2 µs each, 8 a request line).
    return text if text.isprintable() else text.translate(_ESCAPES)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD and v is not None}


def _timestamp(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


class JSONFormatter(logging.Formatter):
    """One JSON object per line; a traceback goes in `exc`, in the same line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": _timestamp(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            entry["exc"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, default=str)


class TextFormatter(logging.Formatter):
    """`ts level logger message key=value …`, a traceback on the lines after."""

    def format(self, record: logging.LogRecord) -> str:
        extras = " ".join(f"{k}={one_line(v)}" for k, v in _fields(record).items())
        message = one_line(record.getMessage())
        line = f"{_timestamp(record)} {record.levelname:<7} {one_line(record.name)}: {message}"
        if extras:
            line = f"{line} {extras}"
        if record.exc_info:
            trace = "".join(traceback.format_exception(*record.exc_info))
            # splitlines() breaks at every line boundary a reader's tool might honour
            lines = (TRACEBACK_INDENT + one_line(part) for part in trace.splitlines())
            line = f"{line}\n" + "\n".join(lines)
        return line


def log_config(settings: Settings) -> dict[str, Any]:
    """A `logging.config.dictConfig` for the server process (uvicorn applies it)."""
    formatter = JSONFormatter if settings.log_format == "json" else TextFormatter
    level = settings.log_level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"parley": {"()": formatter}},
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "formatter": "parley",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "": {"handlers": ["default"], "level": level},
            "uvicorn": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.error": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.access": {"handlers": [], "level": level, "propagate": True},
            "sqlalchemy": {"level": "WARNING"},
        },
    }
