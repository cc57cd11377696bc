"""Waiting for a condition, never for a fixed time: poll `predicate` until it holds or a generous
deadline passes, then fail naming what was awaited. The one place in tests/ that sleeps between
polls (tests/test_tooling.py keeps fixed sleeps out of everywhere else).

Deadlines are generous on purpose (CI is a loaded 2-core machine): a poll returns as soon as
the condition holds, so a long deadline costs nothing when things are well.
"""

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, overload

T = TypeVar("T")

WITHIN = 20.0
INTERVAL = 0.05


def wait_until(
    predicate: Callable[[], T],
    what: str,
    *,
    within: float = WITHIN,
    interval: float = INTERVAL,
    ignore: tuple[type[BaseException], ...] = (),
) -> T:
    """Call `predicate` until it returns something truthy and return that; `ignore` lists
    exceptions that mean "not yet" (a server not listening yet)."""
    deadline = time.monotonic() + within
    while True:
        try:
            result = predicate()
        except ignore:
            pass
        else:
            if result:
                return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {within:g} s waiting for {what}")
        time.sleep(interval)


@overload
async def until(
    predicate: Callable[[], Awaitable[T]],
    what: str,
    *,
    within: float = ...,
    interval: float = ...,
    ignore: tuple[type[BaseException], ...] = ...,
) -> T: ...


@overload
async def until(
    predicate: Callable[[], T],
    what: str,
    *,
    within: float = ...,
    interval: float = ...,
    ignore: tuple[type[BaseException], ...] = ...,
) -> T: ...


async def until(
    predicate: Callable[[], Any],
    what: str,
    *,
    within: float = WITHIN,
    interval: float = INTERVAL,
    ignore: tuple[type[BaseException], ...] = (),
) -> Any:
    """The async twin of `wait_until`: `predicate` may be a plain or an async function."""
    deadline = time.monotonic() + within
    while True:
        try:
            result = predicate()
            if inspect.isawaitable(result):
                result = await result
        except ignore:
            pass
        else:
            if result:
                return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {within:g} s waiting for {what}")
        await asyncio.sleep(interval)
