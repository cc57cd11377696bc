"""Statements compiled once per dialect, for the few that every post runs.

A Core statement that SQLAlchemy has compiled and cached still costs ~100 µs of Python per
execution here (its cache key, an execution context, parameter and result processing) — several
times what SQLite takes to run it. A `Prepared` statement keeps its compiled SQL, positional
parameter order and type processors, and on the inline SQLite driver (app/db/inline_sqlite.py)
runs the SQL straight on the connection, inside whatever transaction the session has begun: the
same statement, the same parameter conversions, none of the per-call machinery. On asyncpg it
runs through the adapter's connection the way its cursor would (app/db/asyncpg_direct.py),
beginning the session's transaction if nothing has yet; with any other driver it is an ordinary
Core execution. Statements are run through the session's `AsyncConnection`, so on SQLite its
transaction (and `BEGIN IMMEDIATE`) has begun before the first one.

While anything listens for an engine's statements (`before_cursor_execute` or
`after_cursor_execute`: a tracer, a test counting queries), a `Prepared` statement runs through
Core instead, so the listener sees every statement; the direct paths run when nobody listens.

Every `Prepared` is made at import; `compile_all` compiles them for the app's dialect as it
starts, so a fresh process's first posts do not pay for it (~30 ms for the admission query).
"""

import sqlite3
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import ClauseElement, Executable
from sqlalchemy.sql.compiler import SQLCompiler

from app.db import asyncpg_direct
from app.db.inline_sqlite import InlineConnection

Processor = Callable[[Any], Any] | None

# Every one alive (the app's are module constants): what `compile_all` compiles.
_STATEMENTS: "weakref.WeakSet[Prepared]" = weakref.WeakSet()


class _Compiled:
    """One dialect's form of a statement: SQL, parameter names in order, their processors."""

    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        if compiled.insert_prefetch or compiled.update_prefetch:  # Python-side defaults
            raise TypeError("a Prepared statement gives every column's value itself")
        self.sql = compiled.string
        self.names: Sequence[str] = tuple(compiled.positiontup or ())
        binds = compiled._bind_processors  # the processors Core itself applies
        self.bind_processors: list[Processor] = [
            cast(Processor, binds.get(name)) for name in self.names
        ]
        self.result_processors: list[Processor] = [
            column[3]._cached_result_processor(dialect, None) for column in compiled._result_columns
        ]
        # Each parameter: given by the caller (required), or the statement's own literal (a
        # status, an empty string), without Core's general construct_params (~25 µs a call).
        # What only that handles, expanding IN lists and callable values, is refused.
        parameters = [compiled.binds.get(name) for name in self.names]
        if any(p is None or p.expanding or p.callable is not None for p in parameters):
            raise TypeError("a Prepared statement takes plain parameters (no IN lists)")
        self._plan = tuple(
            (name, p.required, p.value, process)
            for name, p, process in zip(self.names, parameters, self.bind_processors, strict=True)
            if p is not None
        )

    def arguments(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        arguments = []
        for name, required, literal, process in self._plan:
            if name in values:
                value = values[name]
            elif required:  # as Core says it
                raise InvalidRequestError(f"A value is required for bind parameter {name!r}")
            else:
                value = literal
            arguments.append(value if process is None else process(value))
        return tuple(arguments)

    def row(self, raw: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(
            value if process is None else process(value)
            for process, value in zip(self.result_processors, raw, strict=True)
        )


def _observed(connection: AsyncConnection) -> bool:
    """Whether something listens for the statements this connection runs."""
    dispatch = connection.sync_connection.dispatch  # type: ignore[union-attr]
    return bool(dispatch.before_cursor_execute or dispatch.after_cursor_execute)


class Prepared:
    """A Core statement run by `execute`, `scalar` or `rows` with a dict of its parameters."""

    def __init__(self, statement: ClauseElement, *, only_on: str | None = None) -> None:
        self.statement = statement
        self.only_on = only_on  # a dialect's name, for a statement only that dialect runs
        self._by_dialect: dict[str, _Compiled] = {}
        _STATEMENTS.add(self)

    def _compiled_for(self, dialect: Dialect) -> _Compiled:
        compiled = self._by_dialect.get(dialect.name)
        if compiled is None:
            compiled = self._by_dialect[dialect.name] = _Compiled(self.statement, dialect)
        return compiled

    def is_compiled_for(self, dialect: Dialect) -> bool:
        """Whether this statement has been compiled for the dialect yet."""
        return dialect.name in self._by_dialect

    def _inline(self, connection: AsyncConnection) -> tuple[InlineConnection, _Compiled] | None:
        driver = connection.sync_connection.connection.driver_connection  # type: ignore[union-attr]
        if not isinstance(driver, InlineConnection):
            return None
        return driver, self._compiled_for(connection.dialect)

    async def rows(
        self, connection: AsyncConnection, values: Mapping[str, Any]
    ) -> list[tuple[Any, ...]]:
        """Every row, as tuples in the statement's column order."""
        observed = _observed(connection)
        inline = None if observed else self._inline(connection)
        if inline is None:
            adapted = None if observed else asyncpg_direct.adapter_of(connection)
            if adapted is None:
                result = await connection.execute(cast(Executable, self.statement), dict(values))
                return [tuple(row) for row in result] if result.returns_rows else []
            compiled = self._compiled_for(connection.dialect)
            records = await asyncpg_direct.fetch(
                connection, adapted, compiled.sql, compiled.arguments(values)
            )
            return [compiled.row(record) for record in records]
        driver, compiled = inline
        arguments = compiled.arguments(values)
        try:
            raw = await driver.run(compiled.sql, arguments)
        except sqlite3.Error as error:  # as Core raises it: IntegrityError, OperationalError …
            raise DBAPIError.instance(compiled.sql, arguments, error, sqlite3.Error) from error
        return [compiled.row(row) for row in raw]

    async def first(
        self, connection: AsyncConnection, values: Mapping[str, Any]
    ) -> tuple[Any, ...] | None:
        """The first row, or None."""
        found = await self.rows(connection, values)
        return found[0] if found else None

    async def scalar(self, connection: AsyncConnection, values: Mapping[str, Any]) -> Any:
        """The first column of the first row, or None."""
        row = await self.first(connection, values)
        return None if row is None else row[0]

    async def execute(self, connection: AsyncConnection, values: Mapping[str, Any]) -> None:
        await self.rows(connection, values)


def compile_all(dialect: Dialect) -> int:
    """Compile every statement made so far for the dialect (at start-up); how many there are.
    Only the direct paths (SQLite's inline driver, asyncpg) run the compiled form: elsewhere
    Core compiles (and caches) its own, so there is nothing to do."""
    if dialect.name != "sqlite" and dialect.driver != "asyncpg":
        return 0
    statements = [s for s in _STATEMENTS if s.only_on in (None, dialect.name)]
    for statement in statements:
        statement._compiled_for(dialect)
    return len(statements)
