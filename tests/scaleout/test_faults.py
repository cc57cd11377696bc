"""Outages under load, on a PostgreSQL and a Redis of the test's own, stopped and started for
real: 503 problem+json with Retry-After (never a 500, never a reset connection), /readyz not
ready, the outage logged once, and recovery afterwards."""

import json
import secrets
import threading
import time
from dataclasses import dataclass, field

import httpx
import pytest

from tests.builders import ADMIN, ADMIN_TOKEN, POST_URL, SITE_ID, SITE_ORIGIN
from tests.live import live_server
from tests.scaleout.servers import can_run_own_servers, own_postgres, own_redis
from tests.waiting import wait_until

pytestmark = pytest.mark.skipif(
    not can_run_own_servers(), reason="needs PostgreSQL's binaries (initdb) and redis-server"
)
COMMENTS = f"/api/v1/sites/{SITE_ID}/comments"


@dataclass
class Load:
    """Writers and readers hammering one server from threads; every outcome recorded."""

    base_url: str
    statuses: list[int] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)  # transport errors and unexpected answers
    stop: threading.Event = field(default_factory=threading.Event)

    def _worker(self, write: bool) -> None:
        with httpx.Client(base_url=self.base_url, timeout=30) as http:
            while not self.stop.is_set():
                ip = f"10.0.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"
                headers = {"Origin": SITE_ORIGIN, "X-Forwarded-For": ip}
                try:
                    if write:
                        payload = {"url": POST_URL, "body": "load", "author_name": "L"}
                        payload["author_email"] = "l@example.org"
                        response = http.post(COMMENTS, json=payload, headers=headers)
                    else:
                        response = http.get(COMMENTS, params={"url": POST_URL}, headers=headers)
                except httpx.TransportError as exc:
                    self.bad.append(repr(exc))
                    continue
                self.statuses.append(response.status_code)
                if response.status_code == 503:
                    problem = response.headers.get("content-type") == "application/problem+json"
                    if not problem or not response.headers.get("retry-after"):
                        self.bad.append(f"503 without problem or Retry-After: {response.headers}")
                    # A blog's page must be able to read it (and so tell the reader to retry).
                    if response.headers.get("access-control-allow-origin") != SITE_ORIGIN:
                        self.bad.append(f"503 a page cannot read: {response.headers}")
                elif response.status_code not in (200, 201):
                    self.bad.append(f"{response.status_code} {response.text[:300]}")
                time.sleep(0.02)

    def __enter__(self) -> "Load":
        self.threads = [
            threading.Thread(target=self._worker, args=(write,)) for write in (1, 1, 1, 0)
        ]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


def readyz(base_url: str) -> int:
    return httpx.get(f"{base_url}/readyz", timeout=10).status_code


def wait_for(condition, seconds: float = 60.0, what: str = "the condition") -> None:
    wait_until(condition, what, within=seconds, interval=0.2)


def answers_since(load: Load, mark: int, count: int = 20, status: int | None = None) -> bool:
    """Whether the load has had `count` answers since `mark` (with `status` among them)."""
    since = load.statuses[mark:]
    return len(since) >= count and (status is None or status in since)


def log_entries(log: str) -> list[dict]:
    entries = []
    for line in log.splitlines():
        if line.startswith("{"):
            entries.append(json.loads(line))
    return entries


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """One Parley process on its own PostgreSQL and Redis."""
    with own_postgres() as postgres, own_redis() as redis:
        data_dir = tmp_path_factory.mktemp("faults")
        env = {
            "PARLEY_REDIS_URL": redis.url,
            "PARLEY_SECRET_KEY": "faults-" + secrets.token_hex(16),
            "PARLEY_ADMIN_TOKEN": ADMIN_TOKEN,
            "PARLEY_TRUSTED_PROXIES": "127.0.0.1",
            "PARLEY_LOG_FORMAT": "json",
            "PARLEY_OUTBOX_WORKER": "false",
        }
        with live_server(postgres.url, data_dir, env=env) as base_url:
            created = httpx.post(
                f"{base_url}/api/v1/admin/sites",
                json={"id": SITE_ID, "name": "Blog", "origins": [SITE_ORIGIN]},
                headers=ADMIN,
            )
            assert created.status_code == 201, created.text
            yield base_url, postgres, redis, data_dir / "server.log"


class TestDatabaseOutage:
    def test_a_restart_under_load_is_503_with_retry_after_then_recovers(self, stack):
        base_url, postgres, _redis, log_path = stack
        with Load(base_url) as load:
            wait_for(lambda: answers_since(load, 0), 60, "the load to be under way")
            postgres.stop()
            wait_for(lambda: readyz(base_url) == 503, 20)
            wait_for(lambda: 503 in load.statuses, 60, "the load to meet the outage")
            postgres.start()
            wait_for(lambda: readyz(base_url) == 200, 60)
            mark = len(load.statuses)
            wait_for(lambda: answers_since(load, mark, status=201), 60, "writes to recover")
        assert load.bad == []
        assert 503 in load.statuses
        assert 201 in load.statuses[mark:], "writes did not recover"
        assert 500 not in load.statuses
        entries = log_entries(log_path.read_text())
        outages = [e for e in entries if e["msg"].startswith("database unavailable")]
        assert len(outages) == 1, outages
        assert [e for e in entries if e["logger"] == "parley.error"] == []
        assert "Exception in ASGI application" not in log_path.read_text()


class TestRedisOutage:
    def test_writes_go_on_with_local_limits_and_readyz_says_not_ready(self, stack):
        base_url, _postgres, redis, log_path = stack
        with Load(base_url) as load:
            wait_for(lambda: answers_since(load, 0), 60, "the load to be under way")
            redis.stop()
            wait_for(lambda: readyz(base_url) == 503, 20)
            mark = len(load.statuses)
            wait_for(
                lambda: answers_since(load, mark, status=201), 60, "writes while Redis is down"
            )
            during = load.statuses[mark:]
            redis.start()
            wait_for(lambda: readyz(base_url) == 200, 30)
        assert load.bad == []
        assert during and set(during) <= {200, 201}, "writes must not fail while Redis is down"
        entries = log_entries(log_path.read_text())
        outages = [e for e in entries if e["msg"].startswith("redis unavailable")]
        assert len(outages) == 1, outages
        assert [e for e in entries if e["logger"] == "parley.error"] == []
