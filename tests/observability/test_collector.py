"""The cyclic collector's full passes stay short while many objects live long (thousands of open
event streams): what survives a full pass is frozen, so the next passes do not walk it, and
everything is unfrozen once a period so that cycles among objects that died frozen are freed."""

import gc
import weakref

import pytest

from app.observability import collector
from tests.waiting import until

pytestmark = pytest.mark.usefixtures("app")  # the app's lifespan runs the collector's policy


class Node:
    """An object that points at itself: only a full pass that walks it frees it once dropped."""

    def __init__(self) -> None:
        self.me = self


async def cycles_frozen_after_a_full_pass(count: int) -> list[weakref.ref[Node]]:
    """`count` self-referencing nodes that survive a full pass and are then dropped."""
    nodes = [Node() for _ in range(count)]
    before = gc.get_freeze_count()
    gc.collect()
    await until(lambda: gc.get_freeze_count() >= before + count, "the survivors frozen")
    return [weakref.ref(node) for node in nodes]


async def test_what_survives_a_full_pass_is_not_walked_by_the_next():
    refs = await cycles_frozen_after_a_full_pass(5_000)
    gc.collect()  # dropped, but the pass does not walk them: their cycles stand
    assert all(ref() is not None for ref in refs)


async def test_cycles_that_died_frozen_are_freed_after_the_period(monkeypatch):
    refs = await cycles_frozen_after_a_full_pass(5_000)
    monkeypatch.setattr(collector, "REFRESH_SECONDS", 0.0)
    gc.collect()  # a full pass; after it the collector unfreezes everything
    await until(lambda: gc.get_freeze_count() == 0, "everything unfrozen")
    assert all(ref() is not None for ref in refs)
    gc.collect()  # this pass walks everything
    assert all(ref() is None for ref in refs)
