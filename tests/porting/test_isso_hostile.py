"""An Isso upload is an SQLite file of the sender's choosing (issue 23, item 7): it is opened
read-only, must hold Isso's own tables as real tables, and its reading is bounded in steps."""

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager

from app.main import create_app
from app.porting import isso
from app.porting.records import CommentRecord, ImportFailed
from tests.builders import ADMIN, SITE_ORIGIN, make_site
from tests.conftest import make_settings
from tests.dbs import empty_all_tables
from tests.porting.builders import ISSO_SCHEMA, IssoComment, build_isso, sample_isso

IMPORT = "/api/v1/admin/sites/blog/import"
# Counting to a billion in a recursive CTE: minutes of CPU if anything ever ran it.
RECURSIVE = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) "
    "SELECT i AS id, 'u' || i AS uri, 't' AS title FROM n"
)


@pytest.fixture
async def api(database_url: str, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(make_settings(database_url, tmp_path, max_import_bytes=4 * 1024 * 1024))
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://testserver", headers={"Origin": SITE_ORIGIN}
        ) as client:
            await make_site(client)
            yield client
    await empty_all_tables(database_url)


def crafted(path: Path, script: str) -> bytes:
    """An SQLite file made by `script` (Isso's schema is not included unless it says so)."""
    with sqlite3.connect(path) as conn:
        conn.executescript(script)
    conn.close()
    return path.read_bytes()


COMMENTS = ISSO_SCHEMA.split("CREATE TABLE IF NOT EXISTS comments", 1)[1].split(";", 1)[0]
COMMENTS_TABLE = f"CREATE TABLE comments {COMMENTS};"
HOSTILE = {
    "a view named threads": (
        f"{COMMENTS_TABLE} CREATE VIEW threads AS {RECURSIVE};",
        "it holds view 'threads'",
    ),
    "a view in the comments' place": (
        "CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR, title VARCHAR);"
        "CREATE VIEW comments AS SELECT * FROM threads;",
        "it holds view 'comments'",
    ),
    "a trigger": (
        ISSO_SCHEMA + "CREATE TRIGGER spin AFTER INSERT ON threads BEGIN SELECT 1; END;",
        "it holds trigger 'spin'",
    ),
    "a virtual table": (
        f"{COMMENTS_TABLE} CREATE VIRTUAL TABLE threads USING fts5(id, uri, title);",
        "'threads' is a virtual table",
    ),
    "a generated column": (
        "CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR,"
        " title VARCHAR GENERATED ALWAYS AS (printf('%.*c', 900000000, 'x')));" + COMMENTS_TABLE,
        "threads.title is a generated column",
    ),
    "another table": (
        ISSO_SCHEMA + "CREATE TABLE extra (x);",
        "it holds table 'extra'",
    ),
    "a missing column": (
        "CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR);" + COMMENTS_TABLE,
        "missing columns title",
    ),
}


class TestHostileIssoFiles:
    @pytest.mark.parametrize("case", HOSTILE)
    async def test_is_refused_before_anything_is_read(
        self, api: httpx.AsyncClient, tmp_path: Path, case: str
    ) -> None:
        script, detail = HOSTILE[case]
        response = await api.post(
            IMPORT,
            params={"format": "isso"},
            files={"file": ("comments.db", crafted(tmp_path / "x.db", script))},
            headers=ADMIN,
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert detail in response.json()["detail"]
        assert response.json()["detail"].startswith("Isso database: not an Isso database")

    async def test_not_an_sqlite_file(self, api: httpx.AsyncClient) -> None:
        response = await api.post(
            IMPORT,
            params={"format": "isso"},
            files={"file": ("comments.db", b"SQLite format 3\x00" + b"\xff" * 4000)},
            headers=ADMIN,
        )
        assert response.status_code == 422
        assert response.json()["detail"].startswith("Isso database:")

    async def test_isso_own_database_with_its_trigger_is_read(
        self, api: httpx.AsyncClient, tmp_path: Path
    ) -> None:
        data = sample_isso(tmp_path / "comments.db").read_bytes()
        assert b"remove_stale_threads" in data
        response = await api.post(
            IMPORT, params={"format": "isso"}, files={"file": ("c.db", data)}, headers=ADMIN
        )
        assert response.status_code == 200, response.text
        assert response.json()["comments"] == 7


def _read(path: Path) -> list[object]:
    return list(isso.parse_isso(path, base_url="https://new.example/"))


class TestBoundedWork:
    def test_reading_stops_at_the_step_budget(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        comments = [IssoComment(i, 1, f"comment {i}") for i in range(1, 301)]
        path = build_isso(tmp_path / "c.db", [(1, "/a/", "A")], comments)
        assert sum(isinstance(r, CommentRecord) for r in _read(path)) == 300
        monkeypatch.setattr(isso, "STEPS_FLOOR", 0)
        monkeypatch.setattr(isso, "STEPS_PER_BYTE", 0)
        with pytest.raises(ImportFailed, match="took more than 0 steps"):
            _read(path)

    @pytest.mark.parametrize("case", HOSTILE)
    def test_hostile_files_are_refused_within_a_few_thousand_steps(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
    ) -> None:
        monkeypatch.setattr(isso, "STEPS_FLOOR", 5_000)
        monkeypatch.setattr(isso, "STEPS_PER_BYTE", 0)
        script, detail = HOSTILE[case]
        path = tmp_path / "x.db"
        crafted(path, script)
        with pytest.raises(ImportFailed) as caught:
            _read(path)
        assert detail in (caught.value.detail or "")  # not "took more than 5,000 steps"

    def test_values_are_bounded_in_length(self, tmp_path: Path) -> None:
        path = sample_isso(tmp_path / "c.db")
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE comments SET text = ? WHERE id = 1", ("x" * 1_100_000,))
        conn.close()
        with pytest.raises(ImportFailed, match="Isso database: unreadable"):
            _read(path)

    def test_the_file_is_opened_read_only(self, tmp_path: Path) -> None:
        path = sample_isso(tmp_path / "c.db")
        conn, _ = isso._connect(path)
        try:
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                conn.execute("DELETE FROM comments")
        finally:
            conn.close()
