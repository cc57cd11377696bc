"""Moderation fixtures: credentials of every kind, and helpers to act through the admin API."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.crypto import hash_token, new_token
from app.db.base import utcnow
from app.db.session import Database
from app.identity.models import AuthSession, Identity, Moderator
from tests.builders import ADMIN, make_site
from tests.parts import part


def admin_path(site_id: str, rest: str = "") -> str:
    return f"/api/v1/admin/sites/{site_id}{rest}"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def make_token(client: httpx.AsyncClient, name: str, site_id: str | None) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/admin/tokens", json={"name": name, "site_id": site_id}, headers=ADMIN
    )
    assert response.status_code == 201, response.text
    token: dict[str, Any] = response.json()
    return token


async def make_identity(
    app: FastAPI,
    site_id: str,
    *,
    name: str = "Grace",
    email: str = "grace@example.org",
    scope: str = "admin",
) -> tuple[int, str]:
    """An OAuth identity with a session token for the site, as a login on /admin leaves it
    (`scope="commenter"`: as the widget's login leaves it, which opens no admin route)."""
    token = new_token()
    async with part(app, Database).write_sessions() as session:
        identity = Identity(provider="github", subject=new_token(8), display_name=name, email=email)
        session.add(identity)
        await session.flush()
        session.add(
            AuthSession(
                token_hash=hash_token(token),
                identity_id=identity.id,
                site_id=site_id,
                expires_at=utcnow() + timedelta(days=1),
                scope=scope,
            )
        )
        await session.commit()
        return identity.id, token


async def make_moderator(app: FastAPI, site_id: str, identity_id: int) -> None:
    async with part(app, Database).write_sessions() as session:
        session.add(Moderator(site_id=site_id, identity_id=identity_id))
        await session.commit()


@dataclass
class Sites:
    """Two sites, and a credential of each kind for each of them."""

    a_token: str
    b_token: str
    a_moderator: str
    b_moderator: str
    a_moderator_id: int


@pytest.fixture
async def sites(app: FastAPI, client: httpx.AsyncClient) -> Sites:
    await make_site(client, "blog")
    await make_site(client, "other", origins=["https://other.example"])
    a_token = (await make_token(client, "a", "blog"))["token"]
    b_token = (await make_token(client, "b", "other"))["token"]
    a_id, a_session = await make_identity(app, "blog", name="Mod A", email="moda@example.org")
    b_id, b_session = await make_identity(app, "other", name="Mod B", email="modb@example.org")
    await make_moderator(app, "blog", a_id)
    await make_moderator(app, "other", b_id)
    return Sites(a_token, b_token, a_session, b_session, a_id)


async def queue(
    client: httpx.AsyncClient,
    site_id: str = "blog",
    headers: dict[str, str] | None = None,
    **params: Any,
) -> dict[str, Any]:
    response = await client.get(
        admin_path(site_id, "/comments"), params=params, headers=headers or ADMIN
    )
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


async def act(
    client: httpx.AsyncClient,
    comment_id: int,
    action: str,
    site_id: str = "blog",
    headers: dict[str, str] | None = None,
    expect: int = 200,
) -> dict[str, Any]:
    response = await client.post(
        admin_path(site_id, f"/comments/{comment_id}/{action}"), headers=headers or ADMIN
    )
    assert response.status_code == expect, response.text
    result: dict[str, Any] = response.json()
    return result


async def audit_actions(
    client: httpx.AsyncClient, site_id: str = "blog"
) -> list[tuple[str, int | None]]:
    response = await client.get(admin_path(site_id, "/audit"), headers=ADMIN)
    assert response.status_code == 200, response.text
    return [(e["action"], e["comment_id"]) for e in response.json()["entries"]]
