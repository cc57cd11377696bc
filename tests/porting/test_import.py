"""Importing into a site: trees, statuses, idempotence, URL remapping, and all-or-nothing."""

import io
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.comments.models import CommentStatus, Thread
from app.crypto import keyed_hash
from app.porting.records import ImportFailed
from app.porting.schemas import ImportFormat, ImportReport
from app.porting.service import ImportOptions, import_comments
from app.sites.models import Site
from tests.porting.builders import sample_isso, wxr, wxr_comment
from tests.porting.conftest import (
    FIXTURES,
    IP_KEY,
    comments_by_source,
    count_comments,
    count_threads,
    make_site,
)

OLD_TO_NEW = ["https://old.example=https://new.example"]


async def run_import(
    session: AsyncSession,
    fmt: ImportFormat,
    source: bytes | Path,
    site_id: str = "blog",
    **options: Any,
) -> ImportReport:
    stream = source if isinstance(source, Path) else io.BytesIO(source)
    return await import_comments(
        session,
        site_id,
        fmt,
        stream,
        ImportOptions(**options),
        ip_key=IP_KEY,
    )


async def threads_by_url(session: AsyncSession) -> dict[str, Thread]:
    return {t.url: t for t in await session.scalars(select(Thread))}


WXR = (FIXTURES / "wordpress-1.2.xml").read_bytes()


class TestWordPressImport:
    async def test_every_comment_lands_on_its_post_under_its_parent(
        self, session: AsyncSession, site: Site
    ) -> None:
        report = await run_import(session, ImportFormat.wordpress, WXR, map_origin=OLD_TO_NEW)
        assert (report.threads_created, report.comments) == (2, 10)
        assert report.skipped == {"pingback": 1, "trackback": 1}
        threads = await threads_by_url(session)
        hello = threads["https://new.example/2012/01/hello-world"]
        tokyo = threads["https://new.example/2012/07/tokyo"]
        assert (hello.title, hello.closed, tokyo.closed) == ("Hello world & friends", False, True)
        assert hello.version == tokyo.version == 1
        found = await comments_by_source(session)
        chain = ["wordpress:11", "wordpress:12", "wordpress:13", "wordpress:14", "wordpress:15"]
        for depth, key in enumerate(chain):
            comment = found[key]
            assert comment.thread_id == hello.id
            assert comment.depth == depth
            assert comment.parent_id == (found[chain[depth - 1]].id if depth else None)
            assert comment.root_id == (found["wordpress:11"].id if depth else None)
        assert found["wordpress:32"].parent_id == found["wordpress:31"].id
        assert found["wordpress:31"].thread_id == tokyo.id

    async def test_authors_dates_statuses_are_kept(self, session: AsyncSession, site: Site) -> None:
        await run_import(session, ImportFormat.wordpress, WXR, map_origin=OLD_TO_NEW)
        found = await comments_by_source(session)
        first = found["wordpress:11"]
        assert (first.author_name, first.author_email, first.author_website) == (
            "Jörg Müller",
            "joerg@example.de",
            "https://joerg.example.de/",
        )
        assert first.author_ip_hash == keyed_hash(IP_KEY, "ip", "192.0.2.11")
        assert first.created_at.isoformat() == "2012-01-03T08:00:00+00:00"
        assert found["wordpress:31"].author_name == "李小龍"
        statuses = {key: c.status for key, c in found.items()}
        assert statuses["wordpress:16"] is CommentStatus.pending
        assert statuses["wordpress:17"] is CommentStatus.spam
        assert statuses["wordpress:18"] is CommentStatus.deleted
        assert "wordpress:19" not in found
        assert "wordpress:20" not in found

    async def test_importing_twice_changes_nothing(self, session: AsyncSession, site: Site) -> None:
        await run_import(session, ImportFormat.wordpress, WXR, map_origin=OLD_TO_NEW)
        before = {k: (c.id, c.parent_id) for k, c in (await comments_by_source(session)).items()}
        versions = {u: t.version for u, t in (await threads_by_url(session)).items()}
        report = await run_import(session, ImportFormat.wordpress, WXR, map_origin=OLD_TO_NEW)
        assert (report.comments, report.threads_created, report.threads_existing) == (0, 0, 2)
        assert report.skipped == {"already-imported": 10, "pingback": 1, "trackback": 1}
        after = {k: (c.id, c.parent_id) for k, c in (await comments_by_source(session)).items()}
        assert after == before
        session.expire_all()
        assert {u: t.version for u, t in (await threads_by_url(session)).items()} == versions

    async def test_a_grown_file_adds_only_the_new_replies(
        self, session: AsyncSession, site: Site
    ) -> None:
        link = "https://new.example/a/"
        await run_import(session, ImportFormat.wordpress, wxr((1, link, [wxr_comment(1)])))
        grown = wxr((1, link, [wxr_comment(2, parent=1), wxr_comment(1)]))
        report = await run_import(session, ImportFormat.wordpress, grown)
        assert (report.comments, report.skipped) == (1, {"already-imported": 1})
        found = await comments_by_source(session)
        assert found["wordpress:2"].parent_id == found["wordpress:1"].id

    async def test_pingbacks_can_be_included(self, session: AsyncSession, site: Site) -> None:
        report = await run_import(
            session, ImportFormat.wordpress, WXR, map_origin=OLD_TO_NEW, include_pingbacks=True
        )
        assert (report.comments, report.skipped) == (12, {})

    async def test_replies_to_a_pingback_move_up_a_level(
        self, session: AsyncSession, site: Site
    ) -> None:
        link = "https://new.example/a/"
        replies = [wxr_comment(3, parent=2), wxr_comment(2, parent=1)]
        data = wxr((1, link, [*replies, wxr_comment(1, ctype="pingback"), wxr_comment(4)]))
        report = await run_import(session, ImportFormat.wordpress, data)
        assert (report.comments, report.skipped) == (3, {"pingback": 1})
        assert report.warnings == [
            "item 1 ('Post 1'), comment 2: its parent was not imported; attached to the top level"
        ]
        found = await comments_by_source(session)
        assert found["wordpress:2"].parent_id is None
        assert found["wordpress:3"].parent_id == found["wordpress:2"].id

    async def test_path_prefixes_are_rewritten(self, session: AsyncSession, site: Site) -> None:
        await run_import(
            session,
            ImportFormat.wordpress,
            WXR,
            map_origin=OLD_TO_NEW,
            map_path=["/2012/=/archive/"],
        )
        assert set(await threads_by_url(session)) == {
            "https://new.example/archive/01/hello-world",
            "https://new.example/archive/07/tokyo",
        }

    async def test_threads_off_the_sites_origins_are_warned_about(
        self, session: AsyncSession, site: Site
    ) -> None:
        report = await run_import(session, ImportFormat.wordpress, WXR)
        assert report.comments == 10
        assert report.warnings[-1] == (
            "2 thread(s) on https://old.example, which is not one of the site's origins: "
            "readers will not find them (use --map-origin)"
        )

    async def test_a_post_without_a_usable_url_is_skipped(
        self, session: AsyncSession, site: Site
    ) -> None:
        data = wxr(
            (1, "not a url", [wxr_comment(1), wxr_comment(2, parent=1)]),
            (2, "https://new.example/ok/", [wxr_comment(3)]),
        )
        report = await run_import(session, ImportFormat.wordpress, data)
        assert (report.comments, report.skipped) == (1, {"invalid-url": 2})
        assert "item 1 ('Post 1'): unusable URL 'not a url'" in report.warnings[0]

    async def test_an_empty_export(self, session: AsyncSession, site: Site) -> None:
        report = await run_import(
            session, ImportFormat.wordpress, (FIXTURES / "wordpress-empty.xml").read_bytes()
        )
        assert report.model_dump(include={"threads_created", "comments", "skipped"}) == {
            "threads_created": 0,
            "comments": 0,
            "skipped": {},
        }

    async def test_an_unknown_site(self, session: AsyncSession) -> None:
        from app.errors import NotFound

        with pytest.raises(NotFound):
            await run_import(session, ImportFormat.wordpress, WXR, site_id="nope")

    async def test_a_bad_mapping(self, session: AsyncSession, site: Site) -> None:
        with pytest.raises(ImportFailed, match="origin mapping must look like OLD=NEW"):
            await run_import(session, ImportFormat.wordpress, WXR, map_origin=["https://x"])


GOOD = wxr((1, "https://new.example/a/", [wxr_comment(1), wxr_comment(2, parent=1)]))
BAD_INPUTS = {
    "malformed": (
        GOOD.replace(b"</channel>", b"</chanel>"),
        "WordPress export: malformed XML at line 9, column 3: mismatched tag",
    ),
    "wrong-format": (
        (FIXTURES / "disqus.xml").read_bytes(),
        "not a WordPress export (WXR): the root element is <disqus>, expected <rss>",
    ),
    "missing-parent": (
        wxr((1, "https://new.example/b/", [wxr_comment(5), wxr_comment(6, parent=99)])),
        "item 1 ('Post 1'), comment 6: its parent 99 is not in the file",
    ),
    "unknown-date": (
        wxr((1, "https://new.example/b/", [wxr_comment(5), wxr_comment(6, date="tomorrow")])),
        "item 1 ('Post 1'), comment 6: unknown date format 'tomorrow' in wp:comment_date_gmt; "
        "no wp:comment_date",
    ),
    "non-utf8": (
        wxr((1, "https://new.example/b/", [wxr_comment(5), wxr_comment(6, content="Zoë")])).replace(
            "Zoë".encode(), "Zoë".encode("latin-1")
        ),
        "WordPress export: line 7: bytes that are not valid UTF-8 (b'\\xeb]]>'); "
        "the file must be UTF-8 encoded",
    ),
}


class TestBadInput:
    @pytest.mark.parametrize("case", BAD_INPUTS)
    async def test_a_clear_message_and_the_site_as_it_was(
        self, session: AsyncSession, site: Site, case: str
    ) -> None:
        await run_import(session, ImportFormat.wordpress, GOOD)
        data, message = BAD_INPUTS[case]
        with pytest.raises(ImportFailed) as caught:
            async with session.begin_nested():
                await run_import(session, ImportFormat.wordpress, data, strict=True)
        assert caught.value.detail == message
        assert (await count_threads(session), await count_comments(session)) == (1, 2)


DISQUS = (FIXTURES / "disqus.xml").read_bytes()


class TestDisqusImport:
    async def test_threads_nesting_and_statuses(self, session: AsyncSession, site: Site) -> None:
        report = await run_import(session, ImportFormat.disqus, DISQUS, map_origin=OLD_TO_NEW)
        assert (report.threads_created, report.comments, report.skipped) == (2, 7, {})
        threads = await threads_by_url(session)
        cafe = threads["https://new.example/posts/caf%C3%A9"]
        second = threads["https://new.example/posts/second"]
        assert (cafe.title, second.title, second.closed) == (
            "Café & croissants",
            "Second & last",
            True,
        )
        found = await comments_by_source(session)
        chain = ["disqus:5001", "disqus:5002", "disqus:5003", "disqus:5004"]
        for depth, key in enumerate(chain):
            assert found[key].depth == depth
            assert found[key].parent_id == (found[chain[depth - 1]].id if depth else None)
            assert found[key].thread_id == cafe.id
        assert found["disqus:6001"].thread_id == second.id
        assert found["disqus:5005"].status is CommentStatus.deleted
        assert found["disqus:5006"].status is CommentStatus.spam

    async def test_importing_twice_changes_nothing(self, session: AsyncSession, site: Site) -> None:
        await run_import(session, ImportFormat.disqus, DISQUS, map_origin=OLD_TO_NEW)
        report = await run_import(session, ImportFormat.disqus, DISQUS, map_origin=OLD_TO_NEW)
        assert (report.comments, report.skipped) == (0, {"already-imported": 7})
        assert await count_comments(session) == 7

    async def test_a_post_of_a_missing_thread(self, session: AsyncSession, site: Site) -> None:
        data = DISQUS.replace(b'<thread dsq:id="2002"/>', b'<thread dsq:id="9999"/>')
        with pytest.raises(ImportFailed) as caught:
            await run_import(session, ImportFormat.disqus, data, strict=True)
        assert caught.value.detail == "post 6001: its thread 9999 is not in the file"
        report = await run_import(session, ImportFormat.disqus, data, map_origin=OLD_TO_NEW)
        assert (report.comments, report.skipped) == (6, {"no-thread": 1})
        assert "disqus:6001" not in await comments_by_source(session)

    async def test_a_missing_parent(self, session: AsyncSession, site: Site) -> None:
        data = DISQUS.replace(b'<parent dsq:id="5001"/>', b'<parent dsq:id="4242"/>')
        with pytest.raises(ImportFailed) as caught:
            await run_import(session, ImportFormat.disqus, data, strict=True)
        assert caught.value.detail == "post 5002: its parent 4242 is not in the file"
        report = await run_import(session, ImportFormat.disqus, data, map_origin=OLD_TO_NEW)
        assert (report.comments, report.adjusted) == (7, {"parent-missing": 1})
        found = await comments_by_source(session)
        assert (found["disqus:5002"].parent_id, found["disqus:5002"].depth) == (None, 0)
        assert found["disqus:5003"].parent_id == found["disqus:5002"].id


class TestIssoImport:
    async def test_paths_under_the_sites_origin(
        self, session: AsyncSession, site: Site, tmp_path: Path
    ) -> None:
        report = await run_import(session, ImportFormat.isso, sample_isso(tmp_path / "c.db"))
        assert (report.threads_created, report.comments) == (2, 7)
        assert set(await threads_by_url(session)) == {
            "https://new.example/2019/hello-world",
            "https://new.example/about",
        }
        found = await comments_by_source(session)
        assert found["isso:1"].score == 3
        assert found["isso:1"].edited_at is not None
        assert found["isso:3"].depth == 2
        assert found["isso:5"].status is CommentStatus.deleted
        assert found["isso:6"].parent_id == found["isso:5"].id
        assert found["isso:1"].author_ip_hash == keyed_hash(IP_KEY, "ip", "192.0.2.0")

    async def test_an_explicit_base_url_and_idempotence(
        self, session: AsyncSession, site: Site, tmp_path: Path
    ) -> None:
        path = sample_isso(tmp_path / "c.db")
        await run_import(session, ImportFormat.isso, path, base_url="https://new.example/blog/")
        report = await run_import(
            session, ImportFormat.isso, path, base_url="https://new.example/blog/"
        )
        assert (report.comments, report.skipped) == (0, {"already-imported": 7})
        assert "https://new.example/blog/about" not in await threads_by_url(session)
        assert "https://new.example/about" in await threads_by_url(session)

    async def test_no_base_url_and_no_origin(self, session: AsyncSession, tmp_path: Path) -> None:
        await make_site(session, "bare", origins=())
        with pytest.raises(ImportFailed, match="Isso threads are paths: give a base URL"):
            await run_import(session, ImportFormat.isso, sample_isso(tmp_path / "c.db"), "bare")


class TestOddInput:
    async def test_an_overlong_id(self, session: AsyncSession, site: Site) -> None:
        data = wxr((1, "https://new.example/a/", [wxr_comment(int("9" * 200)), wxr_comment(2)]))
        with pytest.raises(ImportFailed, match="an id longer than 200 characters"):
            await run_import(session, ImportFormat.wordpress, data, strict=True)
        report = await run_import(session, ImportFormat.wordpress, data)
        assert (report.comments, report.skipped) == (1, {"invalid-id": 1})

    async def test_a_duplicate_id_in_one_post(self, session: AsyncSession, site: Site) -> None:
        data = wxr((1, "https://new.example/a/", [wxr_comment(1), wxr_comment(1)]))
        report = await run_import(session, ImportFormat.wordpress, data)
        assert (report.comments, report.skipped) == (1, {"duplicate-id": 1})

    async def test_the_same_id_on_two_posts(self, session: AsyncSession, site: Site) -> None:
        data = wxr(
            (1, "https://new.example/a/", [wxr_comment(1)]),
            (2, "https://new.example/b/", [wxr_comment(1)]),
        )
        # WordPress's importer scopes comment ids to their post (issue 23.15): both are kept,
        # the second as wordpress:2/1, in strict imports too.
        report = await run_import(session, ImportFormat.wordpress, data, strict=True)
        assert (report.comments, report.skipped, report.adjusted) == (2, {}, {"id-scoped": 1})
        assert set(await comments_by_source(session)) == {"wordpress:1", "wordpress:2/1"}

    async def test_an_existing_untitled_thread_gets_the_posts_title(
        self, session: AsyncSession, site: Site
    ) -> None:
        session.add(Thread(site_id="blog", url="https://new.example/a", title="", version=3))
        await session.flush()
        data = wxr((1, "https://new.example/a/", [wxr_comment(1)]))
        report = await run_import(session, ImportFormat.wordpress, data)
        assert (report.threads_created, report.threads_existing) == (0, 1)
        session.expire_all()
        thread = (await threads_by_url(session))["https://new.example/a"]
        assert (thread.title, thread.version) == ("Post 1", 4)
