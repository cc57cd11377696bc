"""Issue 23 item 13: /metrics by network decided the direct peer, so behind the compose file's
proxy (on an allowed network) every request from anywhere passed."""

import httpx
import pytest

from tests.conftest import make_settings

TOKEN = "metrics-token-for-tests"
PRIVATE = ["127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]


async def metrics(client: httpx.AsyncClient, **headers: str) -> int:
    sent = {name.replace("_", "-"): value for name, value in headers.items()}
    return (await client.get("/metrics", headers=sent)).status_code


class TestBehindTheComposeProxy:
    """As compose.yaml sets it: the proxy's networks are trusted and allowed (tests reach the
    app from 127.0.0.1, the proxy's place)."""

    @pytest.fixture
    def settings(self, database_url, tmp_path):
        return make_settings(
            database_url, tmp_path, trusted_proxies=PRIVATE, metrics_networks=PRIVATE
        )

    async def test_a_public_client_through_the_proxy_is_refused(self, client):
        assert await metrics(client, X_Forwarded_For="198.51.100.7") == 401

    async def test_a_forged_private_hop_is_not_believed(self, client):
        assert await metrics(client, X_Forwarded_For="10.1.2.3, 198.51.100.7") == 401

    async def test_a_monitor_inside_the_network_is_allowed_through_it_or_directly(self, client):
        assert await metrics(client, X_Forwarded_For="10.1.2.3") == 401  # trusted, not a client
        assert await metrics(client) == 200

    @pytest.mark.parametrize(
        "headers",
        [{"Forwarded": "for=10.1.2.3"}, {"X-Real-IP": "10.1.2.3"}, {"X-Forwarded-For": ""}],
    )
    async def test_other_forwarding_headers_mark_a_request_as_proxied(self, client, headers):
        response = await client.get("/metrics", headers=headers)
        assert response.status_code == 401


class TestAMonitorBeyondATrustedProxy:
    @pytest.fixture
    def settings(self, database_url, tmp_path):
        return make_settings(
            database_url,
            tmp_path,
            trusted_proxies=["127.0.0.1"],
            metrics_networks=["10.0.0.0/8"],
            metrics_token=TOKEN,
        )

    async def test_decided_by_the_client_the_proxy_names(self, client):
        assert await metrics(client, X_Forwarded_For="10.1.2.3") == 200
        assert await metrics(client, X_Forwarded_For="198.51.100.7") == 401
        assert await metrics(client) == 401  # the proxy itself is not on the allowed network

    async def test_the_token_works_from_anywhere(self, client):
        bearer = f"Bearer {TOKEN}"
        assert await metrics(client, X_Forwarded_For="198.51.100.7", Authorization=bearer) == 200


class TestAProxyThatIsNotTrusted:
    @pytest.fixture
    def settings(self, database_url, tmp_path):
        return make_settings(database_url, tmp_path, metrics_networks=PRIVATE)

    async def test_a_forwarded_request_is_refused(self, client):
        assert await metrics(client, X_Forwarded_For="10.1.2.3") == 401
        assert await metrics(client) == 200
