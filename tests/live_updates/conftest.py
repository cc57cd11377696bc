"""The app served by a real uvicorn on loopback, in the test's process and event loop
(httpx's ASGI transport buffers whole responses, so a stream needs a real server)."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from tests.builders import SITE_ORIGIN, make_site
from tests.live import free_port


@pytest.fixture
async def served(app: FastAPI) -> AsyncIterator[str]:
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        lifespan="off",
        log_level="warning",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    task = asyncio.get_running_loop().create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task


@pytest.fixture
async def http(served: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=served, headers={"Origin": SITE_ORIGIN}) as client:
        yield client


@pytest.fixture
async def site(http: httpx.AsyncClient):
    return await make_site(http)
