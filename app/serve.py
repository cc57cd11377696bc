"""The one entry point of `make run`, the Dockerfile and the benchmark: migrate, then serve.

    python -m app.serve [--host H] [--port P] [--workers N] [--demo]

`--demo` also creates the demo site and serves the demo blog on http://localhost:8001.
"""

import argparse
import asyncio
import logging.config
import os
import sys
from pathlib import Path

import uvicorn
from alembic import command
from alembic.config import Config

from app.config import Settings, get_settings
from app.crypto import new_token
from app.files import private_dir, private_sqlite_file, write_private
from app.observability.logs import log_config

ROOT = Path(__file__).resolve().parent.parent
DEMO_SITE = "demo"
DEMO_ORIGINS = ["http://localhost:8001", "http://127.0.0.1:8001"]


def migrate(settings: Settings) -> None:
    """Bring the database schema to the newest migration."""
    if settings.is_sqlite:
        private_dir(settings.data_dir)
        private_sqlite_file(settings.database_url)
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["url"] = settings.database_url
    config.attributes["configure_logging"] = False  # our format (log_config), not alembic.ini's
    command.upgrade(config, "head")


async def ensure_demo_site(settings: Settings) -> None:
    from app.db.session import Database
    from app.sites.models import Site

    database = Database.from_settings(settings)
    async with database.write_sessions() as session:
        if await session.get(Site, DEMO_SITE) is None:
            session.add(Site(id=DEMO_SITE, name="Parley demo blog", origins=DEMO_ORIGINS))
            await session.commit()
    await database.dispose()


def demo_admin_token(settings: Settings) -> str:
    """In the demo, an admin token is generated once and kept in the data dir."""
    token_file = settings.data_dir / "admin-token"
    if not token_file.exists():
        write_private(token_file, new_token())
    return token_file.read_text().strip()


def start_demo_blog(api_url: str) -> None:
    """Serve the demo blog from a daemon thread of this process, so it ends with the server."""
    from app.web.demo_server import make_server, serve_in_thread

    serve_in_thread(make_server(port=8001, api=api_url))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--demo", action="store_true", help="demo site and blog on :8001")
    args = parser.parse_args(argv)

    settings = get_settings()
    logging.config.dictConfig(log_config(settings))
    settings.resolved_secret_key()  # create a missing key once, before workers race to do it
    migrate(settings)
    if args.demo:
        asyncio.run(ensure_demo_site(settings))
        if not settings.admin_token.get_secret_value():
            os.environ["PARLEY_ADMIN_TOKEN"] = demo_admin_token(settings)
            get_settings.cache_clear()
        api_url = f"http://{args.host}:{args.port}"
        start_demo_blog(api_url)
        sys.stdout.write(
            f"\n  Parley API      {api_url}  (docs: {api_url}/api/docs)\n"
            f"  Demo blog       http://localhost:8001\n"
            f"  Moderation      {api_url}/admin\n"
            f"  Admin token     {os.environ['PARLEY_ADMIN_TOKEN']}\n\n"
        )
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=False,  # client IPs come from PARLEY_TRUSTED_PROXIES, see app/net.py
        log_config=log_config(settings),
        log_level=settings.log_level,
        access_log=settings.access_log,
        # SIGTERM: stop accepting, finish in-flight requests (event streams end at once).
        timeout_graceful_shutdown=int(settings.shutdown_timeout_seconds),
        # A busy worker is not a dead one: only replace workers silent for a long time.
        timeout_worker_healthcheck=60,
    )


if __name__ == "__main__":
    main()
