"""Prepared statements (app/db/prepared.py): the same rows, the same conversions and the same
errors as Core's execution of the statement, on both databases (on SQLite through the inline
driver's direct path)."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Table, bindparam, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import create_async_engine

from app.admission.bans import ban_parameters
from app.comments.admit import _FACTS as ADMISSION_FACTS
from app.comments.models import Comment, CommentStatus, Thread
from app.config import Settings
from app.db import asyncpg_direct
from app.db.prepared import Prepared
from app.db.session import Database
from app.sites.models import Site
from tests import dbs
from tests.builders import POST_URL, SITE_ORIGIN, make_site, post_comment

SITES = cast(Table, Site.__table__)
COMMENTS = cast(Table, Comment.__table__)
THREADS = cast(Table, Thread.__table__)


@pytest.fixture
async def database(settings: Settings, client: object) -> AsyncIterator[Database]:
    database = Database.from_settings(settings)  # `client`: the app (and its site) is up
    yield database
    await database.dispose()


async def test_rows_are_converted_as_core_converts_them(database: Database, client) -> None:
    await make_site(client, "prep", origins=[SITE_ORIGIN])
    await post_comment(client, "Hello *there*", site_id="prep")
    # datetimes, JSON lists, enums and booleans, and a literal bound by the statement itself
    statement = (
        select(*SITES.c, Comment.status, Comment.created_at)
        .join(Comment, Comment.site_id == Site.id)
        .where(Site.id == bindparam("site_id"), Comment.depth == 0)
    )
    async with database.read_sessions() as session:
        connection = await session.connection()
        core = [tuple(row) for row in await connection.execute(statement, {"site_id": "prep"})]
        prepared = await Prepared(statement).rows(connection, {"site_id": "prep"})
    assert prepared == core
    row = prepared[0]
    assert isinstance(row[-1], datetime)
    assert row[list(SITES.c.keys()).index("origins")] == [SITE_ORIGIN]


async def test_an_insert_returns_its_id_and_a_constraint_is_core_s_integrity_error(
    database: Database, client
) -> None:
    await make_site(client, "prep")
    values: dict[str, object] = {column.name: None for column in COMMENTS.c if column.name != "id"}
    values |= {
        "site_id": "prep",
        "thread_id": 987654,  # no such thread: the foreign key refuses it
        "depth": 0,
        "author_name": "Ada",
        "body": "x",
        "body_html": "<p>x</p>",
        "status": "approved",
        "score": 0,
        "created_at": datetime.now(UTC),
    }
    named: dict[str, Any] = {name: bindparam(name) for name in values}
    statement = Prepared(insert(COMMENTS).values(named).returning(COMMENTS.c.id))
    async with database.write_transaction() as session:
        with pytest.raises(IntegrityError):
            await statement.scalar(await session.connection(), values)
        await session.rollback()


async def test_a_missing_parameter_is_refused_with_core_s_words(database: Database, client) -> None:
    await make_site(client, "prep")
    named = Prepared(select(Site.id).where(Site.id == bindparam("site_id")))
    async with database.read_sessions() as session:
        connection = await session.connection()
        with pytest.raises(SQLAlchemyError, match="required for bind parameter 'site_id'"):
            await named.rows(connection, {})
        assert await named.rows(connection, {"site_id": "prep"}) == [("prep",)]


def test_an_in_list_is_refused(settings: Settings) -> None:
    from sqlalchemy.dialects import sqlite

    statement = Prepared(select(Site.id).where(Site.id.in_(bindparam("ids", expanding=True))))
    with pytest.raises(TypeError, match="no IN lists"):
        statement._compiled_for(sqlite.dialect())


def test_a_statement_needing_python_side_defaults_is_refused(settings: Settings) -> None:
    from sqlalchemy.dialects import sqlite

    statement = Prepared(insert(COMMENTS).values(site_id=bindparam("site_id")))
    with pytest.raises(TypeError, match="every column"):
        statement._compiled_for(sqlite.dialect())


async def test_a_started_app_has_compiled_every_statement_and_built_its_renderer(app) -> None:
    """Start-up does what a fresh process's first posts would otherwise wait for."""
    from app.comments import render
    from app.db.prepared import _STATEMENTS

    dialect = app.runtime.require(Database).write_engine.dialect
    statements = [s for s in _STATEMENTS if s.only_on in (None, dialect.name)]
    assert len(statements) >= 5  # admission, the insert, the bump, the live event, webhooks
    # Both direct paths (SQLite's inline driver, asyncpg) run the compiled form.
    assert all(statement.is_compiled_for(dialect) for statement in statements)
    # A statement of another dialect only is left alone (it could not be compiled here).
    others = [s for s in _STATEMENTS if s.only_on not in (None, dialect.name)]
    assert not any(statement.is_compiled_for(dialect) for statement in others)
    assert others or dialect.name == "postgresql"  # SQLite leaves the live events' batch insert
    assert render._markdown.cache_info().currsize == 1


@pytest.fixture
def on_postgres(database: Database) -> None:
    if database.write_engine.dialect.name != "postgresql":
        pytest.skip("asyncpg's direct path")


async def test_on_asyncpg_a_first_statement_begins_the_session_s_transaction(
    database: Database, client, on_postgres: None
) -> None:
    """The direct path begins the transaction as the adapter's cursor would: what it wrote is
    rolled back with the session, and seen by nobody before the commit."""
    await make_site(client, "prep")
    rename = Prepared(
        update(SITES)
        .where(SITES.c.id == bindparam("site_id"))
        .values(name=bindparam("name"), updated_at=bindparam("now"))
    )
    name_of = Prepared(select(SITES.c.name).where(SITES.c.id == bindparam("site_id")))
    async with database.write_transaction() as session:
        connection = await session.connection()
        # the pinned SQLAlchemy's adapter has what the direct path drives (else: Core)
        assert asyncpg_direct.adapter_of(connection) is not None
        await rename.execute(
            connection, {"site_id": "prep", "name": "Renamed", "now": datetime.now(UTC)}
        )
        assert await name_of.scalar(connection, {"site_id": "prep"}) == "Renamed"
        async with database.read_sessions() as other:  # another connection: not committed
            assert await name_of.scalar(await other.connection(), {"site_id": "prep"}) == "Prep"
        await session.rollback()
    async with database.read_sessions() as session:
        assert await name_of.scalar(await session.connection(), {"site_id": "prep"}) == "Prep"


async def test_on_asyncpg_a_lost_connection_is_core_s_invalidated_error_and_leaves_the_pool(
    database: Database, client, on_postgres: None
) -> None:
    """A server-side disconnect raises what Core raises for any statement (the outage handling
    recognises it), and the dead connection is not handed out again."""
    await make_site(client, "prep")
    site_of = Prepared(select(SITES.c.id).where(SITES.c.id == bindparam("site_id")))
    async with database.read_sessions() as session:
        connection = await session.connection()
        pid = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        async with database.read_sessions() as killer:
            await killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        with pytest.raises(DBAPIError) as raised:
            await site_of.rows(connection, {"site_id": "prep"})
        assert raised.value.connection_invalidated
    async with database.read_sessions() as session:  # a new connection answers
        assert await site_of.rows(await session.connection(), {"site_id": "prep"}) == [("prep",)]


async def test_on_postgresql_each_execution_is_planned_for_its_parameters(
    database: Database, client, on_postgres: None
) -> None:
    """A prepared statement's plan is made for the values it runs with, not once for any value
    (a plan made while a table was small stayed in a pooled connection as the table grew)."""
    await make_site(client, "prep")
    async with database.read_sessions() as session:
        connection = await session.connection()
        await connection.exec_driver_sql(
            "PREPARE by_email(varchar, varchar) AS SELECT id FROM comments"
            " WHERE site_id = $1 AND author_email = $2 LIMIT 1"
        )
        for _ in range(8):  # past the five executions after which a generic plan may be kept
            await connection.exec_driver_sql("EXECUTE by_email('prep', 'ada@example.org')")
        plan = "\n".join(
            row[0]
            for row in await connection.exec_driver_sql(
                "EXPLAIN EXECUTE by_email('prep', 'ada@example.org')"
            )
        )
        await connection.exec_driver_sql("DEALLOCATE by_email")
    assert "'ada@example.org'" in plan and "$2" not in plan, plan


async def test_a_statement_listener_sees_prepared_statements(app, client) -> None:
    """With anyone listening for statements (a tracer), the direct paths step aside: the
    admission query and the insert of a post reach the listener on both databases."""
    from tests.comments.test_query_count import counting_queries

    await make_site(client, "seen", origins=[SITE_ORIGIN])
    with counting_queries(app) as statements:
        await post_comment(client, "Seen", site_id="seen")
    assert any(s.lstrip().upper().startswith("INSERT INTO COMMENTS") for s in statements)
    assert any("FROM sites" in s and "ban" in s.lower() for s in statements), statements


@pytest.mark.skipif("postgresql" not in dbs.backends(), reason="no PostgreSQL answers")
async def test_on_postgresql_admission_probes_the_author_s_indexes_with_or_without_statistics(
    tmp_path: Path,
) -> None:
    """Each check of the admission query on a site's comments probes the index of what it asks
    (the name's identities, the email, the identity), never the site's queue or rate index with
    the rest as a filter: a walk of every comment of the site for every post. On a database that
    was never analyzed (autovacuum off or behind) PostgreSQL rates every probe of two equalities
    a one-row probe and took the queue index: 21 ms a post at 13,000 comments. Then also with
    statistics."""
    url = await dbs.migrated_database("postgresql", tmp_path)
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(SITES).values(id="grown", name="Grown", origins=[SITE_ORIGIN])
            )
            thread_id = (
                await connection.execute(
                    insert(THREADS).values(site_id="grown", url=POST_URL).returning(THREADS.c.id)
                )
            ).scalar_one()
            await connection.execute(
                insert(COMMENTS),
                [
                    {
                        "site_id": "grown",
                        "thread_id": thread_id,
                        "author_name": f"Guest {n}",
                        "author_email": f"g{n}@example.org",
                        "body": "b",
                        "body_html": "<p>b</p>",
                        "status": CommentStatus.approved,
                    }
                    for n in range(3000)
                ],
            )
        compiled = ADMISSION_FACTS._compiled_for(engine.dialect)
        guest = ban_parameters(
            "grown", secret_key="k", identity_id=None, email="g1@example.org", ip_hash="ip"
        ) | {"url": POST_URL, "guest_name": "guest 1", "approved_email": "g1@example.org"}
        verified = ban_parameters(
            "grown", secret_key="k", identity_id=7, email=None, ip_hash="ip"
        ) | {"url": POST_URL, "guest_name": None, "approved_email": None}
        async with engine.connect() as connection:
            await connection.exec_driver_sql("SET plan_cache_mode = force_custom_plan")
            for analyzed in (False, True):
                if analyzed:
                    await connection.exec_driver_sql("ANALYZE")
                for values, probe in ((guest, "ix_comments_site_email_status"), (verified, "")):
                    rows = await connection.exec_driver_sql(
                        "EXPLAIN " + compiled.sql, compiled.arguments(values)
                    )
                    plan = "\n".join(row[0] for row in rows)
                    # the name check (guests) and "approved before?" by identity (verified)
                    assert "ix_comments_identity_site_status" in plan, (analyzed, plan)
                    assert probe in plan, plan  # "approved before?" by email (guests)
                    for walk in ("ix_comments_site_queue", "ix_comments_site_ip", "Seq Scan on c"):
                        assert walk not in plan, plan
    finally:
        await engine.dispose()
        await dbs.drop_postgres_database(url)
