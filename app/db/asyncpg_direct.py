"""A compiled statement run straight on asyncpg, inside the session's transaction.

Core's execution of a compiled, cached statement costs ~90 µs of Python more than asyncpg's own
`fetch` here (cache key, execution context, the adapter's cursor, a greenlet switch each way):
a post runs five of them. This is what SQLAlchemy's asyncpg adapter cursor does for a statement
(app/db/prepared.py gives the SQL, its positional arguments already converted by the bind
processors Core would apply), without the cursor: the connection's execution lock, the lazy
`BEGIN` of its transaction, its prepared-statement cache, and an error turned into the very
exception Core raises, after Core has looked at it (a lost connection is invalidated, so the
pool drops it, and outages are recognised as they are for every other statement).

It uses the adapter's private members, pinned by the lock file's SQLAlchemy; `adapter_of` says
whether they are there, and without them a statement goes through Core as before.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.util import greenlet_spawn

_ADAPTER_MEMBERS = (
    "_execute_mutex",
    "_transaction",
    "_start_transaction",
    "_prepare",
    "_handle_exception",
    "_connection",
)


def adapter_of(connection: AsyncConnection) -> Any | None:
    """The connection's SQLAlchemy asyncpg adapter when the direct path can drive it."""
    if connection.dialect.driver != "asyncpg":
        return None
    adapted = connection.sync_connection.connection.dbapi_connection  # type: ignore[union-attr]
    if all(hasattr(adapted, name) for name in _ADAPTER_MEMBERS):
        return adapted
    return None


async def _fetch(adapted: Any, dialect: Any, sql: str, arguments: Sequence[Any]) -> list[Any]:
    async with adapted._execute_mutex:
        if adapted._transaction is None:  # no-op on an autocommit connection
            await adapted._start_transaction()
        try:
            statement, _ = await adapted._prepare(sql, dialect._invalidate_schema_cache_asof)
            return list(await statement.fetch(*arguments))
        except Exception as error:
            adapted._handle_exception(error)  # raises the adapter's DB-API error
            raise  # not reached


async def fetch(
    connection: AsyncConnection, adapted: Any, sql: str, arguments: Sequence[Any]
) -> list[Any]:
    """The statement's rows as asyncpg records; errors as Core raises them."""
    dialect = connection.dialect
    try:
        return await _fetch(adapted, dialect, sql, arguments)
    except dialect.loaded_dbapi.Error as error:
        stale = (dialect.loaded_dbapi.InvalidCachedStatementError,)
        if isinstance(error, stale):  # as the dialect's execution context does
            dialect._invalidate_schema_cache()  # type: ignore[attr-defined]
        # Core's own handling: disconnect check, invalidation, event hooks, the wrapped error.
        sync = connection.sync_connection
        assert sync is not None
        await greenlet_spawn(sync._handle_dbapi_exception, error, sql, tuple(arguments), None, None)
        raise  # not reached: the line above raises
