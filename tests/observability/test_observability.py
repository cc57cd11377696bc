"""/metrics (Prometheus), request ids and the per-request log line."""

import json
import logging
import re

import pytest

from app.observability.logs import JSONFormatter, RequestIdFilter, TextFormatter
from tests.builders import POST_URL, SITE_ID, make_site, post_comment
from tests.conftest import make_settings

TOKEN = "metrics-token-for-tests"


class TestMetricsAccess:
    async def test_metrics_are_off_unless_configured(self, client):
        response = await client.get("/metrics")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"


class TestMetricsWithToken:
    @pytest.fixture
    def settings(self, database_url, tmp_path):
        return make_settings(database_url, tmp_path, metrics_token=TOKEN)

    async def test_a_wrong_or_missing_token_is_401(self, client):
        for headers in ({}, {"Authorization": "Bearer nope"}):
            response = await client.get("/metrics", headers=headers)
            assert response.status_code == 401
            assert response.json()["type"] == "/problems/unauthorized"

    async def test_requests_are_counted_by_route_template_method_and_status(self, client):
        await make_site(client)
        await post_comment(client)
        await client.get(f"/api/v1/sites/{SITE_ID}/comments", params={"url": POST_URL})
        await client.get("/api/v1/sites/nope/comments", params={"url": POST_URL})
        response = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/plain")
        text = response.text
        route = 'route="/api/v1/sites/{site_id}/comments"'
        assert f'parley_http_requests_total{{method="GET",{route},status="200"}} 1.0' in text
        assert f'parley_http_requests_total{{method="GET",{route},status="404"}} 1.0' in text
        assert f'parley_http_requests_total{{method="POST",{route},status="201"}} 1.0' in text
        assert re.search(r"parley_http_request_duration_seconds_bucket\{le=\"0\.1\",", text)
        assert re.search(r'parley_db_pool_connections\{engine="write",state="checkedout"\}', text)
        assert "parley_sse_subscribers 0.0" in text
        assert 'parley_dependency_up{dependency="database"} 1.0' in text
        assert "parley_outbox_depth" in text


class TestMetricsFromAllowedNetworks:
    @pytest.fixture
    def settings(self, database_url, tmp_path):
        return make_settings(database_url, tmp_path, metrics_networks=["127.0.0.0/8"])

    async def test_an_allowed_network_needs_no_token(self, client):
        response = await client.get("/metrics")
        assert response.status_code == 200
        assert "parley_http_requests_total" in response.text


class TestRequestIds:
    async def test_every_response_carries_a_generated_request_id(self, client):
        first = await client.get("/healthz")
        second = await client.get("/healthz", headers={"X-Request-ID": "spoofed-by-a-client"})
        for response in (first, second):
            assert re.fullmatch(r"[0-9a-f]{16}", response.headers["x-request-id"])
        assert first.headers["x-request-id"] != second.headers["x-request-id"]


class TestRequestIdsBehindATrustedProxy:
    @pytest.fixture
    def settings(self, database_url, tmp_path):
        return make_settings(database_url, tmp_path, trusted_proxies=["127.0.0.1"])

    async def test_the_proxys_request_id_is_kept(self, client):
        response = await client.get("/healthz", headers={"X-Request-ID": "edge-4f1c.22"})
        assert response.headers["x-request-id"] == "edge-4f1c.22"

    async def test_a_malformed_one_is_replaced(self, client):
        response = await client.get("/healthz", headers={"X-Request-ID": "a b\tc"})
        assert re.fullmatch(r"[0-9a-f]{16}", response.headers["x-request-id"])


class TestRequestLog:
    async def test_one_line_per_request_with_route_status_duration_and_id(self, client, caplog):
        await make_site(client)
        with caplog.at_level(logging.INFO, logger="parley.request"):
            response = await client.get(
                f"/api/v1/sites/{SITE_ID}/comments", params={"url": POST_URL}
            )
        records = [r for r in caplog.records if r.name == "parley.request"]
        assert len(records) == 1
        record = records[0]
        assert record.route == "/api/v1/sites/{site_id}/comments"
        assert record.status == 200
        assert record.duration_ms >= 0
        assert record.request_id == response.headers["x-request-id"]


class TestLogFormats:
    def _record(self, exc: bool = False) -> logging.LogRecord:
        exc_info = None
        if exc:
            try:
                raise ValueError("boom")
            except ValueError:
                import sys

                exc_info = sys.exc_info()
        record = logging.LogRecord(
            "parley.test", logging.ERROR, "x", 1, "hello %s", ("you",), exc_info
        )
        record.route = "/r"
        RequestIdFilter().filter(record)
        return record

    def test_json_is_one_object_per_line_with_the_traceback_inside(self):
        line = JSONFormatter().format(self._record(exc=True))
        assert "\n" not in line
        entry = json.loads(line)
        assert entry["msg"] == "hello you"
        assert entry["level"] == "error"
        assert entry["route"] == "/r"
        assert "ValueError: boom" in entry["exc"]

    def test_text_has_the_fields_after_the_message(self):
        line = TextFormatter().format(self._record())
        assert "parley.test: hello you route=/r" in line
