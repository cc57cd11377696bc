"""`python -m app.cli worker`: the outbox worker as its own process (for a separate deployment;
run the app with PARLEY_OUTBOX_WORKER=false then). Stops on SIGTERM or Ctrl-C."""

import argparse
import asyncio
import contextlib
import signal
import sys
from typing import Any

from app.config import Settings
from app.db.session import Database
from app.notifications.delivery import delivery_kinds
from app.notifications.worker import OutboxWorker


async def worker_command(args: argparse.Namespace, database: Database, settings: Settings) -> None:
    worker = OutboxWorker(database, settings, delivery_kinds(settings))
    if args.once:
        sys.stdout.write(f"delivered {await worker.run_once()} message(s)\n")
        return
    kinds = ", ".join(worker.kinds.kinds) or "nothing (no kind configured)"
    sys.stderr.write(f"outbox worker: delivering {kinds}\n")
    sys.stderr.flush()
    task = asyncio.current_task()
    assert task is not None
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):
        loop.add_signal_handler(signal.SIGTERM, task.cancel)
    with contextlib.suppress(asyncio.CancelledError):
        await worker.run()


def add_worker_command(commands: Any) -> None:
    parser = commands.add_parser("worker", help="deliver the outbox (emails, webhooks)")
    parser.add_argument("--once", action="store_true", help="deliver what is due, then exit")
    parser.set_defaults(run=worker_command)
