"""The login popup's small HTML pages. No inline script: the page carries its message as JSON data
and `callback.js`, served from Parley's own origin, posts it, so a strict CSP holds."""

import html
import json
from pathlib import Path
from typing import Any

from starlette.responses import HTMLResponse, Response

CALLBACK_JS = (Path(__file__).parent / "static" / "callback.js").read_text()

PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "Cache-Control": "no-store",
    # The callback URL carries the provider's code: never leak it to anything the page loads.
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}

_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Parley</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto}}</style>
</head>
<body>
<h1>{title}</h1>
<p>{text}</p>
{data}
</body>
</html>
"""


def _json_for_html(value: Any) -> str:
    """JSON that cannot end its <script> element early."""
    text = json.dumps(value, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def error_page(status: int, title: str, text: str) -> HTMLResponse:
    """A plain page: nothing is posted, because no origin was validated."""
    body = _TEMPLATE.format(title=html.escape(title), text=html.escape(text), data="")
    return HTMLResponse(body, status_code=status, headers=PAGE_HEADERS)


def message_page(
    origin: str, message: dict[str, str], *, title: str, text: str, status: int = 200
) -> HTMLResponse:
    """A page that posts `message` to the opener at `origin` (already validated) and closes."""
    data = (
        '<script type="application/json" id="parley-message">'
        f"{_json_for_html({'origin': origin, 'message': message})}</script>\n"
        '<script src="../callback.js"></script>'
    )
    body = _TEMPLATE.format(title=html.escape(title), text=html.escape(text), data=data)
    return HTMLResponse(body, status_code=status, headers=PAGE_HEADERS)


def callback_script() -> Response:
    return Response(
        CALLBACK_JS,
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )
