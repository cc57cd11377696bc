"""Admin API routes the /admin console needs: configured providers, people search, sending a
webhook delivery again, unknown provider names refused, and the audit log naming people."""

from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from app.config import Settings
from tests.builders import ADMIN, make_site, post_comment
from tests.conftest import make_settings
from tests.moderation.conftest import admin_path, bearer, make_identity, make_token
from tests.notifications.test_webhooks import (
    Receiver,
    deliveries,
    hooks_path,
    make_webhook,
    run_worker,
)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return make_settings(
        database_url,
        tmp_path,
        github_client_id="console-test-id",
        github_client_secret="console-test-secret",
        webhook_allow_private=True,
        outbox_worker=False,
    )


class TestProviders:
    async def test_every_configured_provider_with_the_site_switch(self, client):
        await make_site(client, disabled_providers=["github"])
        response = await client.get(admin_path("blog", "/providers"), headers=ADMIN)
        assert response.status_code == 200, response.text
        assert response.json() == {
            "providers": [{"name": "github", "label": "GitHub", "icon": "github", "enabled": False}]
        }

    async def test_another_sites_token_is_refused(self, client):
        await make_site(client)
        await make_site(client, "other", origins=["https://other.example"])
        other = (await make_token(client, "o", "other"))["token"]
        response = await client.get(admin_path("blog", "/providers"), headers=bearer(other))
        assert response.status_code == 403

    async def test_unknown_site_is_404(self, client):
        response = await client.get(admin_path("nosuch", "/providers"), headers=ADMIN)
        assert response.status_code == 404


class TestUnknownProviderRefused:
    async def test_a_typo_is_refused_on_update(self, client):
        await make_site(client)
        response = await client.patch(
            admin_path("blog"), json={"disabled_providers": ["gihtub"]}, headers=ADMIN
        )
        assert response.status_code == 422, response.text
        problem = response.json()
        assert problem["type"].endswith("unknown-provider")
        assert "'gihtub'" in problem["detail"] and "github" in problem["detail"]
        site = (await client.get(admin_path("blog"), headers=ADMIN)).json()
        assert site["disabled_providers"] == []

    async def test_a_typo_is_refused_on_create(self, client):
        response = await client.post(
            "/api/v1/admin/sites",
            json={"id": "blog", "origins": ["https://blog.example"], "disabled_providers": ["x1"]},
            headers=ADMIN,
        )
        assert response.status_code == 422, response.text
        assert (await client.get(admin_path("blog"), headers=ADMIN)).status_code == 404

    @pytest.mark.parametrize("names", [["github"], ["google"], []])
    async def test_configured_and_built_in_names_are_accepted(self, client, names):
        await make_site(client)
        response = await client.patch(
            admin_path("blog"), json={"disabled_providers": names}, headers=ADMIN
        )
        assert response.status_code == 200, response.text
        assert response.json()["disabled_providers"] == names


class TestPeopleSearch:
    async def test_finds_the_sites_people_by_name_or_provider(self, app: FastAPI, client):
        await make_site(client)
        await make_site(client, "other", origins=["https://other.example"])
        grace, _ = await make_identity(app, "blog", name="Grace Hopper")
        await make_identity(app, "other", name="Grace Elsewhere", email="g2@example.org")
        response = await client.get(
            admin_path("blog", "/people"), params={"q": "grace"}, headers=ADMIN
        )
        assert response.status_code == 200, response.text
        assert response.json() == {
            "people": [
                {
                    "identity_id": grace,
                    "name": "Grace Hopper",
                    "provider": "github",
                    "moderator": False,
                }
            ]
        }
        by_provider = await client.get(
            admin_path("blog", "/people"), params={"q": "GitHub"}, headers=ADMIN
        )
        assert [p["identity_id"] for p in by_provider.json()["people"]] == [grace]
        assert "grace@example.org" not in by_provider.text

    async def test_marks_moderators_and_escapes_wildcards(self, app: FastAPI, client):
        await make_site(client)
        grace, _ = await make_identity(app, "blog", name="Grace")
        put = await client.put(admin_path("blog", f"/moderators/{grace}"), headers=ADMIN)
        assert put.status_code == 200
        found = await client.get(admin_path("blog", "/people"), params={"q": "race"}, headers=ADMIN)
        assert found.json()["people"][0]["moderator"] is True
        for wildcard in ("%", "_"):
            none = await client.get(
                admin_path("blog", "/people"), params={"q": wildcard}, headers=ADMIN
            )
            assert none.json() == {"people": []}

    @pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "x" * 101}, {"q": "a", "limit": 51}])
    async def test_bad_queries_are_422(self, client, params):
        await make_site(client)
        response = await client.get(admin_path("blog", "/people"), params=params, headers=ADMIN)
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"


class TestRedeliver:
    async def test_a_delivered_event_is_sent_again_and_audited(self, app, client):
        await make_site(client)
        with Receiver() as receiver:
            hook = await make_webhook(client, receiver.url, ["comment.created"])
            await post_comment(client)
            await run_worker(app)
            [delivery] = await deliveries(client, hook["id"])
            assert delivery["status"] == "succeeded"
            path = hooks_path(rest=f"/{hook['id']}/deliveries/{delivery['id']}/retry")
            response = await client.post(path, headers=ADMIN)
            assert response.status_code == 200, response.text
            assert response.json()["status"] == "pending"
            again = await client.post(path, headers=ADMIN)
            assert again.status_code == 409  # still being sent
            await run_worker(app)
            first, second = receiver.requests
        assert first.body == second.body
        assert first.headers["webhook-id"] == second.headers["webhook-id"]
        [delivery] = await deliveries(client, hook["id"])
        assert delivery["status"] == "succeeded"
        entries = (await client.get(admin_path("blog", "/audit"), headers=ADMIN)).json()
        assert entries["entries"][0]["action"] == "webhook.redeliver"
        assert entries["entries"][0]["detail"] == {
            "webhook_id": hook["id"],
            "delivery_id": delivery["id"],
        }

    async def test_another_sites_delivery_is_404(self, app, client):
        await make_site(client)
        await make_site(client, "other", origins=["https://other.example"])
        with Receiver() as receiver:
            hook = await make_webhook(client, receiver.url, ["comment.created"])
            other = await make_webhook(client, receiver.url, ["comment.created"], site_id="other")
            await post_comment(client)
            await run_worker(app)
        [delivery] = await deliveries(client, hook["id"])
        rest = f"/{other['id']}/deliveries/{delivery['id']}/retry"
        response = await client.post(hooks_path("other", rest), headers=ADMIN)
        assert response.status_code == 404
        mixed = await client.post(
            hooks_path("blog", f"/{other['id']}/deliveries/{delivery['id']}/retry"), headers=ADMIN
        )
        assert mixed.status_code == 404

    async def test_a_disabled_webhook_is_409(self, app, client):
        await make_site(client)
        with Receiver() as receiver:
            hook = await make_webhook(client, receiver.url, ["comment.created"])
            await post_comment(client)
            await run_worker(app)
        [delivery] = await deliveries(client, hook["id"])
        await client.patch(
            hooks_path(rest=f"/{hook['id']}"), json={"enabled": False}, headers=ADMIN
        )
        response = await client.post(
            hooks_path(rest=f"/{hook['id']}/deliveries/{delivery['id']}/retry"), headers=ADMIN
        )
        assert response.status_code == 409
        assert "enable" in response.json()["detail"]


class TestAuditNamesPeople:
    async def test_a_grant_names_the_person(self, app: FastAPI, client: httpx.AsyncClient):
        await make_site(client)
        grace, _ = await make_identity(app, "blog", name="Grace Hopper")
        await client.put(admin_path("blog", f"/moderators/{grace}"), headers=ADMIN)
        entries = (await client.get(admin_path("blog", "/audit"), headers=ADMIN)).json()["entries"]
        assert entries[0]["action"] == "moderator.grant"
        assert entries[0]["person"] == "Grace Hopper"
