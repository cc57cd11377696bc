"""Commento / Comentario and Remark42 (issue 12): nesting, authors, dates and statuses kept;
re-importing changes nothing."""

import gzip
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.models import CommentStatus
from app.porting.records import ImportFailed
from app.porting.schemas import ImportFormat
from app.sites.models import Site
from tests.porting.conftest import FIXTURES, comments_by_source, count_comments
from tests.porting.test_import import OLD_TO_NEW, run_import, threads_by_url

COMMENTO = (FIXTURES / "commento.json").read_bytes()
REMARK42 = (FIXTURES / "remark42.txt").read_bytes()


class TestCommentoImport:
    async def test_nesting_authors_dates_and_statuses(
        self, session: AsyncSession, site: Site
    ) -> None:
        report = await run_import(session, ImportFormat.commento, COMMENTO, map_origin=OLD_TO_NEW)
        assert (report.threads_created, report.comments, report.skipped) == (2, 6, {})
        threads = await threads_by_url(session)
        hello, about = (
            threads["https://new.example/2020/hello"],
            threads["https://new.example/about"],
        )
        found = await comments_by_source(session)
        c1, c2, c3 = found["commento:c1"], found["commento:c2"], found["commento:c3"]
        assert (c1.thread_id, c1.parent_id, c1.depth) == (hello.id, None, 0)
        assert (c2.parent_id, c3.parent_id, c3.depth, c3.root_id) == (c1.id, c2.id, 2, c1.id)
        assert (c1.author_name, c1.author_email, c1.author_website) == (
            "Ana",
            "ana@example.org",
            "https://ana.example",
        )
        assert (c2.author_name, c2.author_email) == ("Anonymous", None)
        assert (found["commento:c4"].author_name, found["commento:c4"].author_website) == (
            "Jörg",
            None,
        )
        assert c1.created_at == datetime(2020, 1, 1, 10, 0, tzinfo=UTC)
        assert c3.created_at == datetime(2020, 1, 1, 12, 30, 0, 123456, tzinfo=UTC)
        assert c1.body == "First! *nice*"
        assert c1.body_html == "<p>First! <em>nice</em></p>"
        assert c1.score == 3
        assert found["commento:c4"].status is CommentStatus.pending
        assert found["commento:c5"].status is CommentStatus.deleted
        assert found["commento:c6"].status is CommentStatus.spam
        assert found["commento:c6"].thread_id == about.id

    async def test_reimport_changes_nothing(self, session: AsyncSession, site: Site) -> None:
        await run_import(session, ImportFormat.commento, COMMENTO, map_origin=OLD_TO_NEW)
        before = {
            k: (c.id, c.parent_id, c.body) for k, c in (await comments_by_source(session)).items()
        }
        again = await run_import(session, ImportFormat.commento, COMMENTO, map_origin=OLD_TO_NEW)
        assert (again.comments, again.threads_created, again.skipped) == (
            0,
            0,
            {"already-imported": 6},
        )
        after = {
            k: (c.id, c.parent_id, c.body) for k, c in (await comments_by_source(session)).items()
        }
        assert after == before

    async def test_without_mapping_the_pages_keep_their_domain(
        self, session: AsyncSession, site: Site
    ) -> None:
        report = await run_import(session, ImportFormat.commento, COMMENTO)
        assert "https://old.example/about" in await threads_by_url(session)
        assert any("https://old.example" in w and "--map-origin" in w for w in report.warnings)

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"", "Commento export: the file is empty"),
            (b'{"version": 1}', 'Commento export: not a Commento export (no "comments" array)'),
            (b'{"version": 9, "comments": []}', "Commento export: unsupported version 9"),
            (b"[" * 100_000, "Commento export: JSON nested deeper than 32 levels"),
        ],
        ids=["empty", "no-comments", "version", "deep-nesting"],
    )
    async def test_broken_files(
        self, session: AsyncSession, site: Site, data: bytes, message: str
    ) -> None:
        with pytest.raises(ImportFailed) as caught:
            await run_import(session, ImportFormat.commento, data)
        assert (caught.value.detail or "").startswith(message)
        assert await count_comments(session) == 0


class TestRemark42Import:
    @pytest.mark.parametrize("compressed", [False, True], ids=["plain", "gzip"])
    async def test_nesting_authors_dates_and_deleted(
        self, session: AsyncSession, site: Site, compressed: bool
    ) -> None:
        data = gzip.compress(REMARK42) if compressed else REMARK42
        report = await run_import(session, ImportFormat.remark42, data, map_origin=OLD_TO_NEW)
        assert (report.threads_created, report.comments, report.skipped) == (2, 5, {})
        threads = await threads_by_url(session)
        hello = threads["https://new.example/2020/hello"]
        assert hello.title == "Hello post"
        found = await comments_by_source(session)
        r1, r2, r3 = found["remark42:r1"], found["remark42:r2"], found["remark42:r3"]
        assert (r1.parent_id, r2.parent_id, r3.parent_id, r3.depth) == (None, r1.id, r2.id, 2)
        assert (r1.thread_id, r1.author_name, r1.identity_id) == (hello.id, "Ana", None)
        assert r1.created_at == datetime(2020, 1, 1, 10, 0, 0, 500000, tzinfo=UTC)
        assert r1.body == "First **bold**"
        assert r1.body_html == "<p>First <b>bold</b> and </p>"
        assert found["remark42:r4"].status is CommentStatus.deleted
        assert found["remark42:r5"].thread_id == threads["https://new.example/other"].id

    async def test_reimport_changes_nothing(self, session: AsyncSession, site: Site) -> None:
        await run_import(session, ImportFormat.remark42, REMARK42, map_origin=OLD_TO_NEW)
        again = await run_import(
            session, ImportFormat.remark42, gzip.compress(REMARK42), map_origin=OLD_TO_NEW
        )
        assert (again.comments, again.threads_created) == (0, 0)
        assert again.skipped == {"already-imported": 5}
        assert await count_comments(session) == 5

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"", "Remark42 backup: the file is empty"),
            (b'{"id": "x"}\n', "Remark42 backup: line 1: not a Remark42 backup"),
            (b"\x1f\x8bnot gzip", "Remark42 backup: not a readable gzip file"),
            (
                b'{"version": 1, "users": []}\n{"id": "x",\n',
                "Remark42 backup: line 2: malformed JSON",
            ),
        ],
        ids=["empty", "no-metadata", "bad-gzip", "malformed-line"],
    )
    async def test_broken_files(
        self, session: AsyncSession, site: Site, data: bytes, message: str
    ) -> None:
        with pytest.raises(ImportFailed) as caught:
            await run_import(session, ImportFormat.remark42, data)
        assert (caught.value.detail or "").startswith(message)
        assert await count_comments(session) == 0


class TestRemark42Bombs:
    async def test_a_decompression_bomb_is_refused(self, session: AsyncSession, site: Site) -> None:
        bomb = gzip.compress(b'{"version": 1, "users": []}\n' + b" " * (64 * 1024 * 1024))
        with pytest.raises(ImportFailed, match="the gzip file expands more than 200×"):
            await run_import(session, ImportFormat.remark42, bomb)
