"""Small typed builders for test data, all through the public API."""

from typing import Any

import httpx

ADMIN_TOKEN = "test-admin-token-0123456789"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
SITE_ID = "blog"
SITE_ORIGIN = "https://blog.example"
POST_URL = f"{SITE_ORIGIN}/2026/hello-world/"


async def make_site(
    client: httpx.AsyncClient,
    site_id: str = SITE_ID,
    origins: list[str] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/admin/sites",
        json={
            "id": site_id,
            "name": site_id.title(),
            "origins": origins or [SITE_ORIGIN],
            **fields,
        },
        headers=ADMIN,
    )
    assert response.status_code == 201, response.text
    site: dict[str, Any] = response.json()
    return site


async def post_comment(
    client: httpx.AsyncClient,
    body: str = "Nice post!",
    *,
    site_id: str = SITE_ID,
    url: str = POST_URL,
    parent_id: int | None = None,
    expect: int = 201,
    headers: dict[str, str] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "url": url,
        "title": "Hello, world",
        "body": body,
        "author_name": "Ada",
        "author_email": "ada@example.org",
        **fields,
    }
    if parent_id is not None:
        payload["parent_id"] = parent_id
    response = await client.post(f"/api/v1/sites/{site_id}/comments", json=payload, headers=headers)
    assert response.status_code == expect, response.text
    comment: dict[str, Any] = response.json()
    return comment


async def read_thread(
    client: httpx.AsyncClient, url: str = POST_URL, site_id: str = SITE_ID, **params: Any
) -> dict[str, Any]:
    response = await client.get(f"/api/v1/sites/{site_id}/comments", params={"url": url, **params})
    assert response.status_code == 200, response.text
    thread: dict[str, Any] = response.json()
    return thread
