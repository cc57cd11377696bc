"""Property-based API testing from openapi/openapi.json against a running server: no 5xx, and
every response matches the documented schema, status codes and content types."""

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests import dbs
from tests.builders import ADMIN, ADMIN_TOKEN, SITE_ORIGIN
from tests.live import live_server

schema = schemathesis.openapi.from_path(str(dbs.ROOT / "openapi" / "openapi.json"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def server(database_url, tmp_path_factory):
    with live_server(
        database_url, tmp_path_factory.mktemp("live"), PARLEY_ADMIN_TOKEN=ADMIN_TOKEN
    ) as url:
        site = {"id": "blog", "name": "Blog", "origins": [SITE_ORIGIN]}
        httpx.post(f"{url}/api/v1/admin/sites", json=site, headers=ADMIN, timeout=10)
        comment = {
            "url": f"{SITE_ORIGIN}/p",
            "body": "hi",
            "author_name": "A",
            "author_email": "a@b.example",
        }
        httpx.post(f"{url}/api/v1/sites/blog/comments", json=comment, timeout=10)
        yield url
    import asyncio

    asyncio.run(dbs.empty_all_tables(database_url))


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, server):
    if case.path.startswith("/api/v1/admin"):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {ADMIN_TOKEN}"}
    case.call_and_validate(base_url=server, checks=CHECKS, timeout=10)
