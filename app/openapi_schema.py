"""The served OpenAPI document: names a person would choose, and every error as problem+json.

Everything here is derived from the routes, so a route added later gets the same treatment:
- `operation_id`: `<tag>-<function name>` (`comments-create_comment`); the tag is the route's
  first tag, else its domain (`app.identity.router` → `identity`), and untagged operations get
  that tag too, so generated clients group them.
- a one-line `summary`: the docstring's first sentence (an explicit `summary=` wins).
- multipart and form bodies, which FastAPI names `Body_<operation id>`, are named after the
  route: `ImportFileUpload` (multipart), `UnsubscribeForm` (urlencoded).
- each documented error status is a named problem schema that narrows `Problem.type` to the
  stable slugs the application can answer with that status (`NotFoundProblem`), derived from
  the `AppError` subclasses, so a generated client can branch on them.
"""

import re
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import BaseModel

from app.errors import PROBLEM_STATUS_NAMES, problem_types

REF = "#/components/schemas/"
PROBLEM_CONTENT = {"application/problem+json": {"schema": {"$ref": REF + "Problem"}}}
CLIENT_ERRORS = {
    "description": "Client error (RFC 9457 problem details); `type` is a stable slug",
    "content": PROBLEM_CONTENT,
}


HTML_ERRORS = {
    "description": "Client error: an HTML page for the person who opened the link or popup, or "
    "problem+json when the request itself is malformed",
    "content": {"text/html": {"schema": {"type": "string"}}, **PROBLEM_CONTENT},
}

SUMMARY_MAX = 100
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)`'\"])\.(?:\s|$)")


def operation_tag(route: APIRoute) -> str:
    """The route's first tag, else the domain its endpoint lives in."""
    if route.tags:
        return str(route.tags[0])
    parts = route.endpoint.__module__.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def operation_id(route: APIRoute) -> str:
    """FastAPI's `generate_unique_id_function`: `<tag>-<route function name>`."""
    return f"{operation_tag(route)}-{route.name}"


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\-\s]+", name) if part)


def _summary(operation: dict[str, Any], name: str) -> None:
    """The docstring's first sentence replaces FastAPI's title-cased function name."""
    description = operation.get("description") or ""
    if operation.get("summary") != name.replace("_", " ").title() or not description:
        return
    paragraph = " ".join(description.split("\n\n", 1)[0].split())
    end = _SENTENCE_END.search(paragraph)
    sentence = paragraph[: end.start()] if end else paragraph.rstrip(".")
    if len(sentence) > SUMMARY_MAX:
        sentence = re.split(r"[;:] ", sentence, maxsplit=1)[0]
    if len(sentence) <= SUMMARY_MAX:
        operation["summary"] = sentence


def _body_names(document: dict[str, Any]) -> dict[str, str]:
    """`Body_<operation id>` schemas → a name after the route and the body's media type."""
    renames: dict[str, str] = {}
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                ref = content.get("schema", {}).get("$ref", "")
                if not ref.startswith(REF + "Body_"):
                    continue
                suffix = {"multipart/form-data": "Upload"}.get(media, "Form")
                name = operation["operationId"].split("-", 1)[-1]
                renames[ref.removeprefix(REF)] = _pascal(name) + suffix
    return renames


def _rename_schemas(document: dict[str, Any], renames: dict[str, str]) -> None:
    schemas = document["components"]["schemas"]
    for old, new in renames.items():
        if new in schemas:
            raise RuntimeError(f"OpenAPI: cannot name {old} {new}: the name is taken")
        schemas[new] = {**schemas.pop(old), "title": new}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.removeprefix(REF) in renames:
                node["$ref"] = REF + renames[ref.removeprefix(REF)]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)


def _is_page(operation: dict[str, Any]) -> bool:
    return "text/html" in operation.get("responses", {}).get("200", {}).get("content", {})


def _problem_schemas(schemas: dict[str, Any], used: set[str]) -> dict[str, str]:
    """One named schema per documented error status, `type` narrowed to its known slugs."""
    names: dict[str, str] = {}
    for status, slugs in problem_types().items():
        name = PROBLEM_STATUS_NAMES.get(status)
        if name is None or str(status) not in used:
            continue
        schemas[f"{name}ProblemType"] = {
            "title": f"{name}ProblemType",
            "description": f"The `type` of a {status} problem: a stable URI reference",
            "type": "string",
            "enum": [f"/problems/{slug}" for slug in slugs],
            # Member names for generated enums (openapi-python-client, and others that read it).
            "x-enum-varnames": [slug.replace("-", "_").upper() for slug in slugs],
        }
        schemas[f"{name}Problem"] = {
            "title": f"{name}Problem",
            "description": f"A {status} problem (RFC 9457) whose `type` is one of the known slugs",
            "allOf": [{"$ref": REF + "Problem"}],
            "type": "object",
            "properties": {"type": {"$ref": f"{REF}{name}ProblemType"}},
            "required": ["type", "title", "status"],
        }
        names[str(status)] = f"{name}Problem"
    return names


def _problem_responses(operation: dict[str, Any], named: dict[str, str]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    # Pages opened in a browser (the login popup, mail links) answer errors as HTML, the API as
    # problem+json.
    is_page = _is_page(operation) or any(
        "text/html" in response.get("content", {}) for response in responses.values()
    )
    for code, response in list(responses.items()):
        if code[0] in "45":
            if is_page:
                responses[code] = HTML_ERRORS
                continue
            schema = {"$ref": REF + named.get(code, "Problem")}
            response["content"] = {"application/problem+json": {"schema": schema}}
            if code == "422":
                response["description"] = "Invalid input"
    responses.setdefault("4XX", HTML_ERRORS if is_page else CLIENT_ERRORS)


def finish_document(document: dict[str, Any], problem: type[BaseModel]) -> None:
    """Problem schemas, tags, summaries and body names on FastAPI's document, in place."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    problem_schema = problem.model_json_schema(ref_template=REF + "{model}")
    schemas.update(problem_schema.pop("$defs", {}))
    schemas["Problem"] = problem_schema
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    operations = [op for item in document.get("paths", {}).values() for op in item.values()]
    used = {code for op in operations if not _is_page(op) for code in op.get("responses", {})}
    named = _problem_schemas(schemas, used)
    for operation in operations:
        tag, name = operation["operationId"].split("-", 1)
        operation.setdefault("tags", [tag])
        _summary(operation, name)
        _problem_responses(operation, named)
    _rename_schemas(document, _body_names(document))


def install_openapi(app: FastAPI, problem: type[BaseModel]) -> None:
    """Replace app.openapi() with a generator that names things and documents problem+json."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        finish_document(document, problem)
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]
