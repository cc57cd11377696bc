"""The served OpenAPI document: every error response is documented as problem+json."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

PROBLEM_CONTENT = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
CLIENT_ERRORS = {
    "description": "Client error (RFC 9457 problem details); `type` is a stable slug",
    "content": PROBLEM_CONTENT,
}


HTML_ERRORS = {
    "description": "Client error: an HTML page for the person who opened the link or popup, or "
    "problem+json when the request itself is malformed",
    "content": {"text/html": {"schema": {"type": "string"}}, **PROBLEM_CONTENT},
}


def _problem_responses(operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    # Pages opened in a browser (the login popup, mail links) answer errors as HTML, the API as
    # problem+json.
    is_page = any("text/html" in r.get("content", {}) for r in responses.values())
    for code, response in list(responses.items()):
        if code[0] in "45":
            if is_page:
                responses[code] = HTML_ERRORS
                continue
            response["content"] = PROBLEM_CONTENT
            if code == "422":
                response["description"] = "Invalid input"
    responses.setdefault("4XX", HTML_ERRORS if is_page else CLIENT_ERRORS)


def install_openapi(app: FastAPI, problem_schema: dict[str, Any]) -> None:
    """Replace app.openapi() with a generator that documents problem+json errors."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas["Problem"] = problem_schema
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        for path_item in document.get("paths", {}).values():
            for operation in path_item.values():
                _problem_responses(operation)
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]
