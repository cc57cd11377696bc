"""The app served by a real uvicorn on loopback, in the test's process and event loop
(httpx's ASGI transport buffers whole responses, so a stream needs a real server)."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from tests.builders import SITE_ORIGIN, make_site
from tests.live import serve_app


@pytest.fixture
async def served(app: FastAPI) -> AsyncIterator[str]:
    async with serve_app(app) as url:
        yield url


@pytest.fixture
async def http(served: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=served, headers={"Origin": SITE_ORIGIN}) as client:
        yield client


@pytest.fixture
async def site(http: httpx.AsyncClient):
    return await make_site(http)
