"""The app the moderation browser test serves: app.main's factory, plus /embed.js and the
moderation routes if the factory does not mount them yet."""

from fastapi import FastAPI

from tests.moderation.conftest import with_moderation_routes
from tests.widget.asgi import create_app as create_widget_app


def create_app() -> FastAPI:
    return with_moderation_routes(create_widget_app())
