"""Tolerant imports (issue 12): every oddity real exports contain is imported sensibly or
skipped, and reported by reason with source ids; --strict refuses each and leaves nothing."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.porting.records import ImportFailed
from app.porting.schemas import ImportFormat, ImportReport
from app.sites.models import Site
from tests.porting.builders import wxr_comment
from tests.porting.conftest import FIXTURES, comments_by_source, count_comments, count_threads
from tests.porting.oddities import (
    NEW,
    disqus,
    disqus_post,
    disqus_post_without_id,
    disqus_thread,
    wp_comment_dates,
    wxr_comment_approval,
    wxr_item,
    wxr_ns,
)
from tests.porting.test_import import run_import, threads_by_url

WP, DQ = ImportFormat.wordpress, ImportFormat.disqus
POST_DATE = "<wp:post_date_gmt>2011-05-05 05:05:05</wp:post_date_gmt>"


@dataclass
class Case:
    fmt: ImportFormat
    data: bytes
    comments: int
    skipped: dict[str, int] = field(default_factory=dict)
    adjusted: dict[str, int] = field(default_factory=dict)
    threads_skipped: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)  # reason → first source ids
    strict: str | None = None  # what the strict refusal says (None: strict imports it too)


CASES = {
    "wxr-https-namespace": Case(
        WP,
        wxr_ns("https://wordpress.org/export/1.2/", (1, f"{NEW}/a/", [wxr_comment(1)])),
        1,
        examples={"namespace-variant": ["https://wordpress.org/export/1.2/"]},
        strict="is not http://wordpress.org/export/1.x/",
    ),
    "wxr-1.0": Case(
        WP, wxr_ns("http://wordpress.org/export/1.0/", (1, f"{NEW}/a/", [wxr_comment(1)])), 1
    ),
    "wxr-1.1-https-no-slash": Case(
        WP,
        wxr_ns("https://wordpress.org/export/1.1", (1, f"{NEW}/a/", [wxr_comment(1)])),
        1,
        strict="namespace",
    ),
    "wxr-no-date": Case(
        WP,
        wxr_item(
            f"<title>P</title><link>{NEW}/a/</link><wp:post_id>1</wp:post_id>{POST_DATE}",
            [wp_comment_dates(1, None, None), wp_comment_dates(2, "", "")],
        ),
        2,
        adjusted={"date-from-post": 2},
        examples={"date-from-post": ["wordpress:1", "wordpress:2"]},
        strict="comment 1: no wp:comment_date_gmt; no wp:comment_date",
    ),
    "wxr-zero-dates": Case(
        WP,
        wxr_item(
            f"<title>P</title><link>{NEW}/a/</link><wp:post_id>1</wp:post_id>",
            [wp_comment_dates(1, "0000-00-00 00:00:00", "0000-00-00 00:00:00")],
        ),
        1,
        adjusted={"date-from-import": 1},
        strict="comment 1: no wp:comment_date_gmt; no wp:comment_date",
    ),
    "wxr-local-date-only": Case(
        WP,
        wxr_item(
            f"<title>P</title><link>{NEW}/a/</link><wp:post_id>1</wp:post_id>",
            [wp_comment_dates(1, "0000-00-00 00:00:00", "2012-02-02 02:02:02")],
        ),
        1,
        # Today's behaviour, kept in strict mode: the local date is taken as UTC.
        adjusted={"date-local": 1},
        examples={"date-local": ["wordpress:1"]},
    ),
    "wxr-no-post-id": Case(
        WP,
        wxr_item(
            f"<title>P</title><link>{NEW}/a/</link>", [wxr_comment(1), wxr_comment(2, parent=1)]
        ),
        2,
        examples={"keyed-by-link": [f"{NEW}/a/"]},
        strict="no <wp:post_id>",
    ),
    "wxr-no-link": Case(
        WP,
        wxr_item("<title>P</title><wp:post_id>7</wp:post_id>", [wxr_comment(1), wxr_comment(2)]),
        0,
        skipped={"thread-skipped": 2},
        threads_skipped={"no-link": 1},
        examples={"thread-skipped": ["wordpress:1", "wordpress:2"], "no-link": ["7"]},
        strict="item 7 ('P'): an <item> with comments but no <link>",
    ),
    "wxr-no-comment-id": Case(
        WP,
        wxr_item(
            f"<title>P</title><link>{NEW}/a/</link><wp:post_id>1</wp:post_id>",
            [wxr_comment(1), wxr_comment(2).replace("<wp:comment_id>2</wp:comment_id>", "")],
        ),
        1,
        skipped={"no-id": 1},
        strict="a <wp:comment> without <wp:comment_id>",
    ),
    "wxr-repeated-ids": Case(
        WP,
        wxr_ns(
            "http://wordpress.org/export/1.2/",
            (1, f"{NEW}/a/", [wxr_comment(1), wxr_comment(1, content="again")]),
            (2, f"{NEW}/b/", [wxr_comment(1, content="elsewhere")]),
        ),
        2,
        skipped={"duplicate-id": 1},
        adjusted={"id-scoped": 1},
        examples={"duplicate-id": ["wordpress:1"], "id-scoped": ["wordpress:2/1"]},
        strict="the same id appears twice",
    ),
    # Issue 23.15: WordPress's importer scopes comment ids to their post (merged sites).
    "wxr-ids-reused-across-posts": Case(
        WP,
        wxr_ns(
            "http://wordpress.org/export/1.2/",
            (1, f"{NEW}/a/", [wxr_comment(1), wxr_comment(2, parent=1)]),
            (2, f"{NEW}/b/", [wxr_comment(2, parent=1), wxr_comment(1), wxr_comment(3, parent=2)]),
        ),
        5,
        adjusted={"id-scoped": 2},
        examples={"id-scoped": ["wordpress:2/1", "wordpress:2/2"]},
    ),
    # Issue 23.16: WordPress shows a comment only when comment_approved is 1.
    "wxr-approval-not-1": Case(
        WP,
        wxr_ns(
            "http://wordpress.org/export/1.2/",
            (
                1,
                f"{NEW}/a/",
                [
                    wxr_comment_approval(1, ""),
                    wxr_comment_approval(2, None),
                    wxr_comment_approval(3, "approve"),
                    wxr_comment_approval(4, "1"),
                    wxr_comment_approval(5, "spam"),
                ],
            ),
        ),
        5,
        adjusted={"unknown-status": 3},
        examples={"unknown-status": ["wordpress:1", "wordpress:2", "wordpress:3"]},
        strict="comment 1: unknown wp:comment_approved value ''",
    ),
    # Issue 23.14: a post without dsq:id is kept under an id derived from its content.
    "disqus-post-without-id": Case(
        DQ,
        disqus(
            disqus_thread("1"),
            disqus_post_without_id("first"),
            disqus_post("11", "1"),
            disqus_post_without_id("second"),
            disqus_post_without_id("first"),
        ),
        3,
        skipped={"duplicate-id": 1},
        adjusted={"id-from-content": 2},
        strict="a <post> without dsq:id",
    ),
    "wxr-parent-later-and-missing": Case(
        WP,
        wxr_ns(
            "http://wordpress.org/export/1.2/",
            (1, f"{NEW}/a/", [wxr_comment(3, parent=2), wxr_comment(2), wxr_comment(4, parent=99)]),
        ),
        3,
        adjusted={"parent-missing": 1},
        examples={"parent-missing": ["wordpress:4"]},
        strict="comment 4: its parent 99 is not in the file",
    ),
    "wxr-pingbacks": Case(
        WP,
        wxr_ns(
            "http://wordpress.org/export/1.2/",
            (
                1,
                f"{NEW}/a/",
                [
                    wxr_comment(1, ctype="pingback"),
                    wxr_comment(2, parent=1),
                    wxr_comment(3, ctype="trackback"),
                ],
            ),
        ),
        1,
        skipped={"pingback": 1, "trackback": 1},
        # Pingbacks are left out by choice (--include-pingbacks), so strict imports alike.
        adjusted={"parent-skipped": 1},
        examples={"parent-skipped": ["wordpress:2"]},
    ),
    "disqus-https-namespace": Case(
        DQ,
        disqus(disqus_thread("1"), disqus_post("10", "1"), ns="https://disqus.com"),
        1,
        strict="namespace 'https://disqus.com' is not http://disqus.com",
    ),
    "disqus-missing-thread": Case(
        DQ,
        disqus(disqus_thread("1"), disqus_post("10", "1"), disqus_post("11", "404")),
        1,
        skipped={"no-thread": 1},
        examples={"no-thread": ["disqus:11"]},
        strict="post 11: its thread 404 is not in the file",
    ),
    "disqus-no-thread-reference": Case(
        DQ,
        disqus(disqus_thread("1"), disqus_post("10", "1"), disqus_post("11", None)),
        1,
        skipped={"no-thread": 1},
        strict="post 11: no <thread dsq:id=…> reference",
    ),
    "disqus-deleted-and-missing-parents": Case(
        DQ,
        disqus(
            disqus_thread("1"),
            disqus_post("10", "1", deleted=True),
            disqus_post("11", "1", parent="10"),
            disqus_post("12", "1", parent="9"),
        ),
        3,
        adjusted={"parent-missing": 1},
        examples={"parent-missing": ["disqus:12"]},
        strict="post 12: its parent 9 is not in the file",
    ),
    "disqus-deleted-thread": Case(
        DQ,
        disqus(
            disqus_thread("1"),
            disqus_thread("2", link=f"{NEW}/gone/", deleted=True),
            disqus_post("10", "1"),
            disqus_post("20", "2"),
            disqus_post("21", "2", parent="20"),
        ),
        1,
        skipped={"thread-skipped": 2},
        threads_skipped={"thread-deleted": 1},
        strict="thread 2 ('T2'): deleted on Disqus",
    ),
    "disqus-thread-without-link": Case(
        DQ,
        disqus(disqus_thread("1", link=None), disqus_post("10", "1")),
        0,
        skipped={"thread-skipped": 1},
        threads_skipped={"no-link": 1},
        strict="thread 1 ('T1'): without a <link>",
    ),
    "disqus-parent-later-in-file": Case(
        DQ,
        disqus(disqus_post("11", "1", parent="10"), disqus_thread("1"), disqus_post("10", "1")),
        2,
    ),
    "disqus-missing-date": Case(
        DQ,
        disqus(disqus_thread("1"), disqus_post("10", "1", date=None)),
        1,
        adjusted={"date-from-post": 1},
        strict="post 10: no <createdAt>",
    ),
    "disqus-repeated-ids": Case(
        DQ,
        disqus(
            disqus_thread("1"),
            disqus_thread("1", link=f"{NEW}/other/"),
            disqus_post("10", "1"),
            disqus_post("10", "1"),
        ),
        1,
        skipped={"duplicate-id": 1},
        threads_skipped={"duplicate-id": 1},
        strict="a second thread with this id",
    ),
}


def check_report(report: ImportReport, case: Case) -> None:
    assert report.comments == case.comments
    assert report.skipped == case.skipped
    assert report.adjusted == case.adjusted
    assert report.threads_skipped == case.threads_skipped
    listed = {r.reason: r.source_ids for r in report.reasons}
    for reason, ids in case.examples.items():
        assert listed[reason] == ids
    for reason in [*case.skipped, *case.adjusted, *case.threads_skipped]:
        if reason not in ("pingback", "trackback"):
            assert reason in listed
            assert listed[reason]


class TestTolerantImport:
    @pytest.mark.parametrize("name", CASES)
    async def test_the_oddity_is_imported_or_skipped_and_reported(
        self, session: AsyncSession, site: Site, name: str
    ) -> None:
        case = CASES[name]
        report = await run_import(session, case.fmt, case.data)
        check_report(report, case)
        assert await count_comments(session) == case.comments
        again = await run_import(session, case.fmt, case.data)
        assert again.comments == 0
        assert again.threads_created == 0
        assert await count_comments(session) == case.comments
        assert again.skipped.get("already-imported", 0) == case.comments
        # Issue 23.17: every skip of the report has its reason, with source ids.
        listed = {r.reason: r for r in again.reasons if r.subject == "comment"}
        for reason, count in again.skipped.items():
            assert (listed[reason].count, bool(listed[reason].source_ids)) == (count, True)


class TestStrictImport:
    @pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.strict])
    async def test_the_oddity_refuses_the_whole_file(
        self, session: AsyncSession, site: Site, name: str
    ) -> None:
        case = CASES[name]
        with pytest.raises(ImportFailed) as caught:
            async with session.begin_nested():
                await run_import(session, case.fmt, case.data, strict=True)
        assert case.strict is not None
        assert case.strict in (caught.value.detail or "")
        assert (await count_threads(session), await count_comments(session)) == (0, 0)

    @pytest.mark.parametrize("name", [n for n, c in CASES.items() if not c.strict])
    async def test_files_without_oddities_import_alike(
        self, session: AsyncSession, site: Site, name: str
    ) -> None:
        report = await run_import(session, CASES[name].fmt, CASES[name].data, strict=True)
        assert (report.strict, report.comments) == (True, CASES[name].comments)


class TestPlacement:
    async def test_dates_follow_the_fallback_chain(self, session: AsyncSession, site: Site) -> None:
        await run_import(session, WP, CASES["wxr-no-date"].data)
        await run_import(session, WP, CASES["wxr-zero-dates"].data.replace(b"/a/", b"/z/"))
        found = await comments_by_source(session)
        assert found["wordpress:2"].created_at == datetime(2011, 5, 5, 5, 5, 5, tzinfo=UTC)

    async def test_zero_dates_without_a_post_date_take_the_import_time(
        self, session: AsyncSession, site: Site
    ) -> None:
        before = datetime.now(UTC)
        await run_import(session, WP, CASES["wxr-zero-dates"].data)
        created = (await comments_by_source(session))["wordpress:1"].created_at
        assert before <= created <= datetime.now(UTC)

    async def test_a_post_without_id_is_keyed_by_its_link(
        self, session: AsyncSession, site: Site
    ) -> None:
        await run_import(session, WP, CASES["wxr-no-post-id"].data)
        thread = (await threads_by_url(session))[f"{NEW}/a"]
        found = await comments_by_source(session)
        assert found["wordpress:1"].thread_id == thread.id
        assert found["wordpress:2"].parent_id == found["wordpress:1"].id

    async def test_parents_later_in_the_file_keep_the_nesting(
        self, session: AsyncSession, site: Site
    ) -> None:
        await run_import(session, WP, CASES["wxr-parent-later-and-missing"].data)
        found = await comments_by_source(session)
        assert found["wordpress:3"].parent_id == found["wordpress:2"].id
        assert (found["wordpress:4"].parent_id, found["wordpress:4"].depth) == (None, 0)
        await run_import(session, DQ, CASES["disqus-parent-later-in-file"].data)
        found = await comments_by_source(session)
        assert found["disqus:11"].parent_id == found["disqus:10"].id

    async def test_reused_ids_are_scoped_to_their_post(
        self, session: AsyncSession, site: Site
    ) -> None:
        await run_import(session, WP, CASES["wxr-ids-reused-across-posts"].data)
        found = await comments_by_source(session)
        threads = await threads_by_url(session)
        assert found["wordpress:2/1"].thread_id == threads[f"{NEW}/b"].id
        assert found["wordpress:2/2"].parent_id == found["wordpress:2/1"].id
        assert found["wordpress:3"].parent_id == found["wordpress:2/2"].id
        assert found["wordpress:2"].parent_id == found["wordpress:1"].id

    async def test_only_approved_1_is_published(self, session: AsyncSession, site: Site) -> None:
        await run_import(session, WP, CASES["wxr-approval-not-1"].data)
        found = await comments_by_source(session)
        assert [found[f"wordpress:{n}"].status.value for n in range(1, 6)] == [
            "pending",
            "pending",
            "pending",
            "approved",
            "spam",
        ]

    async def test_a_disqus_post_without_id_keeps_a_stable_id(
        self, session: AsyncSession, site: Site
    ) -> None:
        await run_import(session, DQ, CASES["disqus-post-without-id"].data)
        derived = [key for key in await comments_by_source(session) if "content-" in key]
        assert len(derived) == 2
        grown = disqus(disqus_thread("1"), disqus_post_without_id("second"))
        report = await run_import(session, DQ, grown)
        assert (report.comments, report.skipped) == (0, {"already-imported": 1})

    async def test_a_reply_to_a_deleted_post_stays_under_it(
        self, session: AsyncSession, site: Site
    ) -> None:
        await run_import(session, DQ, CASES["disqus-deleted-and-missing-parents"].data)
        found = await comments_by_source(session)
        assert found["disqus:10"].status.value == "deleted"
        assert found["disqus:11"].parent_id == found["disqus:10"].id
        assert found["disqus:12"].parent_id is None

    async def test_the_report_names_the_first_source_ids(
        self, session: AsyncSession, site: Site
    ) -> None:
        posts = [disqus_post(str(100 + n), "404") for n in range(8)]
        report = await run_import(session, DQ, disqus(disqus_thread("1"), *posts))
        [reason] = report.reasons
        assert (reason.subject, reason.outcome, reason.reason, reason.count) == (
            "comment",
            "skipped",
            "no-thread",
            8,
        )
        assert reason.source_ids == [f"disqus:{n}" for n in range(100, 105)]


class TestStrictImportOfCleanFiles:
    @pytest.mark.parametrize(
        ("fmt", "name", "comments"),
        [(WP, "wordpress-1.2.xml", 10), (DQ, "disqus.xml", 7)],
        ids=["wordpress", "disqus"],
    )
    async def test_todays_files_import_as_before(
        self, session: AsyncSession, site: Site, fmt: ImportFormat, name: str, comments: int
    ) -> None:
        data = (FIXTURES / name).read_bytes()
        report = await run_import(
            session, fmt, data, strict=True, map_origin=["https://old.example=https://new.example"]
        )
        assert (report.strict, report.comments) == (True, comments)
