"""A thread read costs a constant number of queries whatever the thread's size (no N+1)."""

from contextlib import contextmanager

from sqlalchemy import event

from app.comments.cache import PageCache
from app.db.session import Database
from tests.builders import SITE_ORIGIN, make_site, post_comment
from tests.parts import part

# Tables that the app's own background tasks poll while a request is measured.
BACKGROUND_TABLES = ("outbox_messages", "live_events", "import_jobs")


@contextmanager
def counting_queries(app):
    database = part(app, Database)
    # On PostgreSQL the read engine is the write engine's pool with other options: its
    # statements reach the write engine's listeners too.
    engines = {database.write_engine.sync_engine}
    if database.read_engine.pool is not database.write_engine.pool:
        engines.add(database.read_engine.sync_engine)
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith(("BEGIN", "PRAGMA")):
            return
        if any(table in statement for table in BACKGROUND_TABLES):
            return  # the outbox worker and the live-event poller, not the request
        statements.append(statement)

    for engine in engines:
        event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", count)


async def _thread_with(client, url, roots, replies_each):
    for i in range(roots):
        root = await post_comment(client, f"root {i}", url=url)
        parent = root["id"]
        for j in range(replies_each):
            parent = (await post_comment(client, f"reply {j}", url=url, parent_id=parent))["id"]


async def _queries_to_read(app, client, url, **params):
    part(app, PageCache).clear()  # measure the uncached path
    with counting_queries(app) as statements:
        response = await client.get("/api/v1/sites/blog/comments", params={"url": url, **params})
    assert response.status_code == 200
    return len(statements), response.json()


async def test_read_cost_does_not_grow_with_thread_size(app, client):
    await make_site(client)
    small, large = f"{SITE_ORIGIN}/small", f"{SITE_ORIGIN}/large"
    await _thread_with(client, small, roots=2, replies_each=1)
    await _thread_with(client, large, roots=30, replies_each=4)
    small_count, small_page = await _queries_to_read(app, client, small, limit=1000)
    large_count, large_page = await _queries_to_read(app, client, large, limit=1000)
    assert small_page["thread"]["comment_count"] == 4
    assert large_page["thread"]["comment_count"] == 150
    assert small_count == large_count <= 5


async def test_cached_read_is_one_query_or_none(app, client, database_url):
    await make_site(client)
    url = f"{SITE_ORIGIN}/hot"
    await _thread_with(client, url, roots=5, replies_each=2)
    await client.get("/api/v1/sites/blog/comments", params={"url": url})
    with counting_queries(app) as statements:
        response = await client.get("/api/v1/sites/blog/comments", params={"url": url})
    assert response.status_code == 200
    assert response.json()["thread"]["comment_count"] == 15
    # SQLite: the fast path answers from memory under the WAL change token (no query at all);
    # PostgreSQL: one indexed row says whether the thread changed.
    assert len(statements) == (0 if database_url.startswith("sqlite") else 1)
