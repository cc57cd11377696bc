"""Issue 23 item 8: webhook targets — IPv6 transition forms of private addresses, 192.0.0.0/24,
ports, hosts that are not valid IDNA, and errors that do not tell what the resolver answered."""

import ipaddress
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from app.config import Settings
from app.notifications.webhooks_targets import is_public
from tests.builders import ADMIN, make_site, post_comment
from tests.conftest import make_settings
from tests.notifications.test_webhooks import deliveries, hooks_path, make_webhook, run_worker

LOOPBACK_FORMS = [
    "[::127.0.0.1]",  # IPv4-compatible
    "[::ffff:0:7f00:1]",  # IPv4-translated (SIIT)
    "[::ffff:7f00:1]",  # IPv4-mapped
    "[64:ff9b::7f00:1]",  # NAT64
    "[64:ff9b:1::7f00:1]",  # local-use NAT64
    "[2002:7f00:1::]",  # 6to4
    "[2002:a00:1::1]",  # 6to4 of 10.0.0.1
    "[2001:0:4136:e378:8000:63bf:3fff:fdd2]",  # Teredo
    "[64:ff9b::a9fe:a9fe]",  # NAT64 of 169.254.169.254
    "192.0.0.8",
    "192.0.0.170",
]


async def create(client: httpx.AsyncClient, url: str) -> httpx.Response:
    return await client.post(
        hooks_path(), json={"url": url, "events": ["comment.created"]}, headers=ADMIN
    )


class TestAtCreation:
    @pytest.fixture
    def settings(self, database_url: str, tmp_path: Path) -> Settings:
        return make_settings(database_url, tmp_path, outbox_worker=False)

    @pytest.mark.parametrize("host", LOOPBACK_FORMS)
    async def test_transition_forms_of_private_addresses_are_refused(
        self, client: httpx.AsyncClient, host: str
    ):
        await make_site(client)
        response = await create(client, f"http://{host}:8080/hook")
        assert response.status_code == 422, response.text
        assert response.json()["type"] == "/problems/webhook-target-refused"

    @pytest.mark.parametrize(
        "url", ["http://example.org:99999/", "http://example.org:0/", "https://example.org:65536"]
    )
    async def test_a_port_out_of_range_is_422(self, client: httpx.AsyncClient, url: str):
        await make_site(client)
        response = await create(client, url)
        assert response.status_code == 422, response.text
        assert "port" in response.json()["detail"]

    @pytest.mark.parametrize("url", ["http://xn--/", "http://xn--a/", "https://a..b/"])
    async def test_a_host_that_is_not_valid_idna_is_422(self, client: httpx.AsyncClient, url: str):
        await make_site(client)
        response = await create(client, url)
        assert response.status_code == 422, response.text
        assert response.json()["type"] == "/problems/webhook-target-refused"

    async def test_the_resolvers_answer_is_not_echoed(self, client: httpx.AsyncClient):
        await make_site(client)
        response = await create(client, "http://localhost:8080/hook")
        assert response.status_code == 422, response.text
        detail = response.json()["detail"]
        assert "non-public" in detail
        assert "127.0.0.1" not in detail and "::1" not in detail


class TestAtDelivery:
    @pytest.fixture
    def settings(self, database_url: str, tmp_path: Path) -> Settings:
        return make_settings(
            database_url, tmp_path, webhook_allow_private=True, outbox_worker=False
        )

    @pytest.mark.parametrize(
        "host", ["[64:ff9b::7f00:1]", "[::127.0.0.1]", "192.0.0.8", "localhost"]
    )
    async def test_refused_when_delivered(self, client: httpx.AsyncClient, app: FastAPI, host: str):
        await make_site(client)
        hook = await make_webhook(client, f"http://{host}:9/hook", ["comment.created"])
        await post_comment(client)
        await run_worker(app, webhook_allow_private=False)
        [delivery] = await deliveries(client, hook["id"])
        assert delivery["status"] == "pending" and delivery["last_response_code"] is None
        assert "non-public address" in delivery["last_error"]
        if host == "localhost":  # what the name resolved to is not said
            assert "127.0.0.1" not in delivery["last_error"]


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700::1111", True),
        ("64:ff9b::808:808", True),  # NAT64 of a public address
        ("2002:808:808::1", True),  # 6to4 of a public address
        ("::ffff:8.8.8.8", True),
        ("::", False),
        ("::1", False),
        ("::ffff:10.0.0.1", False),
        ("::ffff:0:a00:1", False),
        ("64:ff9b:1::808:808", False),  # local use: may translate anywhere
        ("ff02::1", False),
        ("::ffff:224.0.0.1", False),
        ("192.0.0.9", False),
        ("3fff::1", False),
    ],
)
def test_is_public(address: str, public: bool):
    assert is_public(ipaddress.ip_address(address)) is public
