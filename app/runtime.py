"""The app's runtime: the parts built once per app (settings, the server key, the database, the
rate limits, the live hub, …), each registered once by the composition and asked for by its class.

The composition (`app/main.py`) builds a `Runtime` in `create_app`, gives it to the app
(`ParleyApp`) and to the middlewares that need a part built later, and registers every part in
one place (`create_app` and its lifespan). A domain reaches its own part through a typed
dependency it declares (`LiveDep = Annotated[Live, Depends(part(Live))]` in `live/`), so core
never imports a domain and nothing reads `request.app.state`. A part that is asked for and was
never registered raises `MissingPart`, naming it. A lookup is one attribute read and one dict
read: no await, cheap enough for every request.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar, cast

from fastapi import Depends, FastAPI, Request

from app.config import Settings

T = TypeVar("T")


class MissingPart(RuntimeError):
    """A part was asked for that the composition never registered."""


class Runtime:
    """One instance per kind of part, registered once when the app is assembled."""

    def __init__(self) -> None:
        self._parts: dict[type, object] = {}

    def register(self, part: object, *, kind: type | None = None) -> None:
        """Register `part` under `kind` (its own class by default; a protocol's parts name it)."""
        key = kind or type(part)
        if key in self._parts:
            raise ValueError(f"a {key.__name__} is registered already")
        self._parts[key] = _checked(part, key)

    def replace(self, part: object, *, kind: type | None = None) -> None:
        """Swap a registered part for another of its kind (tests: settings with a stub's URL)."""
        key = kind or type(part)
        if key not in self._parts:
            raise MissingPart(f"no {key.__name__} is registered to replace")
        self._parts[key] = _checked(part, key)

    def unregister(self, kind: type) -> None:
        """Take a part out (a lifespan's own parts, as it ends: the app may start again)."""
        self._parts.pop(kind, None)

    def find(self, kind: type[T]) -> T | None:
        """The part of this kind, if any (for parts that are optional by nature)."""
        return cast("T | None", self._parts.get(kind))

    def require(self, kind: type[T]) -> T:
        part = self._parts.get(kind)
        if part is None:
            raise MissingPart(f"no {kind.__name__} was registered in this app's runtime")
        return cast(T, part)


def _checked(part: object, kind: type) -> object:
    if not getattr(kind, "_is_protocol", False) and not isinstance(part, kind):
        raise TypeError(f"{type(part).__name__} is not a {kind.__name__}")
    return part


class ParleyApp(FastAPI):
    """A FastAPI app that carries its runtime."""

    def __init__(self, runtime: Runtime, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.runtime = runtime


def runtime_of(app: object) -> Runtime:
    """The runtime of an app (`request.app`, `scope["app"]`, or the app itself in tests)."""
    runtime = getattr(app, "runtime", None)
    if not isinstance(runtime, Runtime):
        raise MissingPart("this app carries no Runtime (build it with app.main.create_app)")
    return runtime


def part(kind: type[T]) -> Callable[[Request], Awaitable[T]]:
    """A FastAPI dependency that answers the app's registered `kind` (async: no threadpool hop)."""

    async def registered(request: Request) -> T:
        return runtime_of(request.app).require(kind)

    registered.__name__ = registered.__qualname__ = f"registered_{kind.__name__}"
    return registered


@dataclass(frozen=True)
class ServerKey:
    """The server's signing and hashing key (configured, or generated once in the data dir)."""

    value: str


async def get_secret_key(request: Request) -> str:
    return runtime_of(request.app).require(ServerKey).value


AppSettings = Annotated[Settings, Depends(part(Settings))]
SecretKey = Annotated[str, Depends(get_secret_key)]
