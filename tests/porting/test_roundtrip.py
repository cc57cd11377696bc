"""Export → import into an empty database → export gives the same document, on both databases."""

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.admission.models import Ban, BanKind
from app.comments.models import Comment, CommentStatus, Thread, Vote
from app.identity.models import Identity, Moderator
from app.models import Base
from app.porting.export import export_site
from app.porting.records import ImportFailed
from app.porting.schemas import ImportFormat, ImportReport
from app.porting.service import ImportOptions, import_comments
from app.sites.audit import AuditEntry
from app.sites.models import GuestPolicy, ModerationMode, Site
from tests.porting.conftest import IP_KEY, count_comments

T0 = datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=UTC)


async def build_site(session: AsyncSession) -> None:
    """A site with every kind of thing an export carries."""
    session.add(
        Site(
            id="blog",
            name="Blog — ünïcode",
            origins=["https://new.example", "https://www.new.example"],
            moderation=ModerationMode.first_time,
            guest_policy=GuestPolicy.anonymous,
            edit_window_seconds=600,
            max_depth=6,
            closed=False,
            disabled_providers=["facebook"],
            spam_settings={"akismet_key": None, "max_links": 2},
            created_at=T0,
        )
    )
    ada = Identity(
        provider="github",
        subject="1001",
        display_name="Ada",
        email="ada@example.org",
        avatar_url="https://avatars.example/1001",
        profile_url="https://github.com/ada",
        created_at=T0,
        last_login_at=T0 + timedelta(days=1),
    )
    bo = Identity(provider="oidc-corp", subject="bo:42", display_name="Bo", created_at=T0)
    session.add_all([ada, bo])
    await session.flush()
    session.add(Moderator(site_id="blog", identity_id=ada.id, created_at=T0))
    session.add_all(
        [
            Ban(
                site_id="blog",
                kind=BanKind.identity,
                value_hash="h-identity",
                identity_id=bo.id,
                reason="rude",
                created_by="root",
                created_at=T0,
            ),
            Ban(
                site_id="blog",
                kind=BanKind.email,
                value_hash="h-email",
                reason="spam",
                expires_at=T0 + timedelta(days=30),
                created_by="token:1:ci",
                created_at=T0,
            ),
        ]
    )
    hello = Thread(site_id="blog", url="https://new.example/hello", title="Hello", created_at=T0)
    closed = Thread(
        site_id="blog", url="https://new.example/closed", title="Closed", closed=True, created_at=T0
    )
    empty = Thread(site_id="blog", url="https://new.example/empty", title="", created_at=T0)
    session.add_all([hello, closed, empty])
    await session.flush()
    await add_comments(session, hello, closed, ada, bo)
    # A ban made from a comment: whom it bans (name, comment) survives the round trip.
    guest = await session.scalar(select(Comment).where(Comment.author_name == "Guest").limit(1))
    assert guest is not None
    session.add(
        Ban(
            site_id="blog",
            kind=BanKind.ip,
            value_hash="iphash",
            comment_id=guest.id,
            author_name="Guest",
            reason="flood",
            created_by="root",
            created_at=T0,
        )
    )
    await session.flush()


async def add_comments(
    session: AsyncSession, hello: Thread, closed: Thread, ada: Identity, bo: Identity
) -> None:
    def comment(
        thread: Thread, minutes: int, parent: Comment | None = None, **kw: object
    ) -> Comment:
        root = None if parent is None else (parent.root_id or parent.id)
        return Comment(
            site_id="blog",
            thread_id=thread.id,
            parent_id=parent.id if parent else None,
            root_id=root,
            depth=0 if parent is None else parent.depth + 1,
            created_at=T0 + timedelta(minutes=minutes),
            body=kw.pop("body", f"Comment at {minutes}"),
            body_html=kw.pop("body_html", f"<p>Comment at {minutes}</p>"),
            **kw,
        )

    top = comment(hello, 1, identity_id=ada.id, author_name="Ada", score=2)
    session.add(top)
    await session.flush()
    reply = comment(
        hello,
        2,
        top,
        author_name="Guest",
        author_email="g@example.org",
        author_website="https://g.example",
        author_ip_hash="iphash",
        edit_token_hash="tokenhash",
        edited_at=T0 + timedelta(minutes=3),
    )
    session.add(reply)
    await session.flush()
    deep = comment(
        hello,
        4,
        reply,
        identity_id=bo.id,
        author_name="Bo",
        status=CommentStatus.deleted,
        body="",
        body_html="",
    )
    imported = comment(hello, 0, source_id="wordpress:77", author_name="Old Timer")
    same_time = comment(hello, 1, author_name="Tie", status=CommentStatus.pending)
    spam = comment(closed, 5, author_name="Spam", status=CommentStatus.spam)
    pinned = comment(closed, 6, author_name="Owner", identity_id=ada.id)
    session.add_all([deep, imported, same_time, spam, pinned])
    await session.flush()
    closed.pinned_comment_id = pinned.id
    session.add_all(
        [
            Vote(comment_id=top.id, voter_key="identity:2", value=1),
            Vote(comment_id=top.id, voter_key="ip:abc", value=1),
            Vote(comment_id=reply.id, voter_key="identity:1", value=-1),
            AuditEntry(
                site_id="blog",
                actor="root",
                action="comment.delete",
                comment_id=deep.id,
                detail={"reason": "asked"},
                created_at=T0,
            ),
            AuditEntry(
                site_id="blog",
                actor="root",
                action="comment.purge",
                comment_id=999_999,
                detail={},
                created_at=T0,
            ),
            AuditEntry(
                site_id="blog",
                actor="identity:1:Ada",
                action="site.update",
                detail={"fields": ["max_depth"]},
                created_at=T0 + timedelta(seconds=1),
            ),
        ]
    )
    await session.flush()


async def export_bytes(session: AsyncSession, site_id: str = "blog") -> bytes:
    return b"".join([chunk async for chunk in export_site(session, site_id)])


async def wipe(session: AsyncSession) -> None:
    """Empty every table: the state of a fresh database."""
    for table in reversed(Base.metadata.sorted_tables):
        await session.execute(table.delete())
    session.expunge_all()


async def restore(
    session: AsyncSession, document: bytes, site_id: str = "blog", *, strict: bool = False
) -> ImportReport:
    return await import_comments(
        session,
        site_id,
        ImportFormat.parley,
        io.BytesIO(document),
        ImportOptions(create_site=True, strict=strict),
        ip_key=IP_KEY,
    )


class TestRoundTrip:
    async def test_export_import_export_is_identical(self, session: AsyncSession) -> None:
        await build_site(session)
        first = await export_bytes(session)
        await wipe(session)
        report = await restore(session, first)
        assert (report.site_created, report.threads_created, report.comments, report.votes) == (
            True,
            3,
            7,
            3,
        )
        second = await export_bytes(session)
        assert second.decode().splitlines() == first.decode().splitlines()

    async def test_the_document(self, session: AsyncSession) -> None:
        await build_site(session)
        document = json.loads(await export_bytes(session))
        assert (document["format"], document["version"]) == ("parley", 1)
        assert document["site"]["spam_settings"] == {"akismet_key": None, "max_links": 2}
        kinds = [record["type"] for record in document["records"]]
        assert kinds[:6] == ["identity", "identity", "moderator", "ban", "ban", "ban"]
        assert kinds.count("thread") == 3
        assert kinds[-3:] == ["audit", "audit", "audit"]
        threads = [r for r in document["records"] if r["type"] == "thread"]
        assert [t["url"] for t in threads] == [
            "https://new.example/closed",
            "https://new.example/empty",
            "https://new.example/hello",
        ]
        comments = [r for r in document["records"] if r["type"] == "comment"]
        keys = [c["key"] for c in comments]
        assert threads[0]["pinned"] == keys[1]
        assert keys[2] == "wordpress:77"
        assert comments[3]["identity"] == "github:1001"
        assert comments[5]["parent"] == comments[3]["key"]
        assert comments[3]["votes"] == [
            {"voter": "identity:2", "value": 1},
            {"voter": "ip:abc", "value": 1},
        ]
        audit = [r for r in document["records"] if r["type"] == "audit"]
        assert [a["comment"] for a in audit] == [comments[6]["key"], None, None]
        (made_from,) = [r for r in document["records"] if r["type"] == "ban" and r["comment"]]
        guest = next(c for c in comments if c["author_name"] == "Guest")
        assert (made_from["author_name"], made_from["comment"]) == ("Guest", guest["key"])

    async def test_a_reformatted_document_is_read_whole(self, session: AsyncSession) -> None:
        await build_site(session)
        first = await export_bytes(session)
        pretty = json.dumps(json.loads(first), indent=2, ensure_ascii=True).encode()
        await wipe(session)
        await restore(session, pretty)
        assert await export_bytes(session) == first

    async def test_restoring_twice_changes_nothing(self, session: AsyncSession) -> None:
        await build_site(session)
        document = await export_bytes(session)
        report = await restore(session, document)
        assert report.comments == 0
        assert report.skipped == {"already-imported": 7, "audit-entry": 3}
        assert report.warnings[0] == (
            "the site exists: its settings were kept, the file's were not applied"
        )
        assert await count_comments(session) == 7
        assert await export_bytes(session) == document

    async def test_restoring_into_another_site(self, session: AsyncSession) -> None:
        await build_site(session)
        document = await export_bytes(session)
        report = await restore(session, document, site_id="copy")
        assert (report.site_created, report.comments) == (True, 7)
        copy = await session.get(Site, "copy")
        assert copy is not None
        assert copy.max_depth == 6
        pinned = await session.scalar(
            select(Thread.pinned_comment_id).where(
                Thread.site_id == "copy", Thread.url == "https://new.example/closed"
            )
        )
        assert pinned is not None
        assert (await session.get(Comment, pinned)).author_name == "Owner"  # type: ignore[union-attr]


class TestParleyBadInput:
    async def test_an_unknown_version(self, session: AsyncSession) -> None:
        await build_site(session)
        document = (await export_bytes(session)).replace(b'"version": 1,', b'"version": 7,', 1)
        with pytest.raises(ImportFailed, match=r"unsupported version 7 \(this Parley reads 1\)"):
            await restore(session, document, "other")

    async def test_a_broken_record_names_its_line(self, session: AsyncSession) -> None:
        await build_site(session)
        lines = (await export_bytes(session)).split(b"\n")
        lines[6] = lines[6].replace(b'"created_at":"', b'"created_at":"not a date', 1)
        with pytest.raises(
            ImportFailed,
            match=r"Parley export: line 7: ban.created_at: Input should be a valid datetime",
        ):
            await restore(session, b"\n".join(lines), "other", strict=True)

    async def test_malformed_json(self, session: AsyncSession) -> None:
        with pytest.raises(ImportFailed, match="Parley export: malformed JSON at line 1, column 1"):
            await restore(session, b"<rss/>", "other")

    async def test_an_unknown_parent(self, session: AsyncSession) -> None:
        await build_site(session)
        document = await export_bytes(session)
        records = json.loads(document)["records"]
        parent_key = next(r["parent"] for r in records if r["type"] == "comment" and r["parent"])
        broken = document.replace(f'"parent":"{parent_key}"'.encode(), b'"parent":"parley:x:1"')
        with pytest.raises(ImportFailed, match=r"line \d+: its parent x:1 is not in the file"):
            await restore(session, broken, "other", strict=True)


def document(*records: dict[str, object], site: object = None) -> bytes:
    """A hand-written Parley document (in the whole-document form)."""
    return json.dumps(
        {"format": "parley", "version": 1, "site": site, "records": list(records)}
    ).encode()


THREAD = {
    "type": "thread",
    "url": "https://new.example/t",
    "title": "T",
    "closed": False,
    "pinned": None,
    "created_at": "2024-01-01T00:00:00Z",
}


def comment_doc(**fields: object) -> dict[str, object]:
    values: dict[str, object] = {
        "type": "comment",
        "key": "parley:x:1",
        "parent": None,
        "identity": None,
        "author_name": "A",
        "author_email": None,
        "author_website": None,
        "author_ip_hash": None,
        "body": "b",
        "body_html": "<p>b</p>",
        "status": "approved",
        "score": 0,
        "edit_token_hash": None,
        "created_at": "2024-01-01T00:00:00Z",
        "edited_at": None,
        "votes": [],
    }
    values.update(fields)
    return values


class TestParleyUntrustedFiles:
    async def restore_into_blog(
        self, session: AsyncSession, data: bytes, *, strict: bool = False
    ) -> ImportReport:
        from tests.porting.conftest import make_site

        if await session.get(Site, "blog") is None:
            await make_site(session)
        return await restore(session, data, strict=strict)

    async def test_html_is_sanitized_again(self, session: AsyncSession) -> None:
        html = '<p>x<script>alert(1)</script><a href="javascript:alert(1)">y</a></p>'
        await self.restore_into_blog(session, document(THREAD, comment_doc(body_html=html)))
        stored = await session.scalar(select(Comment.body_html))
        assert stored == '<p>x<a rel="nofollow ugc noopener">y</a></p>'

    @pytest.mark.parametrize(
        ("record", "message"),
        [
            (
                comment_doc(created_at="2024-01-01T00:00:00"),
                "records[1]: comment.created_at: Input should have timezone info",
            ),
            (
                comment_doc(author_name="x" * 101),
                "records[1]: comment.author_name: String should have at most 100 characters",
            ),
            (
                comment_doc(score=2**40),
                "records[1]: comment.score: Input should be less than or equal to 2147483647",
            ),
            (
                comment_doc(votes=[{"voter": "v", "value": 5}]),
                "records[1]: comment.votes.0.value: Input should be less than or equal to 1",
            ),
            (
                {"type": "poll"},
                "records[1]: Input tag 'poll' found using 'type' does not match "
                "any of the expected tags: 'identity', 'moderator', 'ban', 'thread', 'comment', "
                "'audit'",
            ),
        ],
        ids=["naive-date", "long-name", "huge-score", "bad-vote", "unknown-type"],
    )
    async def test_invalid_records_name_the_place(
        self, session: AsyncSession, record: dict[str, object], message: str
    ) -> None:
        with pytest.raises(ImportFailed) as caught:
            await self.restore_into_blog(session, document(THREAD, record), strict=True)
        assert caught.value.detail == f"Parley export: {message}"
        report = await self.restore_into_blog(session, document(THREAD, record))
        assert report.comments == 0
        assert report.reasons[0].reason == "invalid-record"

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (
                b'{"format": "parley", "version": 1, "site": null, "records": 5}',
                'Parley export: "records" must be an array',
            ),
            (
                b'{"format": "parley", "version": 1, "site": 5, "records": []}',
                "Parley export: site: Input should be a valid dictionary or instance of SiteDoc",
            ),
            (b"[1, 2]", "Parley export: not a Parley export (the document is not an object)"),
            (b'{"format": "isso"}', 'Parley export: not a Parley export (no "format": "parley")'),
            (b"", "Parley export: the file is empty"),
            (
                '{"format": "parley", "x": "é"}'.encode("latin-1"),
                "Parley export: bytes that are not valid UTF-8 at byte offset 27",
            ),
        ],
        ids=[
            "records-not-array",
            "site-not-object",
            "not-object",
            "other-format",
            "empty",
            "latin-1",
        ],
    )
    async def test_broken_documents(self, session: AsyncSession, data: bytes, message: str) -> None:
        with pytest.raises(ImportFailed) as caught:
            await self.restore_into_blog(session, data)
        assert caught.value.detail == message
