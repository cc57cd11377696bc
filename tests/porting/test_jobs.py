"""Background imports (issue 12): 202 with a job, progress and the report from GET, comments
keep being posted while a large import runs, failures leave the site as it was."""

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import update

from app.db.base import utcnow
from app.db.session import Database
from app.main import create_app
from app.porting import jobs
from app.porting.models import ImportJob
from tests.builders import ADMIN, SITE_ORIGIN, make_site, post_comment, read_thread
from tests.conftest import make_settings
from tests.dbs import empty_all_tables
from tests.moderation.conftest import bearer, make_token
from tests.parts import part
from tests.porting.builders import wxr, wxr_comment
from tests.waiting import until

JOBS = "/api/v1/admin/sites/blog/imports"


@pytest.fixture
async def api(database_url: str, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(make_settings(database_url, tmp_path, max_import_bytes=64 * 1024 * 1024))
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://testserver", headers={"Origin": SITE_ORIGIN}
        ) as client:
            await make_site(client)
            yield client
    await empty_all_tables(database_url)


async def start(api: httpx.AsyncClient, data: bytes, **params: Any) -> dict[str, Any]:
    response = await api.post(
        JOBS,
        params={"format": "wordpress", **params},
        files={"file": ("export.xml", data, "application/octet-stream")},
        headers=ADMIN,
    )
    assert response.status_code == 202, response.text
    job: dict[str, Any] = response.json()
    return job


async def job_state(api: httpx.AsyncClient, job_id: int) -> dict[str, Any]:
    response = await api.get(f"{JOBS}/{job_id}", headers=ADMIN)
    assert response.status_code == 200, response.text
    state: dict[str, Any] = response.json()
    return state


async def finished(api: httpx.AsyncClient, job_id: int, wait: float = 300) -> dict[str, Any]:
    async def ended() -> dict[str, Any] | None:
        state = await job_state(api, job_id)
        return state if state["status"] in ("done", "failed") else None

    state = await until(ended, f"job {job_id} to finish", within=wait, interval=0.2)
    assert state is not None
    return state


def big_export(posts: int, per_post: int) -> bytes:
    return wxr(
        *(
            (
                post,
                f"{SITE_ORIGIN}/p/{post}/",
                [
                    wxr_comment(
                        post * 1000 + n,
                        parent=post * 1000 + n - 1 if n % 3 else 0,
                        content=f"Comment {n} on post {post}\n\nwith *two* paragraphs " * 4,
                    )
                    for n in range(1, per_post + 1)
                ],
            )
            for post in range(1, posts + 1)
        )
    )


class TestStartImportJob:
    async def test_comments_are_posted_while_a_large_import_runs(
        self, api: httpx.AsyncClient
    ) -> None:
        data = big_export(posts=100, per_post=80)  # 8,000 comments
        job = await start(api, data)
        assert (job["status"], job["bytes_total"], job["report"]) == ("queued", len(data), None)
        posted = await post_comment(api, "posted during the import")
        during = await job_state(api, job["id"])
        assert during["status"] in ("queued", "running"), during
        assert posted["id"]
        done = await finished(api, job["id"])
        assert (done["status"], done["progress"], done["phase"]) == ("done", 1.0, "finished")
        assert (done["report"]["threads_created"], done["report"]["comments"]) == (100, 8_000)
        page = await read_thread(api, f"{SITE_ORIGIN}/p/7/")
        assert page["thread"]["comment_count"] == 80
        assert [c["body_html"] for c in (await read_thread(api))["comments"]] == [
            "<p>posted during the import</p>"
        ]

    async def test_progress_is_reported(self, api: httpx.AsyncClient) -> None:
        job = await start(api, big_export(posts=40, per_post=50))
        seen = set()

        async def ended() -> dict[str, Any] | None:
            state = await job_state(api, job["id"])
            if state["status"] in ("done", "failed"):
                return state
            seen.add((state["phase"], state["progress"] > 0))
            return None

        state = await until(ended, "the job to finish", within=300)
        assert state is not None
        assert state["status"] == "done"
        assert state["bytes_read"] == state["bytes_total"]
        assert seen <= {("reading", False), ("reading", True), ("writing", True)}

    async def test_a_malformed_file_fails_and_writes_nothing(self, api: httpx.AsyncClient) -> None:
        data = big_export(posts=3, per_post=5).replace(b"</channel>", b"</chanel>")
        state = await finished(api, (await start(api, data))["id"])
        assert state["status"] == "failed"
        assert "malformed XML" in state["error"]
        assert (await read_thread(api, f"{SITE_ORIGIN}/p/1/"))["thread"]["comment_count"] == 0

    async def test_a_strict_refusal_fails_and_writes_nothing(self, api: httpx.AsyncClient) -> None:
        data = wxr(
            (1, f"{SITE_ORIGIN}/p/1/", [wxr_comment(1)]),
            (2, f"{SITE_ORIGIN}/p/2/", [wxr_comment(2, parent=99)]),
        )
        state = await finished(api, (await start(api, data, strict="true"))["id"])
        assert (state["status"], state["error"]) == (
            "failed",
            "item 2 ('Post 2'), comment 2: its parent 99 is not in the file",
        )
        assert (await read_thread(api, f"{SITE_ORIGIN}/p/1/"))["thread"]["comment_count"] == 0
        tolerant = await finished(api, (await start(api, data))["id"])
        assert tolerant["report"]["adjusted"] == {"parent-missing": 1}


class TestReadImportJob:
    async def test_unknown_job(self, api: httpx.AsyncClient) -> None:
        response = await api.get(f"{JOBS}/12345", headers=ADMIN)
        assert response.status_code == 404
        assert (await api.get(f"{JOBS}/99999999999", headers=ADMIN)).status_code == 422

    async def test_another_sites_job_is_not_found(self, api: httpx.AsyncClient) -> None:
        job = await start(api, wxr((1, f"{SITE_ORIGIN}/p/1/", [wxr_comment(1)])))
        await finished(api, job["id"])
        await make_site(api, "other", origins=["https://other.example"])
        other = await api.get(f"/api/v1/admin/sites/other/imports/{job['id']}", headers=ADMIN)
        assert other.status_code == 404
        token = bearer((await make_token(api, "other", "other"))["token"])
        assert (await api.get(f"{JOBS}/{job['id']}", headers=token)).status_code == 403


LOST_AFTER = jobs.STALE_AFTER + timedelta(seconds=1)


async def add_job(database: Database, status: str, silent_for: timedelta) -> int:
    """A job row as another process left it, last refreshed `silent_for` ago."""
    async with database.write_sessions() as session:
        job = ImportJob(
            site_id="blog",
            format="wordpress",
            actor="root",
            status=status,
            phase="reading",
            updated_at=utcnow() - silent_for,
        )
        session.add(job)
        await session.commit()
        return job.id


async def row(database: Database, job_id: int) -> ImportJob:
    async with database.read_sessions() as session:
        job = await session.get(ImportJob, job_id)
        assert job is not None
        return job


class TestJobsOfAProcessThatIsGone:
    async def test_another_process_marks_them_failed_when_it_starts(
        self, database_url: str, tmp_path: Path, api: httpx.AsyncClient
    ) -> None:
        first: FastAPI = api._transport.app  # type: ignore[attr-defined]
        database: Database = part(first, Database)
        lost = await add_job(database, "running", LOST_AFTER)
        queued = await add_job(database, "queued", LOST_AFTER * 3)
        alive = await add_job(database, "running", timedelta(seconds=1))  # heartbeating elsewhere
        done = await add_job(database, "done", LOST_AFTER * 3)
        second = create_app(make_settings(database_url, tmp_path / "second"))
        async with LifespanManager(second):

            async def reaped() -> bool:
                return (await row(database, queued)).status == "failed"

            await until(reaped, "the gone process's jobs to be marked failed", within=60)
            states = {job: (await row(database, job)).status for job in (lost, alive, done)}
            assert states == {lost: "failed", alive: "running", done: "done"}
            transport = httpx.ASGITransport(app=second)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                shown = (await client.get(f"{JOBS}/{lost}", headers=ADMIN)).json()
        assert (shown["status"], shown["error"]) == ("failed", jobs.INTERRUPTED)
        assert (await job_state(api, alive))["status"] == "running"

    async def test_a_running_job_keeps_its_row_fresh(self, api: httpx.AsyncClient) -> None:
        app: FastAPI = api._transport.app  # type: ignore[attr-defined]
        database: Database = part(app, Database)
        job = await start(api, big_export(posts=100, per_post=80))
        async with database.write_sessions() as session:  # make it look silent
            await session.execute(
                update(ImportJob)
                .where(ImportJob.id == job["id"])
                .values(updated_at=utcnow() - LOST_AFTER * 2)
            )
            await session.commit()

        async def refreshed() -> bool:
            return utcnow() - (await row(database, job["id"])).updated_at < jobs.STALE_AFTER

        await until(refreshed, "the job's heartbeat to be refreshed", within=60)
        assert await jobs.reap_jobs(database) == 0  # what another process starting would do
        assert (await finished(api, job["id"]))["status"] == "done"

    async def test_stopping_the_server_fails_its_jobs(
        self, database_url: str, tmp_path: Path, api: httpx.AsyncClient
    ) -> None:
        other = create_app(make_settings(database_url, tmp_path / "other", max_import_bytes=2**26))
        async with LifespanManager(other):
            transport = httpx.ASGITransport(app=other)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                job = await start(client, big_export(posts=100, per_post=80))
        state = await job_state(api, job["id"])
        assert (state["status"], state["error"]) == ("failed", jobs.INTERRUPTED)
        assert (await read_thread(api, f"{SITE_ORIGIN}/p/1/"))["thread"]["comment_count"] == 0
