"""The format parsers alone: every field the issue lists, and clear errors naming the place."""

import io
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.comments.models import CommentStatus
from app.porting.disqus import parse_disqus
from app.porting.isso import parse_isso
from app.porting.records import CommentRecord, ImportFailed, ThreadRecord
from app.porting.wordpress import parse_wordpress
from tests.porting.builders import IssoComment, build_isso, sample_isso, wxr, wxr_comment
from tests.porting.conftest import FIXTURES

WXR = (FIXTURES / "wordpress-1.2.xml").read_bytes()
DISQUS = (FIXTURES / "disqus.xml").read_bytes()


def wordpress(data: bytes) -> list[object]:
    return list(parse_wordpress(io.BytesIO(data)))


def comments(records: Sequence[object]) -> dict[str, CommentRecord]:
    return {r.source_id: r for r in records if isinstance(r, CommentRecord)}


class TestWordPress:
    @pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
    def test_every_wxr_version_is_read(self, version: str) -> None:
        data = WXR.replace(b"export/1.2/", f"export/{version}/".encode())
        records = wordpress(data)
        assert len(comments(records)) == 12
        assert [r.key for r in records if isinstance(r, ThreadRecord)] == ["1", "7"]

    def test_threads_carry_link_title_and_closed_state(self) -> None:
        threads = [r for r in wordpress(WXR) if isinstance(r, ThreadRecord)]
        assert threads[0].url == "https://old.example/2012/01/hello-world/"
        assert threads[0].title == "Hello world & friends"
        assert threads[0].closed is False
        assert threads[0].created_at == datetime(2012, 1, 2, 10, 0, tzinfo=UTC)
        assert threads[1].title == "東京の夏 — summer"
        assert threads[1].closed is True

    def test_comment_fields(self) -> None:
        first = comments(wordpress(WXR))["wordpress:11"]
        assert first.author_name == "Jörg Müller"
        assert first.author_email == "joerg@example.de"
        assert first.author_website == "https://joerg.example.de/"
        assert first.author_ip == "192.0.2.11"
        assert first.created_at == datetime(2012, 1, 3, 8, 0, tzinfo=UTC)
        assert first.parent is None
        assert first.thread_key == "1"
        assert first.kind == "comment"

    def test_html_is_sanitized_and_paragraphs_kept(self) -> None:
        first = comments(wordpress(WXR))["wordpress:11"]
        assert "<script>" in first.body  # the source is kept as it was
        assert first.body_html == (
            "<p>First paragraph,<br>\nsecond line.</p>"
            "<p>Second paragraph with <b>bold</b> and  removed.</p>"
        )

    def test_entities_and_cdata(self) -> None:
        reply = comments(wordpress(WXR))["wordpress:12"]
        assert reply.body == "Thanks & welcome, Jörg! <3 😀"
        assert reply.body_html == "<p>Thanks &amp; welcome, Jörg! &lt;3 😀</p>"
        assert reply.author_website is None  # "http://" alone is no website

    def test_statuses_and_types(self) -> None:
        found = comments(wordpress(WXR))
        assert found["wordpress:16"].status is CommentStatus.pending
        assert found["wordpress:17"].status is CommentStatus.spam
        assert found["wordpress:18"].status is CommentStatus.deleted
        assert found["wordpress:19"].kind == "pingback"
        assert found["wordpress:20"].kind == "trackback"

    def test_parents(self) -> None:
        found = comments(wordpress(WXR))
        assert found["wordpress:12"].parent == "wordpress:11"
        assert found["wordpress:14"].parent == "wordpress:13"

    def test_missing_gmt_date_falls_back_with_a_warning(self) -> None:
        records = wordpress(WXR)
        assert comments(records)["wordpress:32"].created_at == datetime(
            2012, 7, 2, 8, 0, tzinfo=UTC
        )
        notes = [(n.reason, n.message, n.remedy) for n in comments(records)["wordpress:32"].notes]
        assert notes == [
            (
                "date-local",
                "item 7 ('東京の夏 — summer'), comment 32: no wp:comment_date_gmt",
                "used wp:comment_date",
            )
        ]

    def test_empty_export(self) -> None:
        assert wordpress((FIXTURES / "wordpress-empty.xml").read_bytes()) == []

    def test_items_without_comments_make_no_thread(self) -> None:
        records = wordpress(wxr((3, "https://old.example/x/", [])))
        assert records == []


class TestWordPressErrors:
    def test_malformed_xml_names_line_and_column(self) -> None:
        data = wxr((1, "https://old.example/a/", [wxr_comment(1)])).replace(
            b"</wp:comment_author>", b"</wp:comment_autor>", 1
        )
        with pytest.raises(
            ImportFailed, match=r"malformed XML at line 6, column \d+: mismatched tag"
        ):
            wordpress(data)

    def test_unknown_date_format_names_the_comment(self) -> None:
        data = wxr((1, "https://old.example/a/", [wxr_comment(9, date="03/01/2012 10:00")]))
        [note] = comments(wordpress(data))["wordpress:9"].notes
        assert (note.reason, note.message) == (
            "date-from-import",
            "item 1 ('Post 1'), comment 9: unknown date format '03/01/2012 10:00' "
            "in wp:comment_date_gmt; no wp:comment_date",
        )

    def test_non_utf8_bytes_name_the_line(self) -> None:
        data = wxr((1, "https://old.example/a/", [wxr_comment(1, content="JÖRG")]))
        data = data.replace("JÖRG".encode(), "JÖRG".encode("latin-1"))
        with pytest.raises(ImportFailed, match=r"line 6: bytes that are not valid UTF-8"):
            wordpress(data)

    def test_declared_latin1_is_accepted(self) -> None:
        data = wxr((1, "https://old.example/a/", [wxr_comment(1, content="JÖRG")]))
        data = data.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"')
        data = data.replace("JÖRG".encode(), "JÖRG".encode("latin-1"))
        assert comments(wordpress(data))["wordpress:1"].body == "JÖRG"

    def test_disqus_file_is_the_wrong_format(self) -> None:
        with pytest.raises(
            ImportFailed,
            match=r"not a WordPress export \(WXR\): the root element is <disqus>, expected <rss>",
        ):
            wordpress(DISQUS)

    def test_plain_rss_feed_is_the_wrong_format(self) -> None:
        feed = (
            b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</title>'
            b"</item></channel></rss>"
        )
        with pytest.raises(ImportFailed, match="an RSS feed without wp: elements"):
            wordpress(feed)

    def test_json_is_not_xml(self) -> None:
        with pytest.raises(ImportFailed, match="malformed XML at line 1, column 1"):
            wordpress(b'{"format": "parley"}')

    def test_empty_file(self) -> None:
        with pytest.raises(ImportFailed, match="the file is empty, not XML"):
            wordpress(b"")

    def test_entity_declarations_are_refused(self) -> None:
        bomb = (
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">]>'
            b"<rss><channel>&a;</channel></rss>"
        )
        with pytest.raises(ImportFailed, match="refused unsafe XML"):
            wordpress(bomb)

    def test_unknown_approval_value(self) -> None:
        data = wxr((1, "https://old.example/a/", [wxr_comment(4, approved="maybe")]))
        comment = comments(wordpress(data))["wordpress:4"]
        assert comment.status is CommentStatus.pending
        assert comment.notes[0].message.endswith(
            "comment 4: unknown wp:comment_approved value 'maybe'"
        )


class TestDisqus:
    def records(self) -> list[object]:
        return list(parse_disqus(io.BytesIO(DISQUS)))

    def test_threads(self) -> None:
        threads = [r for r in self.records() if isinstance(r, ThreadRecord)]
        assert [(t.key, t.title, t.closed) for t in threads] == [
            ("2001", "Café & croissants", False),
            ("2002", "Second & last", True),
            ("2003", "Nobody commented", False),
        ]
        assert threads[0].url == "https://old.example/posts/caf%C3%A9/"
        assert threads[0].created_at == datetime(2019, 3, 1, 8, 0, tzinfo=UTC)

    def test_posts(self) -> None:
        found = comments(self.records())
        first = found["disqus:5001"]
        assert first.thread_key == "2001"
        assert first.parent is None
        assert first.author_name == "Marie-Thérèse"
        assert first.author_email == "marie@example.fr"
        assert first.author_ip == "192.0.2.51"
        assert first.created_at == datetime(2019, 3, 1, 9, 0, tzinfo=UTC)
        assert first.body_html == "<p>Lovely &amp; <b>warm</b>.</p><p>Second paragraph </p>"
        assert found["disqus:5002"].parent == "disqus:5001"
        assert found["disqus:5002"].body_html == "<p>Second level (escaped HTML, no CDATA).</p>"
        assert found["disqus:5003"].parent == "disqus:5002"

    def test_anonymous_author_offset_date_deleted_spam(self) -> None:
        found = comments(self.records())
        guest = found["disqus:6001"]
        assert guest.author_name == "Guest Ω"
        assert guest.author_email is None
        assert guest.created_at == datetime(2019, 4, 2, 7, 0, tzinfo=UTC)
        assert found["disqus:5005"].status is CommentStatus.deleted
        assert found["disqus:5006"].status is CommentStatus.spam

    def test_wordpress_file_is_the_wrong_format(self) -> None:
        with pytest.raises(ImportFailed, match="not a Disqus export: the root element is <rss>"):
            list(parse_disqus(io.BytesIO(WXR)))

    def test_unknown_date_names_the_post(self) -> None:
        data = DISQUS.replace(b"2019-03-05T10:00:00Z", b"yesterday")
        post = comments(list(parse_disqus(io.BytesIO(data))))["disqus:5006"]
        [note] = post.notes
        assert (note.reason, note.message, note.remedy) == (
            "date-from-post",
            "post 5006: unknown date format 'yesterday' in <createdAt>",
            "used the post's date",
        )

    def test_truncated_file(self) -> None:
        with pytest.raises(ImportFailed, match=r"malformed XML at line \d+, column \d+"):
            list(parse_disqus(io.BytesIO(DISQUS[:-300])))


class TestIsso:
    def test_fields(self, tmp_path: Path) -> None:
        records = list(parse_isso(sample_isso(tmp_path / "c.db"), base_url="https://new.example"))
        threads = [r for r in records if isinstance(r, ThreadRecord)]
        assert [(t.url, t.title) for t in threads] == [
            ("https://new.example/2019/hello-world/", "Hello, World"),
            ("https://new.example/about/", "Über uns"),
        ]
        found = comments(records)
        first = found["isso:1"]
        assert first.body == "First! *emphasis* and <script>x</script>"
        assert (
            first.body_html == "<p>First! <em>emphasis</em> and &lt;script&gt;x&lt;/script&gt;</p>"
        )
        assert (first.author_name, first.author_email, first.author_website) == (
            "Ünal",
            "unal@example.tr",
            "https://unal.example",
        )
        assert first.score == 3
        assert first.created_at == datetime(2019, 1, 1, tzinfo=UTC)
        assert first.edited_at == datetime(2019, 1, 1, 1, 0, tzinfo=UTC)
        assert found["isso:3"].parent == "isso:2"
        assert found["isso:4"].status is CommentStatus.pending
        assert found["isso:5"].status is CommentStatus.deleted

    def test_not_a_database(self, tmp_path: Path) -> None:
        path = tmp_path / "x.db"
        path.write_bytes(WXR)
        with pytest.raises(ImportFailed, match="Isso database: not an SQLite database"):
            list(parse_isso(path, base_url="https://new.example"))

    def test_another_sqlite_database(self, tmp_path: Path) -> None:
        import sqlite3

        path = tmp_path / "other.db"
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE comments (id INTEGER)")
        conn.close()
        with pytest.raises(ImportFailed, match="not an Isso database: missing columns"):
            list(parse_isso(path, base_url="https://new.example"))

    def test_non_utf8_text_names_the_comment(self, tmp_path: Path) -> None:
        path = build_isso(
            tmp_path / "c.db", [(1, "/a/", "A")], [IssoComment(8, 1, "Jörg".encode("latin-1"))]
        )
        with pytest.raises(ImportFailed) as caught:
            list(parse_isso(path, base_url="https://new.example"))
        assert caught.value.detail == (
            "comment 8 (thread 1): column text holds bytes that are not valid UTF-8 (at byte 1)"
        )

    def test_unknown_date(self, tmp_path: Path) -> None:
        path = build_isso(
            tmp_path / "c.db", [(1, "/a/", "A")], [IssoComment(8, 1, "x", created="last week")]
        )
        [comment] = [
            r
            for r in parse_isso(path, base_url="https://new.example")
            if isinstance(r, CommentRecord)
        ]
        assert comment.notes[0].reason == "date-from-import"
        assert comment.notes[0].message.startswith("comment 8 (thread 1): unknown date format")
