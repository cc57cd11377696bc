"""The admin porting endpoints over HTTP, and what the widget then reads."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from app.main import create_app
from tests.builders import ADMIN, SITE_ORIGIN, make_site, read_thread
from tests.conftest import make_settings
from tests.dbs import empty_all_tables
from tests.porting.builders import sample_isso, wxr, wxr_comment
from tests.porting.conftest import FIXTURES
from tests.porting.oddities import disqus, disqus_post_without_id, disqus_thread

IMPORT = "/api/v1/admin/sites/blog/import"
WXR = (FIXTURES / "wordpress-1.2.xml").read_bytes()
TO_BLOG = {"map_origin": f"https://old.example={SITE_ORIGIN}"}


@pytest.fixture
async def api(database_url: str, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(database_url, tmp_path, max_import_bytes=64 * 1024)
    app = create_app(settings)
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://testserver", headers={"Origin": SITE_ORIGIN}
        ) as client:
            yield client
    await empty_all_tables(database_url)


async def upload(
    api: httpx.AsyncClient, data: bytes, fmt: str = "wordpress", **params: Any
) -> httpx.Response:
    return await api.post(
        IMPORT,
        params={"format": fmt, **params},
        files={"file": ("export.xml", data, "application/octet-stream")},
        headers=ADMIN,
    )


def authors(comments: list[dict[str, Any]]) -> list[Any]:
    return [[c["author"]["name"], authors(c["replies"])] for c in comments]


class TestImportEndpoint:
    async def test_the_widget_shows_the_thread_as_the_old_blog_did(
        self, api: httpx.AsyncClient
    ) -> None:
        await make_site(api)
        response = await upload(api, WXR, **TO_BLOG)
        assert response.status_code == 200, response.text
        report = response.json()
        assert (report["threads_created"], report["comments"]) == (2, 10)
        assert report["skipped"] == {"pingback": 1, "trackback": 1}
        page = await read_thread(api, f"{SITE_ORIGIN}/2012/01/hello-world/")
        assert page["thread"]["title"] == "Hello world & friends"
        assert authors(page["comments"]) == [
            ["Jörg Müller", [["admin", [["Jörg Müller", [["Zoë", [["Ana", []]]]]]]]]],
        ]
        first = page["comments"][0]
        assert first["created_at"].startswith("2012-01-03T08:00:00")
        assert first["author"]["website"] == "https://joerg.example.de/"
        assert "email" not in str(first["author"])
        assert first["body_html"].startswith("<p>First paragraph,<br>")
        tokyo = await read_thread(api, f"{SITE_ORIGIN}/2012/07/tokyo/")
        assert tokyo["thread"]["closed"] is True
        assert authors(tokyo["comments"]) == [["李小龍", [["Old Timer", []]]]]

    async def test_a_second_upload_changes_nothing(self, api: httpx.AsyncClient) -> None:
        await make_site(api)
        await upload(api, WXR, **TO_BLOG)
        before = await read_thread(api, f"{SITE_ORIGIN}/2012/01/hello-world/")
        again = (await upload(api, WXR, **TO_BLOG)).json()
        assert (again["comments"], again["skipped"]["already-imported"]) == (0, 10)
        assert await read_thread(api, f"{SITE_ORIGIN}/2012/01/hello-world/") == before
        # Issue 23.17: every skip has its reason, with the first source ids.
        reasons = {r["reason"]: r for r in again["reasons"]}
        assert (
            set(reasons) == set(again["skipped"]) == {"already-imported", "pingback", "trackback"}
        )
        assert reasons["already-imported"]["count"] == 10
        assert reasons["already-imported"]["source_ids"][0].startswith("wordpress:")

    async def test_a_dry_run_writes_nothing(self, api: httpx.AsyncClient) -> None:
        await make_site(api)
        report = (await upload(api, WXR, dry_run="true", **TO_BLOG)).json()
        assert (report["dry_run"], report["comments"]) == (True, 10)
        page = await read_thread(api, f"{SITE_ORIGIN}/2012/01/hello-world/")
        assert page["thread"]["comment_count"] == 0

    async def test_a_bad_file_is_a_problem_and_nothing_is_written(
        self, api: httpx.AsyncClient
    ) -> None:
        await make_site(api)
        link = f"{SITE_ORIGIN}/a/"
        bad = wxr((1, link, [wxr_comment(1)]), (2, f"{SITE_ORIGIN}/b/", [wxr_comment(3, parent=2)]))
        response = await upload(api, bad, strict="true")
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json() == {
            "type": "/problems/invalid-input",
            "title": "Import failed",
            "status": 422,
            "detail": "item 2 ('Post 2'), comment 3: its parent 2 is not in the file",
        }
        assert (await read_thread(api, link))["thread"]["comment_count"] == 0

    async def test_a_file_over_the_limit_is_refused(self, api: httpx.AsyncClient) -> None:
        await make_site(api)
        response = await upload(api, b" " * (65 * 1024))
        assert response.status_code == 413
        assert response.json()["type"] == "/problems/payload-too-large"

    async def test_every_comment_of_real_exports_is_kept(self, api: httpx.AsyncClient) -> None:
        """Issue 23.14-16: ids reused on another post, a post without dsq:id, and approval
        values WordPress would not show."""
        await make_site(api)
        a, b = f"{SITE_ORIGIN}/a/", f"{SITE_ORIGIN}/b/"
        merged = wxr(
            (1, a, [wxr_comment(1), wxr_comment(2, parent=1, approved="")]),
            (2, b, [wxr_comment(1, content="b1"), wxr_comment(2, parent=1, content="b2")]),
        )
        report = (await upload(api, merged)).json()
        assert (report["comments"], report["skipped"]) == (4, {})
        assert report["adjusted"] == {"id-scoped": 2, "unknown-status": 1}
        assert authors((await read_thread(api, b))["comments"]) == [
            ["Author 1", [["Author 2", []]]]
        ]
        assert authors((await read_thread(api, a))["comments"]) == [["Author 1", []]]
        nameless = disqus(
            disqus_thread("7", link=f"{SITE_ORIGIN}/c/"), disqus_post_without_id("x", "7")
        )
        report = (await upload(api, nameless, "disqus")).json()
        assert (report["comments"], report["adjusted"]) == (1, {"id-from-content": 1})
        again = (await upload(api, nameless, "disqus")).json()
        assert (again["comments"], again["skipped"]) == (0, {"already-imported": 1})

    async def test_an_isso_database(self, api: httpx.AsyncClient, tmp_path: Path) -> None:
        await make_site(api)
        data = sample_isso(tmp_path / "comments.db").read_bytes()
        report = (await upload(api, data, "isso")).json()
        assert report["comments"] == 7
        page = await read_thread(api, f"{SITE_ORIGIN}/2019/hello-world/")
        assert page["comments"][0]["score"] == 3

    async def test_admin_credentials_are_required(self, api: httpx.AsyncClient) -> None:
        await make_site(api)
        response = await api.post(
            IMPORT, params={"format": "wordpress"}, files={"file": ("x.xml", WXR)}
        )
        assert response.status_code == 401

    async def test_an_unknown_format(self, api: httpx.AsyncClient) -> None:
        await make_site(api)
        response = await upload(api, WXR, "blogger")
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["query", "format"]

    async def test_an_unknown_site(self, api: httpx.AsyncClient) -> None:
        response = await upload(api, WXR)
        assert response.status_code == 404


class TestExportEndpoint:
    async def test_the_site_streams_as_parley_json(self, api: httpx.AsyncClient) -> None:
        await make_site(api)
        await upload(api, WXR, **TO_BLOG)
        response = await api.get("/api/v1/admin/sites/blog/export", headers=ADMIN)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert "blog-parley-export.json" in response.headers["content-disposition"]
        document = response.json()
        assert (document["format"], document["site"]["id"]) == ("parley", "blog")
        assert sum(r["type"] == "comment" for r in document["records"]) == 10
        audit = await api.get("/api/v1/admin/sites/blog/audit", headers=ADMIN)
        assert [e["action"] for e in audit.json()["entries"]][:2] == ["export", "import"]

    async def test_export_then_import_into_another_site(self, api: httpx.AsyncClient) -> None:
        await make_site(api)
        await make_site(api, "copy")
        await upload(api, WXR, **TO_BLOG)
        document = (await api.get("/api/v1/admin/sites/blog/export", headers=ADMIN)).content
        response = await api.post(
            "/api/v1/admin/sites/copy/import",
            params={"format": "parley"},
            files={"file": ("blog.json", document)},
            headers=ADMIN,
        )
        assert response.json()["comments"] == 10
        original = await read_thread(api, f"{SITE_ORIGIN}/2012/01/hello-world/")
        copied = await read_thread(api, f"{SITE_ORIGIN}/2012/01/hello-world/", site_id="copy")
        assert authors(copied["comments"]) == authors(original["comments"])

    async def test_an_unknown_site(self, api: httpx.AsyncClient) -> None:
        response = await api.get("/api/v1/admin/sites/nope/export", headers=ADMIN)
        assert response.status_code == 404


class TestGarbage:
    @pytest.mark.parametrize("fmt", ["wordpress", "disqus", "isso", "parley"])
    @pytest.mark.parametrize(
        "data",
        [b"", b"\x00\xff\xfe garbage \x80", b"<rss></rss>", b'{"format": "parley"}', b"[]"],
        ids=["empty", "binary", "bare-rss", "json", "json-array"],
    )
    async def test_any_file_is_a_422_never_a_500(
        self, api: httpx.AsyncClient, fmt: str, data: bytes
    ) -> None:
        await make_site(api)
        response = await upload(api, data, fmt)
        assert response.status_code == 422, response.text
        assert response.json()["title"] == "Import failed"
