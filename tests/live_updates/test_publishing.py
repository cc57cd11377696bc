"""How live events get their place in a thread's order (app/live/publish.py): on PostgreSQL a
post holds no thread lock, so its event is published after the commit; what a writer that died
in between left behind is published by the sweep, which also refreshes the thread's pages."""

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import event, func, insert, select, update

from app.comments.models import Comment
from app.db.base import utcnow
from app.db.session import Database
from app.live.models import LiveEvent
from app.live.runtime import Live
from tests.builders import POST_URL, SITE_ID, post_comment
from tests.live_updates.sse import open_stream
from tests.parts import part
from tests.waiting import until

COMMENTS = f"/api/v1/sites/{SITE_ID}/comments"
WRITERS = 24


async def test_concurrent_posts_reach_a_reader_once_each_with_growing_ids(served, http, site):
    await post_comment(http, "First")  # the thread exists before the reader connects
    async with open_stream(served, SITE_ID, POST_URL) as stream:
        posted = await asyncio.gather(*(post_comment(http, f"Writer {n}") for n in range(WRITERS)))
        events = [await stream.next() for _ in posted]
    ids = [int(event.id or 0) for event in events]
    assert ids == sorted(set(ids)), ids  # strictly growing: a reader resumes after the last
    assert sorted(event.json()["id"] for event in events) == sorted(c["id"] for c in posted)
    resume = {"Last-Event-ID": str(ids[0] - 1)}
    async with open_stream(served, SITE_ID, POST_URL, headers=resume) as replay:
        replayed = [await replay.next() for _ in posted]
    assert [int(event.id or 0) for event in replayed] == ids


async def test_what_a_writer_left_unpublished_is_published_by_the_sweep(
    app, served, http, site, database_url
):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite publishes every event in its own transaction")
    first = await post_comment(http, "Before")
    page = await http.get(COMMENTS, params={"url": POST_URL})
    etag = page.headers["etag"]
    # What a writer that died between its commit and its publication leaves: the change
    # committed, its event unpublished, the thread not bumped.
    async with part(app, Database).write_sessions() as session:
        thread_id = await session.scalar(select(Comment.thread_id).where(Comment.id == first["id"]))
        await session.execute(
            update(Comment).where(Comment.id == first["id"]).values(body_html="<p>After</p>")
        )
        await session.execute(
            insert(LiveEvent).values(
                site_id=SITE_ID,
                thread_id=thread_id,
                type="comment.updated",
                comment_id=first["id"],
                created_at=utcnow() - timedelta(minutes=1),
                published=False,
            )
        )
        await session.commit()
    async with open_stream(served, SITE_ID, POST_URL) as stream:
        stale = await http.get(COMMENTS, params={"url": POST_URL}, headers={"If-None-Match": etag})
        assert stale.status_code == 304  # nothing told the cache yet
        with pytest.raises(TimeoutError):
            await stream.next(within=0.3)  # nor the readers
        assert await part(app, Live).publisher.sweep() == 1
        event = await stream.next()
    assert (event.event, event.json()["body_html"]) == ("comment.updated", "<p>After</p>")
    fresh = await http.get(COMMENTS, params={"url": POST_URL}, headers={"If-None-Match": etag})
    assert fresh.status_code == 200
    assert fresh.json()["comments"][0]["body_html"] == "<p>After</p>"
    assert await part(app, Live).publisher.sweep() == 0  # published once


async def test_a_group_of_posts_writes_its_events_in_one_statement(
    app, served, http, site, database_url
):
    """On PostgreSQL the posts that share a transaction (group commit) write their unpublished
    events with one statement before the commit; each is still published, once, to readers."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite publishes every event as it is written")
    await post_comment(http, "First")  # the thread exists
    database = part(app, Database)
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    started, release = asyncio.Event(), asyncio.Event()

    async def hold_the_line(_session) -> None:  # writes nothing; the posts queue behind it
        started.set()
        await release.wait()

    engine = database.write_engine.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        async with open_stream(served, SITE_ID, POST_URL) as stream:
            head = asyncio.create_task(database.write(hold_the_line))
            await started.wait()
            posts = [asyncio.create_task(post_comment(http, f"Grouped {n}")) for n in range(8)]
            line = database._group_commit
            assert line is not None
            await until(lambda: len(line._waiting) == 8, "every post waits in the write line")
            release.set()
            await head
            posted = await asyncio.gather(*posts)
            events = [await stream.next() for _ in posted]
    finally:
        event.remove(engine, "before_cursor_execute", count)
    inserts = [s for s in statements if s.startswith("INSERT INTO live_events")]
    assert sum(s.startswith("INSERT INTO comments") for s in statements) == 8
    assert len(inserts) == 1, inserts
    assert sorted(e.json()["id"] for e in events) == sorted(c["id"] for c in posted)
    async with database.read_sessions() as session:
        unpublished = await session.scalar(
            select(func.count()).select_from(LiveEvent).where(LiveEvent.published.is_(False))
        )
    assert unpublished == 0
