"""Typed dependencies for what the lifespan builds once per app (settings, the server key), so
routes declare what they use instead of reading `request.app.state`."""

from typing import Annotated

from fastapi import Depends, Request

from app.config import Settings


async def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_secret_key(request: Request) -> str:
    key: str = request.app.state.secret_key
    return key


AppSettings = Annotated[Settings, Depends(get_app_settings)]
SecretKey = Annotated[str, Depends(get_secret_key)]
