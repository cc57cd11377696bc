"""Site administration and the public site config."""

import pytest

from tests.builders import ADMIN, SITE_ID, make_site


class TestCreateSite:
    async def test_create_and_read(self, client):
        site = await make_site(
            client, origins=["HTTPS://Blog.Example:443/", "http://localhost:8001"]
        )
        assert site["origins"] == ["https://blog.example", "http://localhost:8001"]
        assert site["moderation"] == "none"
        assert site["guest_policy"] == "name_email"
        assert site["edit_window_seconds"] == 900
        listed = (await client.get("/api/v1/admin/sites", headers=ADMIN)).json()
        assert [s["id"] for s in listed["sites"]] == [SITE_ID]

    async def test_duplicate_id_is_409(self, client):
        await make_site(client)
        response = await client.post(
            "/api/v1/admin/sites",
            json={"id": SITE_ID, "origins": ["https://x.example"]},
            headers=ADMIN,
        )
        assert response.status_code == 409
        assert response.headers["content-type"] == "application/problem+json"

    @pytest.mark.parametrize(
        "payload",
        [
            {"id": "Bad Id", "origins": ["https://x.example"]},
            {"id": "ok", "origins": ["not-an-origin"]},
            {"id": "ok", "origins": ["https://x.example/with/path"]},
            {"id": "ok", "origins": []},
            {"id": "ok", "origins": ["https://x.example"], "moderation": "sometimes"},
            {"id": "ok", "origins": ["https://x.example"], "edit_window_seconds": -1},
        ],
    )
    async def test_invalid_payloads_are_422(self, client, payload):
        response = await client.post("/api/v1/admin/sites", json=payload, headers=ADMIN)
        assert response.status_code == 422
        assert response.json()["type"] == "/problems/invalid-input"

    @pytest.mark.parametrize(
        "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic x"}]
    )
    async def test_requires_admin_token(self, client, headers):
        response = await client.post(
            "/api/v1/admin/sites",
            json={"id": "x", "origins": ["https://x.example"]},
            headers=headers,
        )
        assert response.status_code == 401
        assert (await client.get("/api/v1/admin/sites", headers=headers)).status_code == 401


class TestUpdateSite:
    async def test_patch_changes_only_sent_fields(self, client):
        await make_site(client)
        response = await client.patch(
            f"/api/v1/admin/sites/{SITE_ID}",
            json={"moderation": "all", "max_depth": 2},
            headers=ADMIN,
        )
        assert response.status_code == 200
        body = response.json()
        assert body["moderation"] == "all" and body["max_depth"] == 2
        assert body["origins"] == ["https://blog.example"]

    async def test_patch_unknown_site_is_404(self, client):
        response = await client.patch(
            "/api/v1/admin/sites/nope", json={"closed": True}, headers=ADMIN
        )
        assert response.status_code == 404


class TestPublicSite:
    async def test_public_config_hides_admin_fields(self, client):
        await make_site(client)
        response = await client.get(f"/api/v1/sites/{SITE_ID}")
        assert response.status_code == 200
        body = response.json()
        assert body["guest_policy"] == "name_email"
        assert "origins" not in body and "spam_settings" not in body

    async def test_unknown_site(self, client):
        response = await client.get("/api/v1/sites/nope")
        assert response.status_code == 404


class TestHostileSiteIds:
    @pytest.mark.parametrize("site_id", ["bad%00id", "x" * 300, "%F0%9F%92%A9"])
    async def test_never_reach_the_database(self, client, site_id):
        for path in (f"/api/v1/sites/{site_id}", f"/api/v1/sites/{site_id}/auth/providers"):
            response = await client.get(path)
            assert response.status_code in (404, 422), (path, response.text)
        login = await client.get(
            "/auth/github/login", params={"site": "a\x00b", "origin": "https://x", "challenge": "c"}
        )
        assert login.status_code < 500
