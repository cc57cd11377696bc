"""The HTTP cases: what each server is asked in each, and the loop that measures them."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from . import wrk
from .common import BENCH, BIG_THREAD, ORIGIN, POST_THREAD, SITE, log
from .data import Dataset, SeedComment, SeedThread
from .seed import Seeder, parley_counts_url
from .servers import Server


@dataclass(frozen=True)
class Case:
    key: str
    title: str
    isso_target: float | None = None  # Parley ÷ Isso target (issue 11)
    ceiling_target: float | None = None  # Parley ÷ ceiling target (issue 11)
    isso_reference: float | None = None  # Isso req/s in shared/notes/isso-peer.md (quiet machine)


CASES = {
    c.key: c
    for c in [
        Case("thread100", "GET a 100-comment thread (whole thread)", 200, 0.25, 23.7),
        Case("thread1000", "GET a whole 1,000-comment thread", 500, None, 2.4),
        Case("page100", "First page (limit 50) of the 100-comment thread"),
        Case("page10k", "First page (limit 50) of the big thread (10,000 comments; `--big`)"),
        Case("html100", "First page of the 100-comment thread as HTML (thread.html, issue 25)"),
        Case("counts", "Counts for 50 URLs (GET; Isso: POST /count)", 5, None, 1055),
        Case("counts_post", "Counts for 50 URLs, POST variant (Isso: POST /count)", 5),
        # The same requests twice (bench/post.lua): first on the database as the run grew it,
        # then each run on the 2,100-comment data set with the server restarted on a copy of
        # it taken right after seeding ("fresh": how issue 24 measured Isso from outside).
        Case("post_grown", "POST a comment, database as the run left it (grown)", 5),
        Case("post", "POST a comment, fresh: 2,100-comment copy, server restarted", 5, None, 189),
    ]
}
HTTP_CASES = list(CASES)
POST_CASES = ("post_grown", "post")


@dataclass
class Request:
    url: str
    script: list[str] | None = None  # wrk Lua script and its arguments
    method: str = "GET"
    body: bytes | None = None

    def fetch(self) -> httpx.Response:
        headers = {"Content-Type": "application/json"} if self.body is not None else {}
        r = httpx.request(self.method, self.url, content=self.body, headers=headers, timeout=120)
        if r.status_code >= 400:
            raise RuntimeError(f"{self.method} {self.url[:120]} → {r.status_code}: {r.text[:300]}")
        return r


@dataclass
class Features:
    """What a Parley build offers, read from its OpenAPI document."""

    counts_post_body: Callable[[list[str]], Any] | None = None
    events: bool = False

    @classmethod
    def from_openapi(cls, doc: dict[str, Any]) -> Features:
        paths = doc.get("paths", {})
        counts = paths.get("/api/v1/sites/{site_id}/counts", {})
        return cls(
            counts_post_body=_body_builder(doc, counts["post"]) if "post" in counts else None,
            events=any(p.startswith("/api/v1/sites/{site_id}/events") for p in paths),
        )


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = doc
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def _body_builder(doc: dict[str, Any], operation: dict[str, Any]) -> Callable[[list[str]], Any]:
    """A JSON body for the POST counts operation: a list of URLs, or an object whose (first)
    array property holds them."""
    content = operation.get("requestBody", {}).get("content", {})
    schema = _resolve(doc, content.get("application/json", {}).get("schema", {}))
    if schema.get("type") == "array":
        return lambda urls: urls
    names = [
        n
        for n, p in schema.get("properties", {}).items()
        if _resolve(doc, p).get("type") == "array"
    ]
    key = names[0] if names else "urls"
    return lambda urls: {key: urls}


def request_for(case: str, server: Server, data: Dataset, features: Features) -> Request | None:
    """The request a server is measured with in a case; None when it has no such thing."""
    count_uris = data.count_uris
    if server.kind == "ceiling":
        if case in POST_CASES:
            return Request(f"{server.base}/post", _post_script("parley"))
        if case == "counts_post":
            if features.counts_post_body is None:  # nothing of Parley's to compare with
                return None
            return Request(f"{server.base}/{case}", _count_script(b"[]"), "POST", b"[]")
        return Request(f"{server.base}/{case}")
    if server.kind == "isso" and case == "html100":
        return None  # Isso renders no HTML
    if server.kind == "isso":
        thread = {"thread100": "/posts/a", "thread1000": "/posts/b", "page100": "/posts/a"}
        if case in thread:
            page = "&limit=50" if case.startswith("page") else ""
            return Request(f"{server.base}/?uri={quote(thread[case], safe='')}{page}")
        if case == "page10k":
            if server.info.get("big") != "loaded":
                return None
            return Request(f"{server.base}/?uri={quote(BIG_THREAD, safe='')}&limit=50")
        if case in ("counts", "counts_post"):
            body = json.dumps(count_uris).encode()
            return Request(f"{server.base}/count", _count_script(body), "POST", body)
        return Request(f"{server.base}/new?uri={quote(POST_THREAD, safe='')}", _post_script("isso"))
    comments = f"{server.base}/api/v1/sites/{SITE}/comments?"
    reads: dict[str, tuple[str, int]] = {
        "thread100": ("/posts/a", 1000),
        "thread1000": ("/posts/b", 1000),
        "page100": ("/posts/a", 50),
        "page10k": (BIG_THREAD, 50),
    }
    if case in reads:
        uri, limit = reads[case]
        return Request(comments + urlencode({"url": ORIGIN + uri, "limit": limit}))
    if case == "html100":
        html = f"{server.base}/api/v1/sites/{SITE}/thread.html?"
        return Request(html + urlencode({"url": ORIGIN + "/posts/a"}))
    if case == "counts":
        return Request(parley_counts_url(server, count_uris))
    if case == "counts_post":
        if features.counts_post_body is None:
            return None
        body = json.dumps(features.counts_post_body([ORIGIN + u for u in count_uris])).encode()
        url = f"{server.base}/api/v1/sites/{SITE}/counts"
        return Request(url, _count_script(body), "POST", body)
    return Request(f"{server.base}/api/v1/sites/{SITE}/comments", _post_script("parley"))


def _post_script(mode: str) -> list[str]:
    return [str(BENCH / "post.lua"), mode, ORIGIN + POST_THREAD, ORIGIN]


def _count_script(body: bytes) -> list[str]:
    return [str(BENCH / "count.lua"), body.decode()]


def post_probe(server: Server, data: Dataset) -> bytes:
    """One POST as the POST case sends it; its response is the ceiling's body for that case."""
    seeder = Seeder("parley", server.base, data.commenters, 1)
    body = seeder.request(data.post_thread, SeedComment(None, 1, "x" * 200), None)[1]
    r = httpx.post(
        f"{server.base}/api/v1/sites/{SITE}/comments",
        json=body,
        headers={"Origin": ORIGIN},
        timeout=60,
    )
    r.raise_for_status()
    return r.content


def one_post_seconds(server: Server, data: Dataset) -> float:
    """How long one comment POST takes on this server (not on the POST case's thread)."""
    seeder = Seeder(server.kind, server.base, data.commenters, 1)
    thread = SeedThread("/posts/timing", "Timing probes", [])  # a thread no case reads
    body: dict[str, Any] = {}
    path = "/post"
    if server.kind != "ceiling":
        path, body = seeder.request(thread, SeedComment(None, 2, "Timing probe. " * 30), None)
    t0 = time.perf_counter()
    httpx.post(server.base + path, json=body, headers={"Origin": ORIGIN}, timeout=120)
    return time.perf_counter() - t0


@dataclass
class Results:
    """Every measurement of the run: case → server name → figures."""

    measures: dict[str, dict[str, wrk.Measure]] = field(default_factory=dict)
    sizes: dict[str, dict[str, int]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def add(self, case: str, server: Server, measure: wrk.Measure) -> None:
        self.measures.setdefault(case, {})[server.name] = measure


Hook = Callable[[str, Server, Request, int], None]
# The fresh POST case, left for the rounds that measure every server in turn (cli.py): the
# server, its request and the length of a run.
Defer = Callable[[Server, Request, int], None]


def measure_server(
    server: Server,
    cases: list[str],
    data: Dataset,
    features: Features,
    results: Results,
    duration: int,
    runs: int,
    deadline: float,
    defer_fresh_post: Defer,
    after: Hook | None = None,
    max_length: int = 30,
) -> None:
    """Run every selected case against one server, until the run's time budget is spent;
    the fresh POST case goes to `defer_fresh_post` (the servers take turns for it)."""
    for key in cases:
        request = request_for(key, server, data, features)
        if request is None:
            results.skipped.append(f"{CASES[key].title}: {server.label} has no such request")
            log(f"case {key}: skipped on {server.name} (no such request)")
            continue
        if time.monotonic() > deadline:
            results.skipped.append(f"{CASES[key].title} on {server.label}: time budget spent")
            log(f"case {key}: skipped on {server.name} (time budget spent)")
            continue
        log(f"case {key} on {server.name}")
        server.settle()
        if key in POST_CASES:
            latency = one_post_seconds(server, data)
        else:
            size = len(request.fetch().content)  # warm (fills Parley's page cache)
            results.sizes.setdefault(key, {})[server.label] = size
            t0 = time.perf_counter()
            request.fetch()
            latency = time.perf_counter() - t0
        # A slow server gets a longer run, so that enough requests complete to be measured.
        queued = latency * wrk.CONNECTIONS / (os.cpu_count() or 1)
        length = min(max_length, max(duration, round(queued * 4)))
        if key == "post":
            defer_fresh_post(server, request, length)
            continue
        measure = wrk.run(server, request.url, length, runs, request.script)
        results.add(key, server, measure)
        log(f"  memory after {key}: {measure.memory}")
        if measure.median.requests == 0:
            results.skipped.append(
                f"{CASES[key].title} on {server.label}: no request completed in {length} s"
            )
        if after:
            after(key, server, request, length)
