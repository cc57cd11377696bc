"""Webhooks end to end: owner CRUD, events from real comment changes, signed deliveries to a
real HTTP receiver on loopback (verified with the `standardwebhooks` library), retries, the
SSRF guard at creation and at delivery time."""

import dataclasses
import json
import threading
import time
from collections.abc import Awaitable, Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update
from standardwebhooks import Webhook as Verifier

from app.config import Settings
from app.crypto import hash_token, new_token
from app.db.base import utcnow
from app.db.session import Database
from app.identity.models import AuthSession, Identity, Moderator
from app.notifications.delivery import delivery_kinds
from app.notifications.models import OutboxMessage
from app.notifications.outbox import Kinds
from app.notifications.webhooks_delivery import WEBHOOK_KIND
from app.notifications.webhooks_models import DeliveryStatus, Webhook, WebhookDelivery
from app.notifications.worker import OutboxWorker
from app.sites.urls import normalize_post_url
from tests.builders import ADMIN, POST_URL, SITE_ID, make_site, post_comment
from tests.conftest import make_settings
from tests.parts import part
from tests.waiting import until

EVENTS = ["comment.created", "comment.approved", "comment.updated", "comment.deleted"]


@dataclasses.dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    """A real HTTP server on loopback that records every request and answers from a script."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.statuses: list[int] = []  # answers to give, in order; then 200
        self.redirect_to: str | None = None
        self.delay = 0.0  # seconds to wait before answering
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                receiver.requests.append(Received(self.path, dict(self.headers.items()), body))
                time.sleep(receiver.delay)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                if receiver.redirect_to and 300 <= status < 400:
                    self.send_header("Location", receiver.redirect_to)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/parley"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    # Loopback receivers need the private-network switch; the tests drive the worker themselves.
    return make_settings(
        database_url,
        tmp_path,
        webhook_allow_private=True,
        webhook_retry_seconds=0.05,
        outbox_worker=False,
    )


def hooks_path(site_id: str = SITE_ID, rest: str = "") -> str:
    return f"/api/v1/admin/sites/{site_id}/webhooks{rest}"


async def make_webhook(
    client: httpx.AsyncClient, url: str, events: list[str] | None = None, site_id: str = SITE_ID
) -> dict[str, Any]:
    response = await client.post(
        hooks_path(site_id),
        json={"url": url, "events": events or EVENTS, "description": "CI"},
        headers=ADMIN,
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def deliveries(client: httpx.AsyncClient, webhook_id: int) -> list[dict[str, Any]]:
    response = await client.get(hooks_path(rest=f"/{webhook_id}/deliveries"), headers=ADMIN)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["deliveries"]
    return items


def worker_for(app: FastAPI, kinds: Kinds | None = None, **overrides: Any) -> OutboxWorker:
    settings = part(app, Settings).model_copy(update=overrides)
    return OutboxWorker(part(app, Database), settings, kinds or delivery_kinds(settings))


async def run_worker(app: FastAPI, **overrides: Any) -> int:
    return await worker_for(app, **overrides).run_once()


async def _claimed_one(run: Awaitable[int]) -> bool:
    """Whether a worker's run claimed one message (it claims none before a retry is due)."""
    return await run == 1


def verify(received: Received, secret: str) -> dict[str, Any]:
    payload: dict[str, Any] = Verifier(secret).verify(received.body, received.headers)
    return payload


async def make_moderator_token(app: FastAPI, site_id: str) -> str:
    token = new_token()
    async with part(app, Database).write_sessions() as session:
        identity = Identity(provider="github", subject=new_token(8), display_name="Mo")
        session.add(identity)
        await session.flush()
        session.add(
            AuthSession(
                token_hash=hash_token(token),
                identity_id=identity.id,
                site_id=site_id,
                expires_at=utcnow() + timedelta(days=1),
            )
        )
        session.add(Moderator(site_id=site_id, identity_id=identity.id))
        await session.commit()
    return token


class TestCreateWebhook:
    async def test_returns_the_secret_once(self, client, receiver):
        await make_site(client)
        created = await make_webhook(client, receiver.url, ["comment.created", "comment.created"])
        assert created["secret"].startswith("whsec_")
        assert created["events"] == ["comment.created"]
        assert created["enabled"] is True and created["disabled_reason"] is None
        listed = (await client.get(hooks_path(), headers=ADMIN)).json()["webhooks"]
        assert [w["id"] for w in listed] == [created["id"]]
        assert "secret" not in listed[0]
        one = (await client.get(hooks_path(rest=f"/{created['id']}"), headers=ADMIN)).json()
        assert "secret" not in one and one["url"] == receiver.url

    @pytest.mark.parametrize(
        "body",
        [
            {"url": "ftp://example.org/x", "events": ["comment.created"]},
            {"url": "not a url", "events": ["comment.created"]},
            {"url": "https://user:pw@example.org/", "events": ["comment.created"]},
            {"url": "https://example.org/", "events": []},
            {"url": "https://example.org/", "events": ["comment.read"]},
            {"url": "https://example.org/", "events": ["comment.created"], "secret": "x"},
        ],
    )
    async def test_bad_input_is_422(self, client, body):
        await make_site(client)
        response = await client.post(hooks_path(), json=body, headers=ADMIN)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")


class TestPrivateTargets:
    @pytest.fixture
    def settings(self, database_url: str, tmp_path: Path) -> Settings:
        return make_settings(database_url, tmp_path, outbox_worker=False)

    @pytest.mark.parametrize(
        "url",
        [
            "http://127.0.0.1:8080/hook",
            "http://localhost/hook",
            "http://10.0.0.7/hook",
            "http://192.168.1.1/hook",
            "http://172.16.0.1/hook",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/hook",
            "http://[fd00::1]/hook",
            "http://[::ffff:127.0.0.1]/hook",
            "http://0.0.0.0/hook",
            "http://100.64.0.1/hook",
            "http://2130706433/hook",
            "http://127.1/hook",
        ],
    )
    async def test_refused_at_creation(self, client, url):
        await make_site(client)
        response = await client.post(
            hooks_path(), json={"url": url, "events": ["comment.created"]}, headers=ADMIN
        )
        assert response.status_code == 422, response.text
        assert response.json()["type"] == "/problems/webhook-target-refused"
        assert "PARLEY_WEBHOOK_ALLOW_PRIVATE" in response.json()["detail"]

    async def test_refused_when_changed_to_a_private_url(self, client, app):
        await make_site(client)
        async with part(app, Database).write_sessions() as session:
            from app.notifications.webhooks_models import Webhook

            hook = Webhook(site_id=SITE_ID, url="https://example.org/", events=EVENTS, secret="x")
            session.add(hook)
            await session.commit()
        response = await client.patch(
            hooks_path(rest=f"/{hook.id}"), json={"url": "http://127.0.0.1/"}, headers=ADMIN
        )
        assert response.status_code == 422
        assert response.json()["type"] == "/problems/webhook-target-refused"

    async def test_a_name_that_does_not_resolve_is_refused(self, client):
        await make_site(client)
        response = await client.post(
            hooks_path(),
            json={"url": "https://no-such-host.invalid/hook", "events": ["comment.created"]},
            headers=ADMIN,
        )
        assert response.status_code == 422
        assert "does not resolve" in response.json()["detail"]


class TestPermissions:
    async def test_moderator_is_refused(self, client, app, receiver):
        await make_site(client)
        token = await make_moderator_token(app, SITE_ID)
        moderator = {"Authorization": f"Bearer {token}"}
        body = {"url": receiver.url, "events": ["comment.created"]}
        assert (await client.post(hooks_path(), json=body, headers=moderator)).status_code == 403
        assert (await client.get(hooks_path(), headers=moderator)).status_code == 403
        assert receiver.requests == []

    async def test_another_sites_token_is_refused(self, client, receiver):
        await make_site(client)
        await make_site(client, "other", origins=["https://other.example"])
        hook = await make_webhook(client, receiver.url)
        response = await client.post(
            "/api/v1/admin/tokens", json={"name": "other", "site_id": "other"}, headers=ADMIN
        )
        other = {"Authorization": f"Bearer {response.json()['token']}"}
        assert (await client.get(hooks_path(), headers=other)).status_code == 403
        path = hooks_path(rest=f"/{hook['id']}")
        assert (await client.delete(path, headers=other)).status_code == 403
        # Through its own site's path, the other site's owner does not find it either.
        other_path = hooks_path("other", f"/{hook['id']}")
        assert (await client.get(other_path, headers=other)).status_code == 404
        assert (await client.get(other_path + "/deliveries", headers=other)).status_code == 404

    async def test_no_credential_is_401(self, client):
        await make_site(client)
        assert (await client.get(hooks_path())).status_code == 401

    async def test_unknown_site_is_404(self, client):
        assert (await client.get(hooks_path("nope"), headers=ADMIN)).status_code == 404


class TestUpdateWebhook:
    async def test_changes_fields_and_keeps_the_secret(self, client, receiver):
        await make_site(client)
        hook = await make_webhook(client, receiver.url)
        response = await client.patch(
            hooks_path(rest=f"/{hook['id']}"),
            json={"events": ["comment.spam"], "description": "spam only"},
            headers=ADMIN,
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["events"] == ["comment.spam"] and body["description"] == "spam only"
        assert body["url"] == receiver.url and "secret" not in body

    async def test_an_owner_can_pause_it(self, client, app, receiver):
        await make_site(client)
        hook = await make_webhook(client, receiver.url)
        path = hooks_path(rest=f"/{hook['id']}")
        paused = (await client.patch(path, json={"enabled": False}, headers=ADMIN)).json()
        assert paused["enabled"] is False and paused["disabled_reason"] == "Disabled by an owner."
        await post_comment(client)
        await run_worker(app)
        assert receiver.requests == []

    async def test_unknown_webhook_is_404(self, client):
        await make_site(client)
        response = await client.patch(hooks_path(rest="/999"), json={}, headers=ADMIN)
        assert response.status_code == 404


class TestDeleteWebhook:
    async def test_deleted_webhook_gets_nothing(self, client, app, receiver):
        await make_site(client)
        hook = await make_webhook(client, receiver.url)
        await post_comment(client)  # enqueued for the webhook...
        path = hooks_path(rest=f"/{hook['id']}")
        assert (await client.delete(path, headers=ADMIN)).status_code == 204
        await run_worker(app)  # ...and dropped with it
        assert receiver.requests == []
        assert (await client.get(path, headers=ADMIN)).status_code == 404


class TestDelivery:
    async def test_signed_payload_verifies_and_shows_no_private_data(self, client, app, receiver):
        await make_site(client)
        hook = await make_webhook(client, receiver.url, ["comment.created"])
        comment = await post_comment(client, "Hello **hooks**")
        assert await run_worker(app) == 1
        assert len(receiver.requests) == 1
        received = receiver.requests[0]
        assert received.path == "/hooks/parley"
        payload = verify(received, hook["secret"])
        assert payload["type"] == "comment.created"
        data = payload["data"]
        assert data["comment"]["id"] == comment["id"]
        assert data["comment"]["body_html"] == comment["body_html"]
        assert data["comment"]["author"]["name"] == "Ada"
        assert data["thread"] == {"url": normalize_post_url(POST_URL), "title": "Hello, world"}
        assert data["site"]["id"] == SITE_ID
        raw = received.body.decode()
        assert "ada@example.org" not in raw and "ip_hash" not in raw and "edit_token" not in raw
        assert received.headers["webhook-id"].startswith("msg_")
        [delivery] = await deliveries(client, hook["id"])
        assert delivery["status"] == "succeeded"
        assert delivery["attempts"] == 1 and delivery["last_response_code"] == 200
        assert delivery["message_id"] == received.headers["webhook-id"]
        assert delivery["next_attempt_at"] is None

    async def test_a_tampered_body_does_not_verify(self, client, app, receiver):
        await make_site(client)
        hook = await make_webhook(client, receiver.url, ["comment.created"])
        await post_comment(client)
        await run_worker(app)
        received = dataclasses.replace(receiver.requests[0], body=b'{"type":"forged"}')
        with pytest.raises(Exception, match="signature"):
            verify(received, hook["secret"])

    async def test_retried_after_a_500_with_the_same_message_id(self, client, app, receiver):
        await make_site(client)
        hook = await make_webhook(client, receiver.url, ["comment.created"])
        receiver.statuses = [500]
        await post_comment(client)
        await run_worker(app)
        [delivery] = await deliveries(client, hook["id"])
        assert delivery["status"] == "pending"
        assert delivery["attempts"] == 1 and delivery["last_response_code"] == 500
        assert delivery["last_error"] == "HTTP 500" and delivery["next_attempt_at"] is not None
        # The retry is due after `webhook_retry_seconds` (0.05 s here): run the worker until it is.
        await until(lambda: _claimed_one(run_worker(app)), "the retry to be due and sent")
        [delivery] = await deliveries(client, hook["id"])
        assert delivery["status"] == "succeeded" and delivery["attempts"] == 2
        first, second = receiver.requests
        assert first.headers["webhook-id"] == second.headers["webhook-id"]
        assert verify(second, hook["secret"]) == verify(first, hook["secret"])

    async def test_redirects_are_not_followed(self, client, app, receiver):
        await make_site(client)
        hook = await make_webhook(client, receiver.url, ["comment.created"])
        receiver.statuses, receiver.redirect_to = [302], receiver.url + "/elsewhere"
        await post_comment(client)
        await run_worker(app)
        assert [r.path for r in receiver.requests] == ["/hooks/parley"]
        [delivery] = await deliveries(client, hook["id"])
        assert delivery["status"] == "pending" and delivery["last_response_code"] == 302

    async def test_a_slow_receiver_times_out_and_is_retried(self, client, app, receiver):
        await make_site(client)
        hook = await make_webhook(client, receiver.url, ["comment.created"])
        receiver.delay = 3.0
        await post_comment(client)
        await run_worker(app, webhook_timeout_seconds=0.3)
        [delivery] = await deliveries(client, hook["id"])
        assert delivery["status"] == "pending" and delivery["last_error"] == "timed out"
        assert delivery["last_response_code"] is None and delivery["next_attempt_at"]

    async def test_private_address_refused_at_delivery_time(self, client, app, receiver):
        # Created while allowed; the name now resolves somewhere refused (as after DNS rebinding).
        await make_site(client)
        hook = await make_webhook(client, receiver.url, ["comment.created"])
        await post_comment(client)
        await run_worker(app, webhook_allow_private=False)
        assert receiver.requests == []
        [delivery] = await deliveries(client, hook["id"])
        assert delivery["status"] == "pending" and delivery["last_response_code"] is None
        assert "non-public address" in delivery["last_error"]

    async def test_only_subscribed_events_are_claimed_one(self, client, app, receiver):
        await make_site(client, moderation="all")
        hook = await make_webhook(client, receiver.url, ["comment.approved"])
        comment = await post_comment(client)
        assert comment["status"] == "pending"
        await run_worker(app)
        assert receiver.requests == []
        response = await client.post(
            f"/api/v1/admin/sites/{SITE_ID}/comments/{comment['id']}/approve", headers=ADMIN
        )
        assert response.status_code == 200, response.text
        await run_worker(app)
        [received] = receiver.requests
        payload = verify(received, hook["secret"])
        assert payload["type"] == "comment.approved"
        assert payload["data"]["comment"]["status"] == "approved"

    async def test_deletion_sends_the_placeholder_not_the_text(self, client, app, receiver):
        await make_site(client)
        hook = await make_webhook(client, receiver.url, ["comment.deleted"])
        comment = await post_comment(client, "secret words")
        response = await client.post(
            f"/api/v1/admin/sites/{SITE_ID}/comments/{comment['id']}/delete", headers=ADMIN
        )
        assert response.status_code == 200, response.text
        await run_worker(app)
        [received] = receiver.requests
        payload = verify(received, hook["secret"])
        assert payload["type"] == "comment.deleted"
        assert payload["data"]["comment"]["id"] == comment["id"]
        assert payload["data"]["comment"]["status"] == "deleted"
        assert "secret words" not in received.body.decode()

    async def test_an_edit_sends_comment_updated_with_the_new_text(self, client, app, receiver):
        await make_site(client)
        hook = await make_webhook(client, receiver.url, ["comment.updated"])
        comment = await post_comment(client, "Frist")
        response = await client.patch(
            f"/api/v1/comments/{comment['id']}",
            json={"body": "First, corrected"},
            headers={"X-Edit-Token": comment["edit_token"]},
        )
        assert response.status_code == 200, response.text
        await run_worker(app)
        [received] = receiver.requests
        payload = verify(received, hook["secret"])
        assert payload["type"] == "comment.updated"
        assert "First, corrected" in payload["data"]["comment"]["body_html"]
        assert payload["data"]["comment"]["edited_at"] is not None

    async def test_marking_spam_sends_comment_spam(self, client, app, receiver):
        await make_site(client)
        hook = await make_webhook(client, receiver.url, ["comment.spam"])
        comment = await post_comment(client)
        response = await client.post(
            f"/api/v1/admin/sites/{SITE_ID}/comments/{comment['id']}/spam", headers=ADMIN
        )
        assert response.status_code == 200, response.text
        await run_worker(app)
        [received] = receiver.requests
        payload = verify(received, hook["secret"])
        assert payload["type"] == "comment.spam"
        assert payload["data"]["comment"]["status"] == "spam"

    async def test_nothing_is_enqueued_when_the_write_rolls_back(self, client, app, receiver):
        await make_site(client)
        await make_webhook(client, receiver.url, ["comment.created"])
        await post_comment(client, "", expect=422)
        await run_worker(app)
        assert receiver.requests == []


class TestDisabling:
    async def test_a_webhook_that_keeps_failing_is_disabled_and_can_be_enabled(
        self, client, app, receiver
    ):
        await make_site(client)
        hook = await make_webhook(client, receiver.url, ["comment.created"])
        receiver.statuses = [500, 503]
        kinds = delivery_kinds(part(app, Settings))
        short = dataclasses.replace(kinds.kinds[WEBHOOK_KIND], max_attempts=2)
        kinds.kinds[WEBHOOK_KIND] = short
        await post_comment(client)
        await worker_for(app, kinds).run_once()
        await until(lambda: _claimed_one(worker_for(app, kinds).run_once()), "the retry to be due")
        [delivery] = await deliveries(client, hook["id"])
        assert delivery["status"] == "failed" and delivery["attempts"] == 2
        assert delivery["last_response_code"] == 503 and delivery["next_attempt_at"] is None
        shown = (await client.get(hooks_path(rest=f"/{hook['id']}"), headers=ADMIN)).json()
        assert shown["enabled"] is False and "HTTP 503" in shown["disabled_reason"]
        # Disabled: new comments are not queued for it.
        await post_comment(client, "while disabled")
        await run_worker(app)
        assert len(receiver.requests) == 2
        assert len(await deliveries(client, hook["id"])) == 1
        response = await client.patch(
            hooks_path(rest=f"/{hook['id']}"), json={"enabled": True}, headers=ADMIN
        )
        assert response.json()["enabled"] is True and response.json()["disabled_reason"] is None
        await post_comment(client, "enabled again")
        await run_worker(app)
        assert json.loads(receiver.requests[-1].body)["type"] == "comment.created"


class TestListDeliveries:
    async def test_newest_first_in_pages(self, client, app, receiver):
        await make_site(client)
        hook = await make_webhook(client, receiver.url, ["comment.created"])
        for n in range(3):
            await post_comment(client, f"comment {n}")
        await run_worker(app)
        path = hooks_path(rest=f"/{hook['id']}/deliveries")
        first = (await client.get(path, params={"limit": 2}, headers=ADMIN)).json()
        assert len(first["deliveries"]) == 2 and first["next_before"] is not None
        ids = [d["id"] for d in first["deliveries"]]
        assert ids == sorted(ids, reverse=True)
        rest = await client.get(path, params={"before": first["next_before"]}, headers=ADMIN)
        assert len(rest.json()["deliveries"]) == 1 and rest.json()["next_before"] is None


class TestSecretRotation:
    async def test_the_old_secret_signs_too_for_the_hours_kept(self, client, app, receiver):
        await make_site(client)
        hook = await make_webhook(client, receiver.url, ["comment.created"])
        path = hooks_path(rest=f"/{hook['id']}/secret")
        rotated = await client.post(path, json={"keep_previous_hours": 2}, headers=ADMIN)
        assert rotated.status_code == 200, rotated.text
        new = rotated.json()
        assert new["secret"].startswith("whsec_") and new["secret"] != hook["secret"]
        assert new["previous_secret_until"] is not None
        await post_comment(client)
        await run_worker(app)
        received = receiver.requests[-1]
        assert len(received.headers["webhook-signature"].split(" ")) == 2
        assert verify(received, new["secret"])["type"] == "comment.created"
        assert verify(received, hook["secret"])["type"] == "comment.created"
        listed = (await client.get(hooks_path(), headers=ADMIN)).json()["webhooks"]
        assert "secret" not in listed[0] and listed[0]["previous_secret_until"] is not None
        audit = await client.get(f"/api/v1/admin/sites/{SITE_ID}/audit", headers=ADMIN)
        assert audit.json()["entries"][0]["action"] == "webhook.rotate_secret"

    async def test_without_grace_the_old_secret_stops_at_once(self, client, app, receiver):
        await make_site(client)
        hook = await make_webhook(client, receiver.url, ["comment.created"])
        path = hooks_path(rest=f"/{hook['id']}/secret")
        new = (await client.post(path, json={"keep_previous_hours": 0}, headers=ADMIN)).json()
        assert new["previous_secret_until"] is None
        await post_comment(client)
        await run_worker(app)
        received = receiver.requests[-1]
        assert verify(received, new["secret"])["type"] == "comment.created"
        with pytest.raises(Exception, match="signature"):
            verify(received, hook["secret"])

    async def test_the_grace_ends(self, client, app, receiver):
        await make_site(client)
        hook = await make_webhook(client, receiver.url, ["comment.created"])
        path = hooks_path(rest=f"/{hook['id']}/secret")
        assert (await client.post(path, headers=ADMIN)).status_code == 200  # no body: 24 h
        async with part(app, Database).write_transaction() as session:
            await session.execute(
                update(Webhook).values(previous_secret_until=utcnow() - timedelta(seconds=1))
            )
            await session.commit()
        await post_comment(client)
        await run_worker(app)
        with pytest.raises(Exception, match="signature"):
            verify(receiver.requests[-1], hook["secret"])

    @pytest.mark.parametrize("body", [{"keep_previous_hours": -1}, {"keep_previous_hours": 169}])
    async def test_bad_grace_is_422(self, client, receiver, body):
        await make_site(client)
        hook = await make_webhook(client, receiver.url)
        path = hooks_path(rest=f"/{hook['id']}/secret")
        response = await client.post(path, json=body, headers=ADMIN)
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")

    async def test_a_moderator_cannot_rotate(self, client, app, receiver):
        await make_site(client)
        hook = await make_webhook(client, receiver.url)
        token = await make_moderator_token(app, SITE_ID)
        path = hooks_path(rest=f"/{hook['id']}/secret")
        response = await client.post(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 403


class TestRetention:
    async def test_finished_deliveries_and_messages_older_than_the_retention_go(
        self, client, app, receiver
    ):
        await make_site(client)
        hook = await make_webhook(client, receiver.url, ["comment.created"])
        for n in range(3):
            await post_comment(client, f"comment {n}")
        await run_worker(app)
        old, old_failed, young = (d["id"] for d in reversed(await deliveries(client, hook["id"])))
        await post_comment(client, "still pending")  # never delivered: kept however old
        long_ago = utcnow() - timedelta(days=31)
        async with part(app, Database).write_transaction() as session:
            await session.execute(
                update(WebhookDelivery)
                .where(WebhookDelivery.id.in_([old, old_failed]))
                .values(created_at=long_ago)
            )
            await session.execute(
                update(WebhookDelivery)
                .where(WebhookDelivery.id == old_failed)
                .values(status=DeliveryStatus.failed)
            )
            await session.execute(update(OutboxMessage).values(created_at=long_ago))
            await session.commit()
        removed = await worker_for(app).prune()
        assert removed == 2 + 3  # two deliveries; the three sent messages, not the pending one
        left = await deliveries(client, hook["id"])
        assert [d["id"] for d in left][-1] == young and old not in {d["id"] for d in left}
        assert old_failed not in {d["id"] for d in left}
        assert await run_worker(app) == 1  # the pending message is still delivered
        assert json.loads(receiver.requests[-1].body)["data"]["comment"]["body_html"] == (
            "<p>still pending</p>"
        )

    async def test_nothing_younger_than_the_retention_goes(self, client, app, receiver):
        await make_site(client)
        hook = await make_webhook(client, receiver.url, ["comment.created"])
        await post_comment(client)
        await run_worker(app)
        assert await worker_for(app, outbox_retention_days=1).prune() == 0
        assert len(await deliveries(client, hook["id"])) == 1


class TestInAppWorker:
    @pytest.fixture
    def settings(self, database_url: str, tmp_path: Path) -> Settings:
        return make_settings(database_url, tmp_path, webhook_allow_private=True, outbox_worker=True)

    async def test_the_apps_own_worker_delivers_after_the_commit(self, client, receiver):
        await make_site(client)
        hook = await make_webhook(client, receiver.url, ["comment.created"])
        comment = await post_comment(client)
        await until(lambda: receiver.requests, "the in-app worker's delivery")
        [received] = receiver.requests
        assert verify(received, hook["secret"])["data"]["comment"]["id"] == comment["id"]

        async def succeeded() -> bool:
            [delivery] = await deliveries(client, hook["id"])
            return bool(delivery["status"] == "succeeded")

        await until(succeeded, "the delivery to be marked succeeded")
