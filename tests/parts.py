"""The parts of a running app, as its runtime holds them (app/runtime.py), for tests."""

from typing import TypeVar

from app.db.changes import ChangeToken
from app.runtime import runtime_of

T = TypeVar("T")


def part(app: object, kind: type[T]) -> T:
    """The app's registered part of this kind."""
    return runtime_of(app).require(kind)


def replace_part(app: object, new: object) -> None:
    """Swap one of the app's parts for another of its kind (settings pointing at a stub)."""
    runtime_of(app).replace(new)


def change_token(app: object) -> ChangeToken:
    """The app's change token (a protocol: mypy takes only concrete classes for `type[T]`)."""
    return part(app, ChangeToken)  # type: ignore[type-abstract]
