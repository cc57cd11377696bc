"""The app the browser tests serve: app.main's factory, plus the /embed.js route if the factory
does not mount it yet."""

from fastapi import FastAPI

from app.main import create_app as create_main_app
from app.web.router import router as web_router


def create_app() -> FastAPI:
    app = create_main_app()
    if not any(getattr(route, "path", None) == "/embed.js" for route in app.routes):
        app.include_router(web_router)
    return app
