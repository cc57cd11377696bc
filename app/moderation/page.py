"""GET /admin: the moderation page. Static HTML, CSS and JS that use only the admin API; a strict
Content-Security-Policy (no inline code, same-origin fetches only) and no caching of the page."""

from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Response

ROOT = Path(__file__).resolve().parent.parent / "web" / "admin"
CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
    "X-Frame-Options": "DENY",
}
ASSETS = {"admin.js": "text/javascript; charset=utf-8", "admin.css": "text/css; charset=utf-8"}

router = APIRouter(include_in_schema=False)


@router.get("/admin")
def admin_page() -> Response:
    """The moderation page."""
    html = (ROOT / "index.html").read_bytes()
    return Response(html, media_type="text/html; charset=utf-8", headers=HEADERS)


@router.get("/admin/{name}")
def admin_asset(name: Literal["admin.js", "admin.css"]) -> Response:
    """The page's script and style sheet."""
    return Response((ROOT / name).read_bytes(), media_type=ASSETS[name], headers=HEADERS)
