"""The cyclic collector's full passes stay short while many objects live long (thousands of open
event streams): what survives a full pass is frozen, and everything is unfrozen once a period so
that cycles among objects that died after being frozen are reclaimed."""

import gc

import pytest

from app.observability import collector
from tests.waiting import until

pytestmark = pytest.mark.usefixtures("app")  # the app's lifespan runs the collector's policy


class Node:
    """An object that points at itself: only a full pass frees it once it is dropped."""

    def __init__(self) -> None:
        self.me = self


class DeadNode(Node):
    """Nodes of the second test (a test's own leftovers may still be about in the next)."""


def walked_nodes(kind: type[Node] = Node) -> int:
    """The nodes of `kind` a full pass would walk now (the frozen ones are not)."""
    return sum(1 for o in gc.get_objects() if type(o) is kind)


async def frozen_after_a_full_pass(nodes: list[Node]) -> None:
    before = gc.get_freeze_count()
    gc.collect()
    await until(lambda: gc.get_freeze_count() >= before + len(nodes), "the survivors frozen")


async def test_what_survives_a_full_pass_is_not_walked_by_the_next():
    kept = [Node() for _ in range(20_000)]
    assert walked_nodes() == len(kept)
    await frozen_after_a_full_pass(kept)
    assert walked_nodes() == 0
    assert all(node.me is node for node in kept)  # frozen, not freed


async def test_cycles_that_died_frozen_are_reclaimed_after_the_period(monkeypatch):
    dead: list[Node] = [DeadNode() for _ in range(5_000)]
    await frozen_after_a_full_pass(dead)
    del dead  # cycles: the frozen nodes outlive their last outside reference
    assert walked_nodes(DeadNode) == 0
    monkeypatch.setattr(collector, "REFRESH_SECONDS", 0.0)
    gc.collect()  # a full pass; after it the collector unfreezes everything
    await until(lambda: gc.get_freeze_count() == 0, "everything unfrozen")
    assert walked_nodes(DeadNode) == 5_000
    gc.collect()  # this pass walks everything and frees the cycles
    assert walked_nodes(DeadNode) == 0
