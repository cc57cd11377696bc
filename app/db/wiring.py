"""Typed, explicit wiring: the parts that domains above plug into the sessions of domains below.

A lower domain names the kind of part it needs by a class (`CommentListeners`, `OutboxWake`,
`PersonalDataParts`); the composition (`app/assembly.py`) registers one instance of each when
the app or the CLI is assembled, and every session of that `Database` finds it through
`wiring_of(session)`. A part that a domain requires and nobody registered raises
`MissingWiring`: a change is never silently left unannounced.
"""

from typing import TypeVar

T = TypeVar("T")


class MissingWiring(RuntimeError):
    """A required part was never registered where the sessions were built."""


class Wiring:
    """One instance per kind of part, registered at assembly."""

    def __init__(self, *parts: object) -> None:
        self._parts: dict[type, object] = {}
        for part in parts:
            self.register(part)

    def register(self, part: object) -> None:
        if type(part) in self._parts:
            raise ValueError(f"{type(part).__name__} is registered already")
        self._parts[type(part)] = part

    def find(self, kind: type[T]) -> T | None:
        """The registered part of this kind, if any (for parts that are optional by nature)."""
        part = self._parts.get(kind)
        return part if isinstance(part, kind) else None

    def require(self, kind: type[T]) -> T:
        part = self.find(kind)
        if part is None:
            raise MissingWiring(f"nothing registered a {kind.__name__} for these sessions")
        return part


UNWIRED = Wiring()  # sessions that no Database built (a test's own session)
