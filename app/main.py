"""The application factory: resources built in the lifespan, pure ASGI middleware, routers."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI
from starlette.types import Message, Scope

from app import health, validation
from app.assembly import wire
from app.comments import render
from app.comments.cache import PageCache
from app.comments.fastpath import CachedThreadReads
from app.comments.fastpost import FastPosts
from app.comments.html_router import router as comments_html_router
from app.comments.router import router as comments_router
from app.config import Settings, get_settings
from app.db.changes import ChangeToken, change_token_for
from app.db.prepared import compile_all
from app.db.session import Database
from app.db.wiring import Wiring
from app.errors import Problem, install_error_handlers
from app.identity.deps import IdentityRuntime
from app.identity.providers import build_registry
from app.identity.router import install_identity
from app.identity.router import router as identity_router
from app.live.router import router as live_router
from app.live.runtime import Live
from app.live.stream import LiveStreams
from app.middleware import BodySizeLimit
from app.moderation.page import router as moderation_page_router
from app.moderation.router import router as moderation_router
from app.moderation.sites_router import router as site_admin_router
from app.notifications.feeds_router import router as feeds_router
from app.notifications.pages import router as mail_router
from app.notifications.runtime import Outbox
from app.notifications.webhooks_router import router as webhooks_router
from app.observability import metrics, outages
from app.observability.collector import Collector
from app.observability.metrics_router import router as metrics_router
from app.observability.middleware import Observability
from app.openapi_schema import install_openapi, operation_id
from app.porting import jobs as import_jobs
from app.porting.router import router as porting_router
from app.ratelimit import RateLimits, ReadLimit
from app.runtime import ParleyApp, Runtime, ServerKey
from app.sites.cors import SiteCORS
from app.sites.router import router as sites_router
from app.web.router import router as web_router

DESCRIPTION = """Threaded comments keyed by post URL, for any site.

Errors are RFC 9457 `application/problem+json`. Commenters authenticate with
`Authorization: Bearer <session token>`; guests prove authorship with `X-Edit-Token`;
admin routes take `Authorization: Bearer <admin token>`."""


async def build_every_route(app: FastAPI) -> None:
    """FastAPI builds an included route's request validators the first time a request is matched
    against it (~20 ms a route, 0.4 s before the first post is reached). A request for a path no
    route has, sent to the router alone (no middleware sees it), walks past every route once."""

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(_: Message) -> None:
        return None

    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/.parley-start-up",
        "raw_path": b"/.parley-start-up",
        "root_path": "",
        "query_string": b"",
        "headers": [],
        "client": None,
        "server": None,
    }
    await app.router(scope, receive, send)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    secret_key = settings.resolved_secret_key()
    # Every part the routes and middlewares use, registered here and in the lifespan (by class):
    # the domains' dependencies ask the runtime for their own part (app/runtime.py).
    runtime = Runtime()
    runtime.register(settings)
    runtime.register(ServerKey(secret_key))
    # The fast path (a pure ASGI layer) and the read route share the page cache.
    page_cache = PageCache(settings.thread_cache_entries)
    runtime.register(page_cache)
    change_token = change_token_for(settings.database_url, settings.redis_url)
    runtime.register(change_token, kind=ChangeToken)
    rate_limits = RateLimits(settings)
    runtime.register(rate_limits)
    runtime.register(IdentityRuntime(settings, build_registry(settings)))
    collected = metrics.Metrics()
    runtime.register(collected)
    # Email: outbox rows in the change's transaction; the outbox worker wakes after commit.
    outbox = Outbox(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        wiring = Wiring()
        database = Database.from_settings(settings, wiring=wiring, changes=change_token)
        live = Live(settings, database, secret_key)
        wire(
            wiring,
            settings,
            secret_key,
            wake_outbox=outbox.wake,
            announce=live.publish,
            publish_soon=live.publisher.publish_soon,
        )
        database.start()
        runtime.register(database)
        runtime.register(live)
        # What a fresh process would otherwise do in its first posts, while they wait.
        compile_all(database.write_engine.dialect)
        render.warm_up()
        validation.warm_up()
        if settings.env != "test":  # 0.26 s a start: the suite starts thousands of apps
            await build_every_route(app)
        collected.streams = live.hub
        await outbox.start(database)
        outages.watch_engine(database.write_engine)
        await live.start()
        # Import jobs whose process died are marked failed now and every minute after.
        reaper = asyncio.get_running_loop().create_task(import_jobs.run_reaper(database))
        # What start-up built, and what survives a full pass, is not walked again by the next.
        collector = Collector(asyncio.get_running_loop())
        collector.start()
        try:
            yield
        finally:
            collector.stop()
            reaper.cancel()
            with suppress(asyncio.CancelledError):
                await reaper
            await import_jobs.stop_jobs()
            await live.close()
            await outbox.stop()
            await rate_limits.close()
            await database.dispose()
            runtime.unregister(Live)
            runtime.unregister(Database)

    app = ParleyApp(
        runtime,
        title="Parley",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        generate_unique_id_function=operation_id,
    )
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(metrics_router)
    app.include_router(live_router)
    app.include_router(sites_router)
    app.include_router(site_admin_router)
    app.include_router(comments_router)
    app.include_router(comments_html_router)
    app.include_router(identity_router)
    app.include_router(moderation_router)
    app.include_router(porting_router)
    app.include_router(mail_router)
    app.include_router(webhooks_router)
    app.include_router(feeds_router)
    app.include_router(moderation_page_router)
    app.include_router(web_router)
    install_identity(app, settings, secret_key)

    def body_limit(path: str) -> int:
        imports = path.endswith(("/import", "/imports"))  # one file at once, or a job
        return settings.max_import_bytes if imports else settings.max_body_bytes

    install_openapi(app, Problem)
    app.add_middleware(
        CachedThreadReads,
        cache=page_cache,
        token=change_token,
        base_url=settings.base_url,
        cdn_max_age=settings.cdn_max_age,
        read_limit=ReadLimit(rate_limits, tuple(settings.trusted_proxies)),
        secret_key=secret_key,
        runtime=runtime,
    )
    app.add_middleware(FastPosts)  # posting a comment, before routing (comments/fastpost.py)
    app.add_middleware(SiteCORS, runtime=runtime, base_url=settings.base_url)
    app.add_middleware(
        BodySizeLimit, max_bytes_for=body_limit, max_json_bytes=settings.max_body_bytes
    )
    # Request ids, request logs and metrics, and outages answered 503.
    app.add_middleware(
        Observability,
        metrics=collected,
        trusted_proxies=tuple(settings.trusted_proxies),
        request_log=settings.request_log,
    )
    # Outside it, event streams' bodies: the request is logged once the stream's head is sent.
    app.add_middleware(LiveStreams)
    return app
