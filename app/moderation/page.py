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
JS = "text/javascript; charset=utf-8"
# The page's script is split by screen (admin-*.js), each loaded before admin.js.
SCREENS = ("audit", "sites", "settings", "people", "webhooks", "porting")
ASSETS = {"admin.js": JS, "admin.css": "text/css; charset=utf-8"} | {
    f"admin-{screen}.js": JS for screen in SCREENS
}
AssetName = Literal[
    "admin.js",
    "admin.css",
    "admin-audit.js",
    "admin-sites.js",
    "admin-settings.js",
    "admin-people.js",
    "admin-webhooks.js",
    "admin-porting.js",
]

router = APIRouter(include_in_schema=False)


@router.get("/admin")
def admin_page() -> Response:
    """The moderation page."""
    html = (ROOT / "index.html").read_bytes()
    return Response(html, media_type="text/html; charset=utf-8", headers=HEADERS)


@router.get("/admin/{name}")
def admin_asset(name: AssetName) -> Response:
    """The page's scripts and style sheet."""
    return Response((ROOT / name).read_bytes(), media_type=ASSETS[name], headers=HEADERS)
