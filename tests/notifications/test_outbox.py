"""The outbox: retries, permanent failures, a worker process killed with SIGKILL in the middle of
a delivery, and two worker processes sharing one PostgreSQL database. Messages are produced
through the public API (moderator alerts of new comments); workers are real processes
(`python -m app.cli worker`) or the worker object itself, sending to a real SMTP server."""

import asyncio
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from app.config import Settings
from app.db.session import Database
from app.main import create_app
from app.notifications.mail import EMAIL_KIND, deliver_email, parse_smtp_url
from app.notifications.models import OutboxMessage, OutboxStatus
from app.notifications.outbox import Kind, Kinds
from app.notifications.worker import OutboxWorker
from tests import dbs
from tests.builders import make_site, post_comment
from tests.live import ROOT, server_environment
from tests.notifications.mailbox import Inbox, wait_for
from tests.parts import part
from tests.waiting import until

MOD = "mod@example.org"
STARTUP = 120  # seconds: a fresh interpreter importing the app is slow on a shared machine


@pytest.fixture
def settings(mail_settings: Settings) -> Settings:
    """Email on, but no in-app worker: the test decides who delivers (the shared app and
    client fixtures run with these)."""
    return mail_settings.model_copy(update={"outbox_worker": False})


async def _alerts(client: httpx.AsyncClient, count: int) -> None:
    """`count` outbox messages through the API: an alert per comment on a site alerting on all."""
    await make_site(client, notify_emails=[MOD], notify_on="all")
    for n in range(count):
        await post_comment(client, f"Comment number {n}")


async def _rows(database_url: str) -> list[OutboxMessage]:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            result = await conn.execute(select(OutboxMessage).order_by(OutboxMessage.id))
            return [OutboxMessage(**row._mapping) for row in result]
    finally:
        await engine.dispose()


def _no_backoff_kinds() -> Kinds:
    kinds = Kinds()
    kinds.register(EMAIL_KIND, Kind(deliver=deliver_email, max_attempts=3, backoff=lambda _: 0))
    return kinds


class TestDelivery:
    async def test_temporary_failure_is_retried_and_delivered_once(
        self, client: httpx.AsyncClient, app: FastAPI, inbox: Inbox, settings: Settings
    ) -> None:
        await _alerts(client, 1)
        inbox.refuse_next.append("451 4.3.0 try again later")
        worker = OutboxWorker(part(app, Database), settings, _no_backoff_kinds())
        assert await worker.run_once() == 1
        (row,) = await _rows(settings.database_url)
        assert (row.status, row.attempts) == (OutboxStatus.pending, 1)
        assert row.last_error is not None and "451" in row.last_error
        assert inbox.messages == []
        assert await worker.run_once() == 1
        (row,) = await _rows(settings.database_url)
        assert (row.status, row.attempts, row.last_error) == (OutboxStatus.done, 2, None)
        assert len(inbox.to(MOD)) == 1
        assert await worker.run_once() == 0

    async def test_permanent_failure_gives_up_at_once(
        self, client: httpx.AsyncClient, app: FastAPI, inbox: Inbox, settings: Settings
    ) -> None:
        await _alerts(client, 1)
        inbox.refuse_next.append("550 5.1.1 no such user")
        worker = OutboxWorker(part(app, Database), settings, _no_backoff_kinds())
        assert await worker.run_once() == 1
        (row,) = await _rows(settings.database_url)
        assert (row.status, row.attempts) == (OutboxStatus.dead, 1)
        assert await worker.run_once() == 0

    async def test_attempts_are_capped(
        self, client: httpx.AsyncClient, app: FastAPI, inbox: Inbox, settings: Settings
    ) -> None:
        await _alerts(client, 1)
        inbox.refuse_next.extend(["421 busy"] * 3)
        worker = OutboxWorker(part(app, Database), settings, _no_backoff_kinds())
        for _ in range(4):
            await worker.run_once()
        (row,) = await _rows(settings.database_url)
        assert (row.status, row.attempts) == (OutboxStatus.dead, 3)
        assert inbox.messages == []

    async def test_same_comment_alerts_once(
        self, client: httpx.AsyncClient, app: FastAPI, inbox: Inbox, settings: Settings
    ) -> None:
        await _alerts(client, 2)
        assert len(await _rows(settings.database_url)) == 2


@contextmanager
def worker_process(
    settings: Settings, data_dir: Path, **env: str
) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m app.cli worker` against the test's database and SMTP server."""
    assert settings.smtp_url is not None
    environment = server_environment(
        settings.database_url,
        data_dir,
        {
            "PARLEY_SECRET_KEY": settings.resolved_secret_key(),
            "PARLEY_SMTP_URL": settings.smtp_url.get_secret_value(),
            "PARLEY_MAIL_FROM": settings.mail_from,
            "PARLEY_BASE_URL": settings.base_url or "",
            "PARLEY_OUTBOX_POLL_SECONDS": "0.1",
            **env,
        },
    )
    log = (data_dir / f"worker-{time.monotonic_ns()}.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "worker"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


class TestWorkerProcess:
    async def test_killed_mid_delivery_then_restarted_delivers_exactly_once(
        self, client: httpx.AsyncClient, inbox: Inbox, settings: Settings, tmp_path: Path
    ) -> None:
        await _alerts(client, 1)
        inbox.hold()  # the first delivery will hang inside DATA
        with worker_process(settings, tmp_path, PARLEY_OUTBOX_LEASE_SECONDS="2") as first:
            await asyncio.to_thread(inbox.wait_held, STARTUP)
            first.send_signal(signal.SIGKILL)
            assert first.wait(timeout=10) == -signal.SIGKILL
        inbox.release("451 4.4.2 connection lost")  # the sender died: nothing was acknowledged
        (row,) = await _rows(settings.database_url)
        assert (row.status, row.attempts) == (OutboxStatus.pending, 1)
        assert inbox.messages == []
        with worker_process(settings, tmp_path, PARLEY_OUTBOX_LEASE_SECONDS="2"):
            await wait_for(lambda: len(inbox.messages) == 1, within=STARTUP)
            await asyncio.sleep(3)  # longer than a lease: a second send would show up here
        assert len(inbox.to(MOD)) == 1
        (row,) = await _rows(settings.database_url)
        assert (row.status, row.attempts) == (OutboxStatus.done, 2)

    async def test_sigterm_stops_the_worker(
        self, client: httpx.AsyncClient, inbox: Inbox, settings: Settings, tmp_path: Path
    ) -> None:
        await _alerts(client, 1)
        with worker_process(settings, tmp_path) as process:
            await wait_for(lambda: len(inbox.messages) == 1, within=STARTUP)
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=10) == 0


@pytest.mark.skipif(not dbs.POSTGRES_URL, reason="several workers need PostgreSQL")
class TestTwoWorkers:
    async def test_never_send_one_message_twice(
        self, client: httpx.AsyncClient, inbox: Inbox, settings: Settings, tmp_path: Path
    ) -> None:
        if settings.is_sqlite:
            pytest.skip("SQLite runs one worker")
        count = 40
        await _alerts(client, count)
        small_batches = {"PARLEY_OUTBOX_BATCH_SIZE": "3", "PARLEY_OUTBOX_POLL_SECONDS": "0.05"}
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        with (
            worker_process(settings, tmp_path / "a", **small_batches),
            worker_process(settings, tmp_path / "b", **small_batches),
        ):
            await wait_for(lambda: len(inbox.messages) >= count, within=STARTUP)

            async def all_done() -> bool:
                rows = await _rows(settings.database_url)
                return all(row.status == OutboxStatus.done for row in rows)

            # A done row is never claimed again: any second send has happened by then.
            await until(all_done, "every outbox row to be done", within=STARTUP)
        ids = [message["Message-ID"] for message in inbox.messages]
        assert len(ids) == count
        assert len(set(ids)) == count
        rows = await _rows(settings.database_url)
        assert {(row.status, row.attempts) for row in rows} == {(OutboxStatus.done, 1)}


class TestSmtpUrl:
    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            ("smtp://mail.example", ("mail.example", 25, False, False, None, None)),
            (
                "smtp+starttls://u%40x:p%3Aw@mail.example:2525",
                ("mail.example", 2525, False, True, "u@x", "p:w"),
            ),
            ("smtps://u:p@mail.example", ("mail.example", 465, True, False, "u", "p")),
        ],
    )
    def test_forms(self, url: str, expected: tuple[object, ...]) -> None:
        target = parse_smtp_url(url)
        got = (target.hostname, target.port, target.use_tls, target.start_tls)
        assert (*got, target.username, target.password) == expected

    @pytest.mark.parametrize("url", ["http://mail.example", "smtp://", "mail.example:25"])
    def test_bad_url_refused(self, url: str) -> None:
        with pytest.raises(ValueError, match="PARLEY_SMTP_URL"):
            parse_smtp_url(url)

    async def test_bad_url_stops_the_start(self, mail_settings: Settings) -> None:
        settings = mail_settings.model_copy(update={"smtp_url": SecretStr("smtpx://host")})
        with pytest.raises(ValueError, match="PARLEY_SMTP_URL"):
            async with LifespanManager(create_app(settings)):
                pass
