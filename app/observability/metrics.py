"""Prometheus metrics (the official client): requests, latency, pool, streams, outbox.

Served by `metrics_router.py` (`GET /metrics`, not public by default).
"""

import logging
from typing import Any, Protocol

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from sqlalchemy import text

from app.db.session import Database
from app.observability import outages

log = logging.getLogger("parley.metrics")

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Counted(Protocol):
    """What the open-streams gauge reads (the live hub; core does not import live)."""

    count: int


class Metrics:
    """The metrics of one app, in a registry of its own (tests build many apps per process)."""

    def __init__(self) -> None:
        self.streams: Counted | None = None  # given at assembly when the app serves streams
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "parley_http_requests",
            "HTTP requests by route template, method and status",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "parley_http_request_duration_seconds",
            "Time to the end of the response, by route template, method and status",
            ["route", "method", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.pool = Gauge(
            "parley_db_pool_connections",
            "Database pool connections by engine and state",
            ["engine", "state"],
            registry=self.registry,
        )
        self.subscribers = Gauge(
            "parley_sse_subscribers", "Open event streams on this process", registry=self.registry
        )
        self.outbox = Gauge(
            "parley_outbox_depth",
            "Notification outbox messages waiting to be sent",
            registry=self.registry,
        )
        self.up = Gauge(
            "parley_dependency_up",
            "1 while this process reaches the dependency",
            ["dependency"],
            registry=self.registry,
        )

    def observe(self, route: str, method: str, status: int, seconds: float | None) -> None:
        labels = (route, method, str(status))
        self.requests.labels(*labels).inc()
        if seconds is not None:
            self.latency.labels(*labels).observe(seconds)

    async def refresh(self, database: Database) -> None:
        """Sample the gauges that are read, not counted."""
        engines = {"write": database.write_engine, "read": database.read_engine}
        for name, engine in engines.items():
            pool: Any = engine.sync_engine.pool
            for metric in ("size", "checkedout", "overflow", "checkedin"):
                method = getattr(pool, metric, None)
                if callable(method):
                    self.pool.labels(name, metric).set(method())
        if self.streams is not None:
            self.subscribers.set(self.streams.count)
        for dependency in (outages.database, outages.redis):
            self.up.labels(dependency.name).set(0 if dependency.is_down else 1)
        try:
            async with database.read_sessions() as session:
                depth = await session.scalar(
                    text("SELECT count(*) FROM outbox_messages WHERE status = 'pending'")
                )
            self.outbox.set(int(depth or 0))
        except Exception:  # no outbox table (yet), or the database is down: keep the last value
            log.debug("outbox depth not sampled", exc_info=True)
