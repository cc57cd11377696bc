"""Background imports (issue 12): 202 with a job, progress and the report from GET, comments
keep being posted while a large import runs, failures leave the site as it was."""

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from app.main import create_app
from tests.builders import ADMIN, SITE_ORIGIN, make_site, post_comment, read_thread
from tests.conftest import make_settings
from tests.dbs import empty_all_tables
from tests.moderation.conftest import bearer, make_token
from tests.porting.builders import wxr, wxr_comment

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
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        state = await job_state(api, job_id)
        if state["status"] in ("done", "failed"):
            return state
        await asyncio.sleep(0.2)
    raise AssertionError(f"job {job_id} still {state['status']} after {wait} s")


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
        while (state := await job_state(api, job["id"]))["status"] not in ("done", "failed"):
            seen.add((state["phase"], state["progress"] > 0))
            await asyncio.sleep(0.05)
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
