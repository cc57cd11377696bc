"""Shared runs (app/db/shared_runs.py): a caller never joins a run already under way, callers
queued behind one share the next, a failure reaches every caller of its run."""

import asyncio

import pytest

from app.db.shared_runs import SharedRuns


class Recorder:
    """An action whose runs are counted and can be held open."""

    def __init__(self) -> None:
        self.runs = 0
        self.release = asyncio.Event()
        self.started = asyncio.Event()

    async def __call__(self) -> None:
        self.runs += 1
        self.started.set()
        await self.release.wait()


async def test_callers_during_a_run_share_one_more_run():
    runs, action = SharedRuns(), Recorder()
    first = asyncio.create_task(runs.run("thread 1", action))
    await action.started.wait()
    later = [asyncio.create_task(runs.run("thread 1", action)) for _ in range(5)]
    await asyncio.sleep(0)
    assert action.runs == 1  # nobody joined the run under way
    action.release.set()
    await asyncio.gather(first, *later)
    assert action.runs == 2


async def test_keys_run_apart():
    runs, one, two = SharedRuns(), Recorder(), Recorder()
    one.release.set()
    two.release.set()
    await asyncio.gather(runs.run("a", one), runs.run("b", two), runs.run("a", one))
    assert (one.runs, two.runs) == (1, 1)


async def test_a_failure_reaches_every_caller_of_its_run_and_the_next_run_is_fresh():
    runs, calls = SharedRuns(), []

    async def failing() -> None:
        calls.append("failing")
        await asyncio.sleep(0)
        raise OSError("database gone")

    results = await asyncio.gather(
        runs.run("k", failing), runs.run("k", failing), return_exceptions=True
    )
    assert [type(r) for r in results] == [OSError, OSError]
    assert calls == ["failing"]
    ok = Recorder()
    ok.release.set()
    await runs.run("k", ok)
    assert ok.runs == 1


async def test_a_cancelled_caller_leaves_the_run_to_the_others():
    runs, action = SharedRuns(), Recorder()
    first = asyncio.create_task(runs.run("k", action))
    second = asyncio.create_task(runs.run("k", action))
    await action.started.wait()
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    action.release.set()
    await second
    assert action.runs == 1
