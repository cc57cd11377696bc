"""Seeding: each server through its own comments API, big threads through Parley's import."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, urlencode

import httpx

from .common import ORIGIN, SITE, log
from .data import Commenter, Dataset, SeedComment, SeedThread
from .servers import Server


class Seeder:
    """Posts threads concurrently: each thread's first comment alone (it creates the thread),
    then its other top-level comments, then the replies (which need their parents' ids)."""

    def __init__(self, kind: str, base: str, commenters: list[Commenter], concurrency: int):
        self.kind, self.base, self.commenters = kind, base, commenters
        self.limit = asyncio.Semaphore(concurrency)
        self.posted = 0
        self.retries = 0

    def request(
        self, thread: SeedThread, c: SeedComment, parent_id: int | None
    ) -> tuple[str, dict[str, Any]]:
        who = self.commenters[c.author]
        if self.kind == "isso":
            return f"/new?uri={quote(thread.uri, safe='')}", {
                "text": c.body,
                "author": who.name,
                "email": who.email,
                "website": who.website,
                "parent": parent_id,
                "title": thread.title,
            }
        body: dict[str, Any] = {
            "url": ORIGIN + thread.uri,
            "title": thread.title,
            "body": c.body,
            "author_name": who.name,
            "author_email": who.email,
        }
        if who.website:
            body["author_website"] = who.website
        if parent_id is not None:
            body["parent_id"] = parent_id
        return f"/api/v1/sites/{SITE}/comments", body

    async def post(
        self, client: httpx.AsyncClient, thread: SeedThread, c: SeedComment, parent_id: int | None
    ) -> int:
        path, body = self.request(thread, c, parent_id)
        async with self.limit:
            for attempt in range(8):
                try:
                    r: httpx.Response | None = await client.post(path, json=body)
                except httpx.HTTPError:
                    r = None
                if r is not None and r.status_code == 201:
                    self.posted += 1
                    return int(r.json()["id"])
                if r is not None and r.status_code < 500 and r.status_code != 429:
                    raise RuntimeError(
                        f"{self.kind} refused a seed comment: {r.status_code} {r.text[:500]}"
                    )
                self.retries += 1
                await asyncio.sleep(0.05 * 2**attempt)
        raise RuntimeError(f"{self.kind}: a seed comment failed 8 times")

    async def seed_thread(self, client: httpx.AsyncClient, thread: SeedThread) -> None:
        ids: dict[int, int] = {}
        tops = [i for i, c in enumerate(thread.comments) if c.parent is None]
        replies = [i for i, c in enumerate(thread.comments) if c.parent is not None]
        ids[tops[0]] = await self.post(client, thread, thread.comments[tops[0]], None)

        async def one(i: int) -> None:
            c = thread.comments[i]
            ids[i] = await self.post(client, thread, c, None if c.parent is None else ids[c.parent])

        await asyncio.gather(*(one(i) for i in tops[1:]))
        await asyncio.gather(*(one(i) for i in replies))

    async def seed(self, threads: list[SeedThread]) -> None:
        headers = {"Origin": ORIGIN, "Referer": ORIGIN + "/"}
        limits = httpx.Limits(max_connections=64)
        # No cookie jar: Isso sets an edit cookie per comment, which would pile up in the headers.
        no_cookies = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
        async with httpx.AsyncClient(
            base_url=self.base, headers=headers, timeout=60, limits=limits, cookies=no_cookies
        ) as client:
            await asyncio.gather(*(self.seed_thread(client, t) for t in threads))


def seed(server: Server, data: Dataset, threads: list[SeedThread], concurrency: int) -> float:
    t0 = time.monotonic()
    seeder = Seeder(server.kind, server.base, data.commenters, concurrency)
    asyncio.run(seeder.seed(threads))
    elapsed = time.monotonic() - t0
    log(
        f"seeded {server.name}: {seeder.posted} comments in {elapsed:.1f} s "
        f"({seeder.posted / elapsed:.0f}/s, {seeder.retries} retried)"
    )
    return elapsed


# --- Parley export documents (docs/export-format.md), written in their streaming layout -------

SITE_FIELDS = ["id", "name", "origins", "moderation", "guest_policy", "edit_window_seconds"]
SITE_FIELDS += ["max_depth", "closed", "disabled_providers", "spam_settings", "created_at"]
BASE_TIME = datetime(2026, 1, 1, tzinfo=UTC).timestamp()


def stamp(seconds: int) -> str:
    return datetime.fromtimestamp(BASE_TIME + seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def renderer() -> Callable[[str], str]:
    """Parley's own Markdown renderer (bodies stored exactly as a POST would), memoized."""
    import sys

    from .common import app_root

    if str(app_root()) not in sys.path:
        sys.path.insert(0, str(app_root()))
    from app.comments.render import render_markdown

    cache: dict[str, str] = {}

    def render(body: str) -> str:
        if body not in cache:
            cache[body] = render_markdown(body)
        return cache[body]

    return render


def thread_records(
    thread: SeedThread,
    commenters: list[Commenter],
    render: Callable[[str], str],
    key: str,
    clock: int = 0,
) -> Iterator[dict[str, Any]]:
    yield {
        "type": "thread",
        "url": ORIGIN + thread.uri,
        "title": thread.title,
        "closed": False,
        "pinned": None,
        "created_at": stamp(clock),
    }
    for i, c in enumerate(thread.comments):
        who = commenters[c.author]
        yield {
            "type": "comment",
            "key": f"{key}:{i}",
            "parent": None if c.parent is None else f"{key}:{c.parent}",
            "identity": None,
            "author_name": who.name,
            "author_email": who.email,
            "author_website": who.website,
            "author_ip_hash": None,
            "body": c.body,
            "body_html": render(c.body),
            "status": "approved",
            "score": 0,
            "edit_token_hash": None,
            "created_at": stamp(clock + i + 1),
            "edited_at": None,
            "votes": [],
        }


def write_document(out: IO[str], site: dict[str, Any], records: Iterable[dict[str, Any]]) -> int:
    """Write a Parley export document record by record; returns the number of records."""
    out.write('{"format": "parley", "version": 1,\n')
    out.write('"site": ' + json.dumps({k: site[k] for k in SITE_FIELDS}) + ",\n")
    out.write('"records": [\n')
    n = 0
    for record in records:
        out.write((",\n" if n else "") + json.dumps(record))
        n += 1
    out.write("\n]}\n")
    return n


def import_thread(server: Server, data: Dataset, thread: SeedThread, admin_token: str) -> str:
    """Load a big thread through the admin import endpoint (the comments API if that fails)."""
    from .parley import auth

    t0 = time.monotonic()
    try:
        r = httpx.get(f"{server.base}/api/v1/admin/sites/{SITE}", headers=auth(admin_token))
        r.raise_for_status()
        path = Path(server.launch.env["PARLEY_DATA_DIR"]) / "big-import.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w") as out:
            records = thread_records(thread, data.commenters, renderer(), "bench")
            write_document(out, r.json(), records)
        with path.open("rb") as doc:
            r = httpx.post(
                f"{server.base}/api/v1/admin/sites/{SITE}/import",
                params={"format": "parley"},
                headers=auth(admin_token),
                timeout=600,
                files={"file": ("big.json", doc, "application/json")},
            )
        if r.status_code != 200:
            raise RuntimeError(f"{r.status_code} {r.text[:300]}")
        how = (
            "imported through `POST /api/v1/admin/sites/{site}/import?format=parley` "
            f"({path.stat().st_size / 1e6:.1f} MB document, {time.monotonic() - t0:.1f} s)"
        )
    except (RuntimeError, httpx.HTTPError) as exc:
        log(f"admin import failed ({exc}); seeding {thread.uri} through the comments API")
        seed(server, data, [thread], concurrency=32)
        how = f"seeded through the comments API ({time.monotonic() - t0:.0f} s)"
    count = parley_counts(server, [thread.uri])[thread.uri]
    if count != len(thread.comments):
        raise RuntimeError(f"{thread.uri} has {count} comments, not {len(thread.comments)}")
    log(f"{server.name}: {thread.uri} has {count:,} comments, {how}")
    return how


def parley_counts_url(server: Server, uris: list[str]) -> str:
    query = urlencode([("url", ORIGIN + u) for u in uris])
    return f"{server.base}/api/v1/sites/{SITE}/counts?{query}"


def parley_counts(server: Server, uris: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i in range(0, len(uris), 100):
        chunk = uris[i : i + 100]
        r = httpx.get(parley_counts_url(server, chunk), timeout=30)
        r.raise_for_status()
        counts = r.json()["counts"]
        found.update({u: counts.get(ORIGIN + u) for u in chunk})
    return found


def isso_counts(server: Server, uris: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i in range(0, len(uris), 100):
        chunk = uris[i : i + 100]
        r = httpx.post(f"{server.base}/count", json=chunk, timeout=30)
        r.raise_for_status()
        found.update(zip(chunk, r.json(), strict=True))
    return found


def verify_counts(server: Server, threads: list[SeedThread]) -> None:
    expected = {t.uri: len(t.comments) for t in threads}
    counter = isso_counts if server.kind == "isso" else parley_counts
    got = counter(server, list(expected))
    wrong = {u: (got.get(u), n) for u, n in expected.items() if got.get(u) != n}
    if wrong:
        raise RuntimeError(f"{server.name} counts differ from the seed: {list(wrong.items())[:5]}")
    log(f"seed verified on {server.name}: every thread's count matches")
