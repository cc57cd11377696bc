"""GET /admin: the moderation page (static HTML, CSS and JS using only the admin API)."""

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
