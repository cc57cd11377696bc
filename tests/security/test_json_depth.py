"""Issue 23 item 1: the JSON depth check is linear, so one body cannot freeze the process.

The old check (a backtracking string pattern) took ~20 s on a 64 KB body of escaped quotes
followed by deep nesting, before routing, authentication or rate limits; the import parsers had
the same pattern. The hostile bodies below are that body.
"""

import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.jsondepth import MAX_JSON_DEPTH, json_depth_exceeds
from tests.builders import ADMIN, make_site

JSON = {"Content-Type": "application/json"}


def hostile(size: int) -> bytes:
    """Escaped quotes that no string ends, then deep nesting: quadratic for the old pattern."""
    return b'\\"' * (size // 2 - 20) + b"[" * 40


def hostile_in_string(size: int) -> bytes:
    """The same inside a JSON value: an unterminated string of escaped quotes and brackets."""
    return b'{"body": ["' + b'\\"[' * (size // 3 - 10) + b"[" * 10


def benign(size: int) -> bytes:
    """Ordinary JSON of the same size, with brackets in and out of strings."""
    item = {"id": 1, "body": 'a [link](x) "quoted" \\ {x}', "tags": [1, [2]], "meta": {}}
    return json.dumps([item] * (size // len(json.dumps(item)))).encode()


def depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    return 0


TEXT = st.text(alphabet=st.sampled_from('[]{}"\\ a\u00e9\n\x01/'), max_size=8)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=40,
)


class TestDepthCheck:
    @settings(max_examples=400, deadline=None)
    @given(value=VALUES, limit=st.integers(0, 6), ensure_ascii=st.booleans())
    def test_agrees_with_the_parsed_depth(self, value: Any, limit: int, ensure_ascii: bool):
        text = json.dumps(value, ensure_ascii=ensure_ascii)
        assert json_depth_exceeds(text, limit) is (depth(value) > limit)
        assert json_depth_exceeds(text.encode(), limit) is (depth(value) > limit)

    @pytest.mark.parametrize(
        ("doc", "exceeds"),
        [
            (
                b'["\\\\"' + b"[" * 40 + b"]" * 40 + b"]",
                True,
            ),  # an escaped backslash ends no string
            (b'["\\"' + b"[" * 40 + b'"]', False),  # an escaped quote ends no string
            (b'["' + b"\\\\" * 3 + b'\\"[[' * 20 + b'"]', False),
            (b"[" * 33 + b"]" * 33, True),
            (b"[" * 32 + b"]" * 32, False),
            (b"[]" * 10_000, False),
            (b"[]" * 10_000 + b"[" * 33, True),
            (b"{" * 40, True),  # truncated: unbalanced
            (b"}" * 40 + b"{" * 40, True),
            (hostile(64 * 1024), True),
            (hostile_in_string(64 * 1024), True),  # unterminated: its brackets do not balance
        ],
    )
    def test_examples(self, doc: bytes, exceeds: bool):
        assert json_depth_exceeds(doc) is exceeds
        assert json_depth_exceeds(doc.decode()) is exceeds

    def test_work_grows_linearly_on_hostile_bodies(self):
        """From 64 KB to 1 MB (16x), work on a hostile body grows like work on a benign one;
        the old pattern's grew with the square (256x). Ratios of CPU time, no threshold on it."""

        def work(make: Callable[[int], bytes], size: int) -> float:
            doc = make(size)
            runs = []
            for _ in range(5):
                start = time.process_time()
                json_depth_exceeds(doc)
                runs.append(time.process_time() - start)
            return max(min(runs), 1e-6)

        def growth(make: Callable[[int], bytes]) -> float:
            return work(make, 1024 * 1024) / work(make, 64 * 1024)

        baseline = growth(benign)
        for make in (hostile, hostile_in_string):
            assert growth(make) < 4 * max(baseline, 16), (make.__name__, growth(make), baseline)


class TestThroughTheAPI:
    @pytest.mark.parametrize(
        "path",
        ["/api/v1/sites/blog/comments", "/nowhere", "/api/v1/admin/sites/blog/import"],
    )
    async def test_hostile_body_is_refused_on_any_path(self, client: httpx.AsyncClient, path: str):
        await make_site(client)
        response = await client.post(path, content=hostile(60 * 1024), headers={**ADMIN, **JSON})
        assert response.status_code == 422, response.text
        assert response.json()["type"] == "/problems/invalid-input"

    async def test_a_json_body_to_an_upload_path_has_the_ordinary_limit(
        self, client: httpx.AsyncClient
    ):
        """Uploads are multipart; a 50 MB JSON body to a path ending in /import was read whole
        and scanned before routing."""
        await make_site(client)
        for path in ("/api/v1/admin/sites/blog/import", "/api/v1/admin/sites/blog/imports"):
            response = await client.post(path, content=hostile(96 * 1024), headers=JSON)
            assert response.status_code == 413, response.text
            assert response.json()["type"] == "/problems/payload-too-large"

    @pytest.mark.parametrize("fmt", ["commento", "parley"])
    async def test_hostile_import_file_is_a_prompt_422(self, client: httpx.AsyncClient, fmt: str):
        await make_site(client)
        for data in (hostile(1024 * 1024), b'{"a": [' + hostile(1024 * 1024) + b"]}"):
            response = await client.post(
                "/api/v1/admin/sites/blog/import",
                params={"format": fmt},
                files={"file": ("export.json", data, "application/octet-stream")},
                headers=ADMIN,
            )
            assert response.status_code == 422, response.text
            assert "JSON" in response.json()["detail"]

    async def test_a_truncated_import_file_names_where_it_stops(self, client: httpx.AsyncClient):
        await make_site(client)
        data = json.dumps({"pages": [{"x": [1, 2]}] * 40}).encode()[:-20]
        response = await client.post(
            "/api/v1/admin/sites/blog/import",
            params={"format": "commento"},
            files={"file": ("export.json", data, "application/octet-stream")},
            headers=ADMIN,
        )
        assert response.status_code == 422, response.text
        assert "malformed JSON at line 1" in response.json()["detail"]


def test_the_limit_is_the_documented_one():
    assert MAX_JSON_DEPTH == 32


class TestContentTypes:
    @pytest.mark.parametrize(
        "content_type", [None, " application/json", "APPLICATION/JSON; charset=utf-8", "text/plain"]
    )
    async def test_deep_body_under_any_content_type_is_a_4xx(
        self, client: httpx.AsyncClient, content_type: str | None
    ):
        """FastAPI parses a body without a Content-Type as JSON: it must be checked too."""
        await make_site(client)
        body = b'{"url": "https://blog.example/p", "body": ' + b"[" * 20_000 + b"]" * 20_000 + b"}"
        headers = {} if content_type is None else {"Content-Type": content_type}
        response = await client.post("/api/v1/sites/blog/comments", content=body, headers=headers)
        assert 400 <= response.status_code < 500, response.text
