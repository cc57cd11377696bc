"""Typed application errors and the RFC 9457 problem+json rendering of every error."""

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"


class FieldError(BaseModel):
    """One invalid field of a request: where (`loc`), what (`msg`), and its kind (`type`)."""

    loc: list[str]
    msg: str
    type: str


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str | None = None
    errors: list[FieldError] | None = Field(default=None, description="Invalid input only")


class AppError(Exception):
    """A domain failure with an HTTP status and a stable type slug."""

    status = 400
    type = "bad-request"
    title = "Bad request"

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        self.extra = extra


class NotFound(AppError):
    status, type, title = 404, "not-found", "Not found"


class Forbidden(AppError):
    status, type, title = 403, "forbidden", "Forbidden"


class Unauthorized(AppError):
    status, type, title = 401, "unauthorized", "Authentication required"


class Conflict(AppError):
    status, type, title = 409, "conflict", "Conflict"


class InvalidInput(AppError):
    status, type, title = 422, "invalid-input", "Invalid input"


class RateLimited(AppError):
    status, type, title = 429, "rate-limited", "Too many requests"


class PayloadTooLarge(AppError):
    status, type, title = 413, "payload-too-large", "Request body too large"


_DESCRIPTIONS = {
    400: "Bad request",
    401: "Missing, unknown or expired credentials",
    403: "Not allowed",
    404: "No such resource",
    405: "Method not allowed",
    409: "Conflict with the current state",
    413: "Request body too large",
    422: "Invalid input",
    429: "Too many requests; see Retry-After",
    503: "Temporarily unavailable; see Retry-After",
}


def problems(*codes: int, **described: str) -> dict[int | str, dict[str, Any]]:
    """A route's documented problem outcomes, for `responses=`: `problems(404, 422)`, or with
    route-specific wording `problems(403, 404, e404="No such site")`."""
    return {
        code: {
            "model": Problem,
            "content": {PROBLEM_MEDIA_TYPE: {}},
            "description": described.get(f"e{code}", _DESCRIPTIONS.get(code, "Error")),
        }
        for code in codes
    }


# Problem types answered outside `AppError` (FastAPI's validation, the ASGI middleware).
_OTHER_TYPES = {422: ("invalid-input",), 500: ("internal-error",), 503: ("service-unavailable",)}

# Names of the per-status problem schemas of the OpenAPI document (`NotFoundProblem`).
PROBLEM_STATUS_NAMES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    409: "Conflict",
    413: "PayloadTooLarge",
    422: "InvalidInput",
    429: "RateLimited",
    503: "ServiceUnavailable",
}


def _error_classes(cls: type[AppError]) -> list[type[AppError]]:
    found = [cls]
    for sub in cls.__subclasses__():
        found += _error_classes(sub)
    return found


def problem_types() -> dict[int, list[str]]:
    """Every stable `type` slug the application answers, by status (for the OpenAPI document):
    the `AppError` subclasses defined so far, the generic slugs of HTTP errors, the middleware's."""
    types: dict[int, set[str]] = {}
    for status, slugs in _OTHER_TYPES.items():
        types.setdefault(status, set()).update(slugs)
    for status, (slug, _) in _STATUS_SLUGS.items():
        types.setdefault(status, set()).add(slug)
    for cls in _error_classes(AppError):
        types.setdefault(cls.status, set()).add(cls.type)
    return {status: sorted(slugs) for status, slugs in sorted(types.items())}


def problem_response(
    status: int,
    type_: str,
    title: str,
    detail: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {"type": f"/problems/{type_}", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def app_error_response(exc: AppError) -> JSONResponse:
    """A domain error as its problem (the app's handler, and layers that answer before routing)."""
    headers = exc.extra.pop("headers", None)
    return problem_response(exc.status, exc.type, exc.title, exc.detail, headers, **exc.extra)


_STATUS_SLUGS = {
    400: ("bad-request", "Bad request"),
    401: ("unauthorized", "Authentication required"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    413: ("payload-too-large", "Request body too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    429: ("rate-limited", "Too many requests"),
}


def _json_safe_errors(errors: Any) -> list[dict[str, Any]]:
    safe = []
    for err in errors:
        safe.append(
            {
                "loc": [str(part) for part in err.get("loc", ())],
                "msg": str(err.get("msg", "")),
                "type": str(err.get("type", "")),
            }
        )
    return safe


def _path_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))


class AllowedMethods:
    """Every method the API answers on a path (for `Allow`), from the app's OpenAPI document
    (read once, on the first 405)."""

    def __init__(self, app: FastAPI) -> None:
        self._app = app
        self._table: list[tuple[re.Pattern[str], set[str]]] | None = None

    def on(self, path: str) -> str:
        if self._table is None:
            paths = self._app.openapi().get("paths", {})
            self._table = [(_path_pattern(p), {m.upper() for m in ops}) for p, ops in paths.items()]
        methods = {"OPTIONS"}
        for pattern, declared in self._table:
            if pattern.fullmatch(path):
                methods |= declared
        if "GET" in methods:
            methods.add("HEAD")
        return ", ".join(sorted(methods))


def install_error_handlers(app: FastAPI) -> None:
    """Render every error, validation and unexpected ones included, as problem+json."""
    allowed = AllowedMethods(app)

    @app.exception_handler(AppError)
    async def _app_error(_: Request, exc: AppError) -> JSONResponse:
        return app_error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _json_safe_errors(exc.errors())
        first = errors[0] if errors else {}
        detail = f"{'.'.join(first.get('loc', []))}: {first.get('msg', '')}" if first else None
        return problem_response(422, "invalid-input", "Invalid input", detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette names only the first route's methods; a path may have several routes.
            headers["Allow"] = allowed.on(request.url.path)
            if request.method == "OPTIONS":
                return Response(status_code=204, headers=headers)
        slug, title = _STATUS_SLUGS.get(exc.status_code, ("http-error", "HTTP error"))
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail != title else None
        return problem_response(exc.status_code, slug, title, detail, headers)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, __: Exception) -> JSONResponse:
        return problem_response(500, "internal-error", "Internal server error")
