"""Contracts C1 (the thread read carries the site bootstrap) and C2 (readable refused origin),
and oauth_only without any login refused by PATCH."""

import pytest

from tests.builders import ADMIN, SITE_ID, SITE_ORIGIN, make_site, post_comment
from tests.conftest import make_settings

THREAD = f"/api/v1/sites/{SITE_ID}/comments"


async def bootstrap(client, **params):
    response = await client.get(THREAD, params={"url": f"{SITE_ORIGIN}/p", **params})
    assert response.status_code == 200, response.text
    return response


class TestThreadBootstrap:
    async def test_site_settings_in_the_thread_read(self, client):
        await make_site(client, moderation="all", edit_window_seconds=60, max_depth=3)
        site = (await bootstrap(client)).json()["site"]
        assert site == {
            "id": SITE_ID,
            "name": "Blog",
            "closed": False,
            "guest_policy": "name_email",
            "moderation": "all",
            "edit_window_seconds": 60,
            "display_depth": 3,
            "max_depth": 3,
            "providers": [],
            "email_notifications": False,
            "can_comment": True,
            "cannot_comment_reason": None,
        }

    async def test_a_settings_change_changes_the_etag(self, client):
        await make_site(client)
        await post_comment(client, url=f"{SITE_ORIGIN}/p")
        first = await bootstrap(client)
        again = await client.get(
            THREAD,
            params={"url": f"{SITE_ORIGIN}/p"},
            headers={"If-None-Match": first.headers["etag"]},
        )
        assert again.status_code == 304
        patched = await client.patch(
            f"/api/v1/admin/sites/{SITE_ID}", json={"edit_window_seconds": 30}, headers=ADMIN
        )
        assert patched.status_code == 200
        after = await client.get(
            THREAD,
            params={"url": f"{SITE_ORIGIN}/p"},
            headers={"If-None-Match": first.headers["etag"]},
        )
        assert after.status_code == 200
        assert after.json()["site"]["edit_window_seconds"] == 30
        assert after.headers["etag"] != first.headers["etag"]

    async def test_closed_site_cannot_comment(self, client):
        await make_site(client, closed=True)
        site = (await bootstrap(client)).json()["site"]
        assert site["can_comment"] is False
        assert site["cannot_comment_reason"] == "closed"


class TestProvidersInBootstrap:
    @pytest.fixture
    def settings(self, database_url, tmp_path):
        return make_settings(
            database_url,
            tmp_path,
            github_client_id="id",
            github_client_secret="secret",
            smtp_url="smtp://127.0.0.1:2525",
        )

    async def test_enabled_providers_and_email(self, client):
        await make_site(client, guest_policy="oauth_only")
        site = (await bootstrap(client)).json()["site"]
        assert [(p["name"], p["label"]) for p in site["providers"]] == [("github", "GitHub")]
        assert site["providers"][0]["login_url"] == "http://testserver/auth/github/login"
        assert site["email_notifications"] is True
        assert site["can_comment"] is True

    async def test_disabling_the_last_provider_under_oauth_only_is_422(self, client):
        await make_site(client, guest_policy="oauth_only")
        response = await client.patch(
            f"/api/v1/admin/sites/{SITE_ID}", json={"disabled_providers": ["github"]}, headers=ADMIN
        )
        assert response.status_code == 422
        assert response.json()["type"] == "/problems/no-login-available"


class TestOAuthOnlyWithoutLogin:
    async def test_patch_is_refused_with_a_clear_422(self, client):
        await make_site(client)
        response = await client.patch(
            f"/api/v1/admin/sites/{SITE_ID}", json={"guest_policy": "oauth_only"}, headers=ADMIN
        )
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["type"] == "/problems/no-login-available"
        assert "login provider" in problem["detail"]
        site = (await client.get(f"/api/v1/admin/sites/{SITE_ID}", headers=ADMIN)).json()
        assert site["guest_policy"] == "name_email"

    async def test_site_created_so_says_no_login_available(self, client):
        await make_site(client, guest_policy="oauth_only")
        site = (await bootstrap(client)).json()["site"]
        assert site["can_comment"] is False
        assert site["cannot_comment_reason"] == "no_login_available"
