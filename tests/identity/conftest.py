"""Identity fixtures: the real OpenID provider, the provider stub, and an app wired to both."""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from app.config import OIDCProviderSettings, Settings
from app.identity.deps import IdentityRuntime
from app.identity.providers import build_registry
from app.main import create_app
from tests import dbs
from tests.builders import SITE_ORIGIN
from tests.conftest import make_settings
from tests.identity import oidc_op
from tests.identity.stub_providers import CLIENT_ID, CLIENT_SECRET, StubServer, StubState
from tests.parts import replace_part

PARLEY_BASE_URL = "http://testserver"
BUILT_INS = ("github", "google", "facebook", "twitter", "wordpress", "microsoft")


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[oidc_op.OIDCProvider]:
    """A real, certified OpenID Connect provider on loopback, fresh for the test session."""
    with oidc_op.OIDCProvider([f"{PARLEY_BASE_URL}/auth/testop/callback"]) as provider:
        yield provider


@pytest.fixture(scope="session")
def stub_server() -> Iterator[StubState]:
    with StubServer() as state:
        yield state


@pytest.fixture
def stub(stub_server: StubState) -> StubState:
    stub_server.reset()
    return stub_server


@pytest.fixture
def settings(database_url: str, tmp_path: Path, oidc_provider: oidc_op.OIDCProvider) -> Settings:
    credentials: dict[str, object] = {}
    for name in BUILT_INS:
        credentials[f"{name}_client_id"] = CLIENT_ID
        credentials[f"{name}_client_secret"] = CLIENT_SECRET
    test_op = OIDCProviderSettings(
        name="testop",
        label="Test OP",
        issuer=oidc_provider.issuer,
        client_id=oidc_op.CLIENT_ID,
        client_secret=oidc_op.CLIENT_SECRET,
    )
    return make_settings(
        database_url, tmp_path, base_url=PARLEY_BASE_URL, oidc_providers=[test_op], **credentials
    )


@pytest.fixture
async def app(settings: Settings, stub_server: StubState) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with LifespanManager(application):
        # Built-in providers talk to the local stub instead of github.com & co.
        registry = build_registry(settings, endpoints=stub_server.endpoints())
        replace_part(application, IdentityRuntime(settings, registry))
        yield application
    await dbs.empty_all_tables(settings.database_url)


@pytest.fixture
async def outside() -> AsyncIterator[httpx.AsyncClient]:
    """The browser's view of the world outside Parley: the providers, over real HTTP."""
    async with httpx.AsyncClient(timeout=10) as http:
        yield http


@pytest.fixture
def site_origin() -> str:
    return SITE_ORIGIN
