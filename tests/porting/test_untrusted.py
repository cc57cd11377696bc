"""Imports are untrusted input (issue 10, finding 2): the public API's validators for every
field, no roles granted, identities/moderators/scores restored only by root, bounded input."""

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import func, select

from app.comments.models import Comment
from app.db.session import Database
from app.identity.models import Identity, Moderator
from app.main import create_app
from tests.builders import ADMIN, SITE_ORIGIN, make_site, post_comment, read_thread
from tests.conftest import make_settings
from tests.dbs import empty_all_tables
from tests.moderation.conftest import bearer, make_identity, make_token
from tests.parts import part
from tests.porting.builders import wxr, wxr_comment

IMPORT = "/api/v1/admin/sites/blog/import"
POST = f"{SITE_ORIGIN}/t/"
T = "2024-01-01T00:00:00Z"


@pytest.fixture
async def app(database_url: str, tmp_path: Path) -> AsyncIterator[FastAPI]:
    application = create_app(make_settings(database_url, tmp_path, max_import_bytes=256 * 1024))
    async with LifespanManager(application):
        yield application
    await empty_all_tables(database_url)


@pytest.fixture
async def api(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers={"Origin": SITE_ORIGIN}
    ) as client:
        await make_site(client)
        yield client


async def upload(
    api: httpx.AsyncClient, data: bytes, fmt: str, headers: dict[str, str], **params: Any
) -> httpx.Response:
    return await api.post(
        IMPORT,
        params={"format": fmt, **params},
        files={"file": ("export", data, "application/octet-stream")},
        headers=headers,
    )


def parley(*records: dict[str, Any]) -> bytes:
    return json.dumps(
        {"format": "parley", "version": 1, "site": None, "records": list(records)}
    ).encode()


THREAD = {
    "type": "thread",
    "url": POST,
    "title": "T",
    "closed": False,
    "pinned": None,
    "created_at": T,
}
VICTIM = {
    "type": "identity",
    "provider": "github",
    "subject": "victim",
    "display_name": "Victim",
    "avatar_url": "javascript:alert(1)",
    "profile_url": "javascript:alert(document.domain)",
    "email": "victim@example.org",
    "created_at": T,
    "last_login_at": None,
}
MODERATOR = {"type": "moderator", "identity": "github:victim", "created_at": T}


def comment(key: str = "x:1", **fields: Any) -> dict[str, Any]:
    return {
        "type": "comment",
        "key": key,
        "parent": None,
        "identity": None,
        "author_name": "Mallory",
        "author_email": None,
        "author_website": None,
        "author_ip_hash": None,
        "body": "b",
        "body_html": "<p>b</p>",
        "status": "approved",
        "score": 0,
        "edit_token_hash": None,
        "created_at": T,
        "edited_at": None,
        "votes": [],
        **fields,
    }


async def site_token(api: httpx.AsyncClient) -> dict[str, str]:
    return bearer((await make_token(api, "owner", "blog"))["token"])


async def add_victim(app: FastAPI) -> int:
    async with part(app, Database).write_sessions() as session:
        victim = Identity(provider="github", subject="victim", display_name="Victim")
        session.add(victim)
        await session.commit()
        return victim.id


async def scalar(app: FastAPI, query: Any) -> Any:
    async with part(app, Database).read_sessions() as session:
        return await session.scalar(query)


class TestHostileFields:
    async def test_a_javascript_website_is_not_stored(self, api: httpx.AsyncClient) -> None:
        data = wxr((1, POST, [wxr_comment(1), wxr_comment(2)])).replace(
            b"<wp:comment_author>Author 1</wp:comment_author>",
            b"<wp:comment_author>Author 1</wp:comment_author>"
            b"<wp:comment_author_url>javascript:alert(document.domain)</wp:comment_author_url>",
        )
        response = await upload(api, data, "wordpress", ADMIN)
        assert response.status_code == 200, response.text
        report = response.json()
        assert report["adjusted"] == {"website-dropped": 1}
        assert report["reasons"][0]["source_ids"] == ["wordpress:1"]
        page = await read_thread(api, POST)
        assert [c["author"]["website"] for c in page["comments"]] == [None, None]
        strict = await upload(api, data, "wordpress", ADMIN, strict="true")
        assert strict.status_code == 422
        assert (
            "author_website 'javascript:alert(document.domain)' refused" in strict.json()["detail"]
        )

    @pytest.mark.parametrize(
        "website",
        ["JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://x.example"],
    )
    async def test_only_http_websites(self, api: httpx.AsyncClient, website: str) -> None:
        data = parley(THREAD, comment(author_website=website))
        assert (await upload(api, data, "parley", ADMIN)).status_code == 200
        assert (await read_thread(api, POST))["comments"][0]["author"]["website"] is None

    async def test_names_are_normalised_and_unstorable_text_cleaned(
        self, api: httpx.AsyncClient
    ) -> None:
        data = parley(THREAD, comment(author_name="  Ada \n  Lovelace ", body="a\u0000b"))
        assert (await upload(api, data, "parley", ADMIN)).status_code == 200
        [shown] = (await read_thread(api, POST))["comments"]
        assert shown["author"]["name"] == "Ada Lovelace"

    async def test_no_bidi_controls_in_names(self, api: httpx.AsyncClient) -> None:
        data = parley(THREAD, comment(author_name="\u202eadmin"))
        assert (await upload(api, data, "parley", ADMIN)).status_code == 200
        assert (await read_thread(api, POST))["comments"][0]["author"]["name"] == "admin"

    async def test_dates_at_the_limits_are_not_a_500(self, api: httpx.AsyncClient) -> None:
        data = parley(THREAD, comment(created_at="0001-01-01T00:00:00+14:00"))
        strict = await upload(api, data, "parley", ADMIN, strict="true")
        assert strict.status_code == 422
        assert "out of range" in strict.json()["detail"]
        response = await upload(api, data, "parley", ADMIN)
        assert response.status_code == 200, response.text
        assert response.json()["adjusted"] == {"date-out-of-range": 1}
        assert (await read_thread(api, POST))["comments"][0]["created_at"] > "2026"

    @pytest.mark.parametrize("fmt", ["parley", "commento"])
    async def test_deeply_nested_json_is_a_4xx(self, api: httpx.AsyncClient, fmt: str) -> None:
        data = (
            b'{"format": "parley", "version": 1, "records": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
        )
        response = await upload(api, data, fmt, ADMIN)
        assert response.status_code == 422
        assert "nested deeper than 32 levels" in response.json()["detail"]


class TestWhoMayRestore:
    async def test_a_site_token_cannot_grant_roles_or_borrow_identities(
        self, app: FastAPI, api: httpx.AsyncClient
    ) -> None:
        victim = await add_victim(app)
        data = parley(VICTIM, MODERATOR, THREAD, comment(identity="github:victim", score=50))
        response = await upload(api, data, "parley", await site_token(api))
        assert response.status_code == 200, response.text
        report = response.json()
        assert report["adjusted"] == {"identity-not-restored": 1, "score-not-restored": 1}
        assert report["skipped"] == {"moderator-not-restored": 1}
        [shown] = (await read_thread(api, POST))["comments"]
        assert (shown["author"]["verified"], shown["author"]["name"], shown["score"]) == (
            False,
            "Mallory",
            0,
        )
        assert await scalar(app, select(func.count()).select_from(Moderator)) == 0
        assert await scalar(app, select(Comment.identity_id)) is None
        assert await scalar(app, select(func.count()).select_from(Identity)) == 1
        assert victim

    async def test_an_identity_of_the_site_keeps_its_comments(
        self, app: FastAPI, api: httpx.AsyncClient
    ) -> None:
        identity_id, session_token = await make_identity(app, "blog", name="Grace")
        await post_comment(api, "mine", url=POST, headers=bearer(session_token))
        subject = await scalar(app, select(Identity.subject).where(Identity.id == identity_id))
        data = parley(
            {**VICTIM, "subject": subject, "display_name": "Grace"},
            THREAD,
            comment(identity=f"github:{subject}"),
        )
        response = await upload(api, data, "parley", await site_token(api))
        assert response.status_code == 200, response.text
        assert response.json()["adjusted"] == {}
        count = await scalar(app, select(func.count()).where(Comment.identity_id == identity_id))
        assert count == 2

    async def test_root_restores_identities_moderators_and_scores(
        self, app: FastAPI, api: httpx.AsyncClient
    ) -> None:
        data = parley(VICTIM, MODERATOR, THREAD, comment(identity="github:victim", score=5))
        response = await upload(api, data, "parley", ADMIN)
        assert response.status_code == 200, response.text
        [shown] = (await read_thread(api, POST))["comments"]
        assert (shown["author"]["verified"], shown["score"]) == (True, 5)
        assert await scalar(app, select(func.count()).select_from(Moderator)) == 1
        stored = await scalar(app, select(Identity).where(Identity.subject == "victim"))
        assert (stored.profile_url, stored.avatar_url) == (None, None)

    async def test_a_moderator_cannot_import(self, app: FastAPI, api: httpx.AsyncClient) -> None:
        identity_id, session_token = await make_identity(app, "blog")
        async with part(app, Database).write_sessions() as session:
            session.add(Moderator(site_id="blog", identity_id=identity_id))
            await session.commit()
        data = parley(THREAD, comment())
        response = await upload(api, data, "parley", bearer(session_token))
        assert response.status_code == 403
        assert (await read_thread(api, POST))["comments"] == []
