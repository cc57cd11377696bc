"""Outages of the database or Redis: recognised, answered 503, and logged once per process.

An outage is logged when it starts and when it ends, never per request: the per-request
tracebacks of a restarting database drown the one line that matters.
"""

import logging
import time
from collections.abc import Iterator
from typing import Any

log = logging.getLogger("parley.outage")

RETRY_AFTER_SECONDS = 5
SETTLE_SECONDS = 10.0  # a failure this soon after a recovery belongs to the same outage


class Dependency:
    """One backing service's health as this process last saw it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.down_since: float | None = None
        self._recovered_at: float | None = None
        self._quiet = False  # this outage was not logged (a flap right after a recovery)

    @property
    def is_down(self) -> bool:
        return self.down_since is not None

    def failed(self, exc: BaseException) -> None:
        if self.down_since is not None:
            return
        now = time.monotonic()
        self.down_since = now
        # Stale pooled connections failing just after a recovery are the outage just logged.
        self._quiet = self._recovered_at is not None and now - self._recovered_at < SETTLE_SECONDS
        if not self._quiet:
            log.error("%s unavailable: %s: %s", self.name, type(exc).__name__, exc)

    def recovered(self) -> None:
        if self.down_since is not None:
            seconds = time.monotonic() - self.down_since
            self.down_since = None
            self._recovered_at = time.monotonic()
            if not self._quiet:
                log.warning("%s available again after %.1f s", self.name, seconds)


database = Dependency("database")
redis = Dependency("redis")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        if isinstance(current, BaseExceptionGroup) and current.exceptions:
            current = current.exceptions[0]
        else:
            current = current.__cause__ or current.__context__


def _is_redis_error(exc: BaseException) -> bool:
    module = type(exc).__module__
    return module.startswith(("redis", "coredis")) and (
        "Connection" in type(exc).__name__ or "Timeout" in type(exc).__name__
    )


def _is_database_error(exc: BaseException) -> bool:
    from sqlalchemy import exc as sa_exc

    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated:
            return True
        return isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError) or (
            exc.orig is not None and _is_driver_outage(exc.orig)
        )
    return isinstance(exc, sa_exc.TimeoutError) or _is_driver_outage(exc)


def _is_driver_outage(exc: BaseException) -> bool:
    module = type(exc).__module__
    if module.startswith("asyncpg"):
        name = type(exc).__name__
        return (
            any(
                word in name
                for word in ("Connection", "CannotConnectNow", "AdminShutdown", "CrashShutdown")
            )
            or "InterfaceError" in name
        )
    return False


def classify(exc: BaseException) -> Dependency | None:
    """The dependency whose outage caused `exc`, or None for any other failure."""
    for link in _chain(exc):
        if _is_redis_error(link):
            return redis
        if _is_database_error(link):
            return database
    for link in _chain(exc):
        if isinstance(link, ConnectionRefusedError | ConnectionResetError | TimeoutError):
            return database
    return None


def watch_engine(engine: Any) -> None:
    """A new database connection ends a database outage (the pool reconnects on its own)."""
    from sqlalchemy import event

    @event.listens_for(engine.sync_engine, "connect")
    def _connected(_dbapi_connection: Any, _record: Any) -> None:
        database.recovered()
