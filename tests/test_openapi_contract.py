"""The committed OpenAPI document is a contract generators turn into clean clients: names a
person would choose, valid for a third-party validator, every error a problem with known types."""

import copy
import json
import re
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, FastAPI, File, Form, UploadFile
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from pydantic import BaseModel

from app.errors import Problem, problem_types, problems
from app.openapi import OUTPUT
from app.openapi_schema import install_openapi, operation_id

DOCUMENT: dict[str, Any] = json.loads(OUTPUT.read_text())
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
OPERATIONS = [
    (method, path, operation)
    for path, item in DOCUMENT["paths"].items()
    for method, operation in item.items()
]
SCHEMAS: dict[str, Any] = DOCUMENT["components"]["schemas"]
REF = "#/components/schemas/"


def route_made(name: str) -> list[str]:
    """Why a name looks generated from a route (FastAPI's defaults), if it does."""
    reasons = []
    lowered = name.lower()
    if "api_v1" in lowered or "apiv1" in lowered:
        reasons.append("api_v1")
    if "__" in name:
        reasons.append("__")
    if name.startswith("Body_"):
        reasons.append("Body_")
    for method in METHODS:
        if re.search(rf"(_{method}|{method.title()})$", name):
            reasons.append(f"ends with the method {method}")
    return reasons


class TestOperationIds:
    def test_every_operation_has_a_short_unique_tag_and_name_id(self):
        ids = [operation["operationId"] for _, _, operation in OPERATIONS]
        assert len(ids) == len(set(ids))
        for (_, _, operation), operation_id_ in zip(OPERATIONS, ids, strict=True):
            assert re.fullmatch(r"[a-z]+-[a-z][a-z0-9_]*", operation_id_), operation_id_
            assert len(operation_id_) <= 40, operation_id_
            assert operation_id_.split("-")[0] == operation["tags"][0]

    @pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS)
    def test_no_id_carries_the_path_or_the_method(self, method, path, operation):
        operation_id_ = operation["operationId"]
        assert route_made(operation_id_) == []
        assert not operation_id_.endswith(f"_{method}")
        for parameter in re.findall(r"\{(\w+)\}", path):
            assert parameter not in operation_id_, (operation_id_, path)

    def test_every_operation_has_a_one_line_summary(self):
        for method, path, operation in OPERATIONS:
            summary = operation.get("summary", "")
            assert summary, (method, path)
            assert "\n" not in summary and len(summary) <= 100, summary


class TestSchemaNames:
    @pytest.mark.parametrize("name", sorted(SCHEMAS))
    def test_every_schema_has_a_name_a_person_would_choose(self, name):
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", name), name
        assert route_made(name) == []
        assert len(name) <= 40

    def test_the_checks_catch_fastapis_default_names(self):
        """The checks can fail: the names issue 27 reported are each caught."""
        for name in (
            "create_comment_api_v1_sites__site_id__comments_post",
            "Body_import_file_api_v1_admin_sites__site_id__import_post",
            "ReadThreadApiV1SitesSiteIdCommentsGetSort",
        ):
            assert route_made(name) != [], name

    def test_every_enum_is_a_named_schema(self):
        """No enum inline in a parameter, body or property: generators would name it after
        the route (`ReadThreadApiV1…Sort`) or the property."""
        inline: list[str] = []

        def walk(node: Any, where: str) -> None:
            if isinstance(node, dict):
                if "enum" in node and not re.fullmatch(r"components/schemas/\w+", where):
                    inline.append(where)
                for key, value in node.items():
                    walk(value, f"{where}/{key}")
            elif isinstance(node, list):
                for index, value in enumerate(node):
                    walk(value, f"{where}/{index}")

        walk(DOCUMENT, "")
        inline = [where.removeprefix("/") for where in inline]
        assert [w for w in inline if not re.fullmatch(r"components/schemas/\w+", w)] == []

    def test_named_enums_and_bodies(self):
        sort = next(
            p
            for p in DOCUMENT["paths"]["/api/v1/sites/{site_id}/comments"]["get"]["parameters"]
            if p["name"] == "sort"
        )
        assert sort["schema"]["$ref"] == REF + "ThreadSort"
        upload = DOCUMENT["paths"]["/api/v1/admin/sites/{site_id}/import"]["post"]
        schema = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
        assert schema == {"$ref": REF + "ImportFileUpload"}
        assert SCHEMAS["ImportFileUpload"]["title"] == "ImportFileUpload"


class TestValidity:
    def test_the_committed_document_passes_openapi_spec_validator(self):
        validate(DOCUMENT)

    def test_the_validator_refuses_a_broken_document(self):
        broken = copy.deepcopy(DOCUMENT)
        del broken["paths"]["/healthz"]["get"]["responses"]["200"]["description"]
        with pytest.raises(OpenAPIValidationError):
            validate(broken)


def error_schemas(operation: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (code, response["content"]["application/problem+json"]["schema"])
        for code, response in operation["responses"].items()
        if code[0] in "45"
    ]


class TestProblems:
    @pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS)
    def test_every_error_response_is_a_problem(self, method, path, operation):
        for code, schema in error_schemas(operation):
            name = schema["$ref"].removeprefix(REF)
            assert name == "Problem" or SCHEMAS[name]["allOf"] == [{"$ref": REF + "Problem"}], (
                method,
                path,
                code,
            )

    def test_documented_statuses_list_every_known_type(self):
        """A generated client can match on every `type` the server answers with that status:
        each `AppError` subclass's slug is in its status's enum."""
        create = DOCUMENT["paths"]["/api/v1/sites/{site_id}/comments"]["post"]
        by_code = {code: schema["$ref"].removeprefix(REF) for code, schema in error_schemas(create)}
        assert by_code["403"] == "ForbiddenProblem"
        types = SCHEMAS[SCHEMAS["ForbiddenProblem"]["properties"]["type"]["$ref"].split("/")[-1]]
        assert {"/problems/banned", "/problems/thread-closed", "/problems/forbidden"} <= set(
            types["enum"]
        )
        assert types["x-enum-varnames"][types["enum"].index("/problems/banned")] == "BANNED"
        for status, slugs in problem_types().items():
            for name, schema in SCHEMAS.items():
                if name.endswith("ProblemType") and f"a {status} problem" in schema["description"]:
                    assert schema["enum"] == [f"/problems/{slug}" for slug in slugs]


class LaterForm(BaseModel):
    note: str


def later_app() -> FastAPI:
    """An app with routes like the ones other domains add later, built the way main.py builds."""
    app = FastAPI(generate_unique_id_function=operation_id)
    router = APIRouter()  # no tags: the domain names the operation

    @router.post("/api/v1/sites/{site_id}/later", responses=problems(409, 422))
    async def post_later_form(
        site_id: str, scope: Annotated[str, Form()], upload: Annotated[UploadFile, File()]
    ) -> LaterForm:
        """Take a form post from a page without JavaScript.

        More words that stay out of the summary."""
        return LaterForm(note=site_id + scope + str(upload.filename))

    @router.post("/api/v1/sites/{site_id}/later/plain")
    async def post_later_plain(site_id: str, note: Annotated[str, Form()]) -> None:
        """A form without a file."""

    app.include_router(router)
    install_openapi(app, Problem)
    return app


class TestRoutesAddedLater:
    def test_are_named_by_their_domain_and_function(self):
        document = later_app().openapi()
        operation = document["paths"]["/api/v1/sites/{site_id}/later"]["post"]
        # The domain is the package under the project's root package (here: this test module).
        assert operation["operationId"] == "test_openapi_contract-post_later_form"
        assert operation["tags"] == ["test_openapi_contract"]
        assert operation["summary"] == "Take a form post from a page without JavaScript"
        body = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
        assert body == {"$ref": REF + "PostLaterFormUpload"}
        plain = document["paths"]["/api/v1/sites/{site_id}/later/plain"]["post"]
        form = plain["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
        assert form == {"$ref": REF + "PostLaterPlainForm"}
        assert [name for name in document["components"]["schemas"] if route_made(name)] == []

    def test_their_error_types_are_listed(self):
        document = later_app().openapi()
        operation = document["paths"]["/api/v1/sites/{site_id}/later"]["post"]
        conflict = operation["responses"]["409"]["content"]["application/problem+json"]
        assert conflict["schema"] == {"$ref": REF + "ConflictProblem"}
        enum = document["components"]["schemas"]["ConflictProblemType"]["enum"]
        assert enum == [f"/problems/{slug}" for slug in problem_types()[409]]
        validate(document)
