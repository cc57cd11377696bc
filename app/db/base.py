"""Declarative base with a naming convention, and the shared column types."""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar

from sqlalchemy import JSON, DateTime, MetaData, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, make_transient_to_detached, mapped_column
from sqlalchemy.orm.attributes import instance_state
from sqlalchemy.orm.instrumentation import manager_of_class

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class CreatedAtMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


M = TypeVar("M", bound=Base)


def loaded(model: type[M], columns: Iterable[str], values: Iterable[Any]) -> M:
    """An object as a session would have read it from a row and then closed: every column
    loaded (so nothing lazy-loads), detached. For rows read by Core, which costs less than
    the ORM's loading. Filled as the ORM's own loader fills an object (its state's dict, no
    constructor, no attribute events: a third of the cost), then given its identity."""
    instance = manager_of_class(model).new_instance()
    state = instance_state(instance)
    mapper = state.mapper
    for column, value in zip(columns, values, strict=True):
        if column not in mapper.column_attrs:  # as the constructor refuses it
            raise TypeError(f"{column!r} is not a column attribute of {model.__name__}")
        state.dict[column] = value
    make_transient_to_detached(instance)
    return instance
