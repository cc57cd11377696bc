"""The app's runtime (app/runtime.py): every part registered once by the composition, asked for
by its class, and a part nobody registered raises an error that names it."""

import gc

import httpx
import pydantic
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from app.comments.cache import PageCache
from app.config import Settings
from app.db.changes import ChangeToken, NoChangeToken
from app.db.session import Database
from app.live.runtime import Live
from app.main import create_app
from app.runtime import MissingPart, Runtime, ServerKey, runtime_of
from tests import dbs
from tests.builders import SITE_ORIGIN, make_site, post_comment
from tests.conftest import client_of
from tests.parts import change_token, part


class TestThroughTheApp:
    async def test_a_part_nobody_registered_is_named(self, settings: Settings, caplog):
        app = create_app(settings)  # its lifespan never runs: no Database is registered
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            response = await http.get("/api/v1/sites/blog/comments", params={"url": "/p"})
        assert response.status_code == 500  # a misassembled app, logged with what it lacks
        (record,) = [r for r in caplog.records if r.exc_info]
        assert record.exc_info is not None
        error = record.exc_info[1]
        assert isinstance(error, MissingPart)
        assert str(error) == "no Database was registered in this app's runtime"

    async def test_the_lifespan_registers_what_it_builds(self, app: FastAPI, client):
        assert part(app, Database) is not None
        assert part(app, Live).hub.count == 0
        assert change_token(app) is part(app, Database).changes
        assert part(app, ServerKey).value == part(app, Settings).resolved_secret_key()
        response = await client.get("/healthz", headers={"Origin": SITE_ORIGIN})
        assert response.status_code == 200

    async def test_an_app_that_stopped_starts_again(self, settings: Settings):
        """The lifespan takes its own parts out as it ends (a second start used to raise)."""
        app = create_app(settings)
        for round_ in (1, 2):
            async with LifespanManager(app), client_of(app) as http:
                if round_ == 1:
                    await make_site(http)
                created = await post_comment(http, f"round {round_}")
                assert created["body_html"] == f"<p>round {round_}</p>"
            assert runtime_of(app).find(Database) is None
        await dbs.empty_all_tables(settings.database_url)

    async def test_the_first_post_builds_no_validators(self, settings: Settings, monkeypatch):
        """FastAPI builds a route's validators when a request first walks past it (0.4 s before a
        post is reached): the lifespan has that done before the first request."""
        app = create_app(settings.model_copy(update={"env": "dev"}))  # as served; tests skip it
        async with LifespanManager(app), client_of(app) as http:
            await make_site(http)
            built: list[object] = []
            build = pydantic.TypeAdapter.__init__

            def counting(adapter: pydantic.TypeAdapter, *args, **kwargs) -> None:
                built.append(args[0] if args else kwargs)
                build(adapter, *args, **kwargs)

            monkeypatch.setattr(pydantic.TypeAdapter, "__init__", counting)
            created = await post_comment(http, "first")
            assert created["body_html"] == "<p>first</p>"
            missing = await http.get("/api/v1/sites/nope/comments", params={"url": SITE_ORIGIN})
            assert missing.status_code == 404
            assert built == []
        await dbs.empty_all_tables(settings.database_url)

    async def test_start_up_s_objects_are_left_out_of_full_collections(self, settings: Settings):
        app = create_app(settings)
        async with LifespanManager(app):
            assert gc.get_freeze_count() > 10_000  # modules, schemas, routes, statements
        await dbs.empty_all_tables(settings.database_url)

    def test_an_app_without_a_runtime_says_so(self):
        with pytest.raises(MissingPart, match="carries no Runtime"):
            runtime_of(FastAPI())


class TestRegistry:
    def test_require_names_the_missing_kind(self):
        with pytest.raises(MissingPart, match="no PageCache was registered"):
            Runtime().require(PageCache)

    def test_a_kind_is_registered_once(self):
        runtime = Runtime()
        runtime.register(PageCache(10))
        with pytest.raises(ValueError, match="PageCache is registered already"):
            runtime.register(PageCache(10))

    def test_replace_swaps_a_registered_part_only(self):
        runtime = Runtime()
        with pytest.raises(MissingPart, match="no PageCache is registered to replace"):
            runtime.replace(PageCache(10))
        first, second = PageCache(10), PageCache(20)
        runtime.register(first)
        runtime.replace(second)
        assert runtime.require(PageCache) is second

    def test_a_protocol_is_named_at_registration(self):
        runtime = Runtime()
        token = NoChangeToken()
        runtime.register(token, kind=ChangeToken)
        assert runtime.find(NoChangeToken) is None  # found by the kind it was registered as
        assert runtime.require(ChangeToken) is token  # type: ignore[type-abstract]

    def test_a_part_of_another_kind_is_refused(self):
        with pytest.raises(TypeError, match="NoChangeToken is not a PageCache"):
            Runtime().register(NoChangeToken(), kind=PageCache)
