"""/readyz is not ready while the database's schema is behind the code's newest migration."""

import asyncio

import httpx
from alembic import command
from asgi_lifespan import LifespanManager

from app.main import create_app
from tests import dbs
from tests.conftest import make_settings


class TestReadiness:
    async def test_not_ready_until_the_migrations_ran(self, tmp_path):
        url = f"sqlite+aiosqlite:///{tmp_path / 'behind.db'}"
        config = dbs.alembic_config(url)
        await asyncio.to_thread(command.upgrade, config, "0004")
        app = create_app(make_settings(url, tmp_path))
        async with LifespanManager(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                behind = await client.get("/readyz")
                await asyncio.to_thread(command.upgrade, config, "head")
                current = await client.get("/readyz")
        assert behind.status_code == 503
        assert behind.json()["type"] == "/problems/migrations-pending"
        assert behind.headers["retry-after"]
        assert current.status_code == 200
