"""Every admin operation of the OpenAPI document × every kind of credential, against ONE table.

The table says who may call each operation (docs/permissions.md). The test walks the document
`app.openapi()` builds, so an admin route added without an entry here fails
`test_the_table_names_every_admin_operation`, and a removed one leaves a stale entry that fails too.

Requests carry ids that do not exist (999999) and empty bodies: a refused credential gets
401/403, an allowed one gets past authorization to 404 or 422 (or 200 for reads), and nothing
is changed along the way.
"""

import re
from typing import Any, Literal

import httpx
import pytest
from fastapi import FastAPI

from app.db.session import Database
from tests.parts import part
from tests.security.conftest import Credentials

Role = Literal["any", "moderator", "owner", "root"]

# Who may call each admin operation. "any": every admin credential (about itself);
# "moderator": the site's moderators and owners; "owner": a site token or root; "root": root
# (or an all-sites token) only.
PERMISSIONS: dict[tuple[str, str], Role] = {
    ("GET", "/api/v1/admin/me"): "any",
    ("GET", "/api/v1/admin/sites"): "any",
    ("POST", "/api/v1/admin/sites"): "root",
    ("GET", "/api/v1/admin/sites/{site_id}"): "moderator",
    ("PATCH", "/api/v1/admin/sites/{site_id}"): "owner",
    ("GET", "/api/v1/admin/sites/{site_id}/comments"): "moderator",
    ("POST", "/api/v1/admin/sites/{site_id}/comments/bulk"): "moderator",
    ("GET", "/api/v1/admin/sites/{site_id}/comments/counts"): "moderator",
    ("GET", "/api/v1/admin/sites/{site_id}/comments/{comment_id}"): "moderator",
    ("PATCH", "/api/v1/admin/sites/{site_id}/comments/{comment_id}"): "moderator",
    ("POST", "/api/v1/admin/sites/{site_id}/comments/{comment_id}/{action}"): "moderator",
    ("GET", "/api/v1/admin/sites/{site_id}/threads"): "moderator",
    ("PATCH", "/api/v1/admin/sites/{site_id}/threads/{thread_id}"): "moderator",
    ("GET", "/api/v1/admin/sites/{site_id}/audit"): "moderator",
    ("GET", "/api/v1/admin/sites/{site_id}/bans"): "moderator",
    ("POST", "/api/v1/admin/sites/{site_id}/bans"): "moderator",
    ("DELETE", "/api/v1/admin/sites/{site_id}/bans/{ban_id}"): "moderator",
    ("GET", "/api/v1/admin/sites/{site_id}/providers"): "moderator",
    ("GET", "/api/v1/admin/sites/{site_id}/people"): "owner",
    ("GET", "/api/v1/admin/sites/{site_id}/moderators"): "owner",
    ("PUT", "/api/v1/admin/sites/{site_id}/moderators/{identity_id}"): "owner",
    ("DELETE", "/api/v1/admin/sites/{site_id}/moderators/{identity_id}"): "owner",
    ("POST", "/api/v1/admin/sites/{site_id}/privacy/export"): "owner",
    ("POST", "/api/v1/admin/sites/{site_id}/privacy/erase"): "owner",
    ("POST", "/api/v1/admin/sites/{site_id}/import"): "owner",
    ("POST", "/api/v1/admin/sites/{site_id}/imports"): "owner",
    ("GET", "/api/v1/admin/sites/{site_id}/imports/{job_id}"): "owner",
    ("GET", "/api/v1/admin/sites/{site_id}/export"): "owner",
    ("POST", "/api/v1/admin/sites/{site_id}/webhooks"): "owner",
    ("GET", "/api/v1/admin/sites/{site_id}/webhooks"): "owner",
    ("GET", "/api/v1/admin/sites/{site_id}/webhooks/{webhook_id}"): "owner",
    ("PATCH", "/api/v1/admin/sites/{site_id}/webhooks/{webhook_id}"): "owner",
    ("DELETE", "/api/v1/admin/sites/{site_id}/webhooks/{webhook_id}"): "owner",
    ("POST", "/api/v1/admin/sites/{site_id}/webhooks/{webhook_id}/secret"): "owner",
    ("GET", "/api/v1/admin/sites/{site_id}/webhooks/{webhook_id}/deliveries"): "owner",
    (
        "POST",
        "/api/v1/admin/sites/{site_id}/webhooks/{webhook_id}/deliveries/{delivery_id}/retry",
    ): "owner",
    ("GET", "/api/v1/admin/tokens"): "root",
    ("POST", "/api/v1/admin/tokens"): "root",
    ("DELETE", "/api/v1/admin/tokens/{token_id}"): "root",
}

# Which roles each kind of credential holds for site 'blog' (the site in every path).
HOLDS: dict[str, set[Role]] = {
    "none": set(),
    "malformed": set(),
    "commenter": set(),
    "widget_moderator": set(),  # a moderator's widget login is a commenter session (23.4)
    "other_site_token": {"any"},
    "other_site_moderator": {"any"},
    "moderator": {"any", "moderator"},
    "site_token": {"any", "moderator", "owner"},
    "root": {"any", "moderator", "owner", "root"},
}
REFUSED = {"none": 401, "malformed": 401}  # every other refusal is a 403
ALLOWED = {200, 201, 204, 404, 422}  # past authorization: ids do not exist, bodies are empty
PATH_VALUES = {"site_id": "blog", "action": "approve"}  # every other path value: 999999


def admin_operations(app: FastAPI) -> list[tuple[str, str]]:
    paths: dict[str, dict[str, Any]] = app.openapi()["paths"]
    return sorted(
        (method.upper(), path)
        for path, operations in paths.items()
        if path.startswith("/api/v1/admin/")
        for method in operations
    )


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES.get(m.group(1), "999999"), path)


def expected(credential: str, role: Role) -> int | None:
    """The status a refused credential gets; None when it is allowed."""
    if role in HOLDS[credential]:
        return None
    return REFUSED.get(credential, 403)


class TestAuthorizationTable:
    async def test_the_table_names_every_admin_operation(self, app: FastAPI):
        operations = admin_operations(app)
        assert operations, "the OpenAPI document has no admin operations"
        missing = [op for op in operations if op not in PERMISSIONS]
        stale = [op for op in PERMISSIONS if op not in operations]
        assert not missing, f"admin operations without an entry in PERMISSIONS: {missing}"
        assert not stale, f"entries in PERMISSIONS for operations that no longer exist: {stale}"

    @pytest.mark.parametrize("credential", list(HOLDS))
    async def test_every_operation_with_every_credential(
        self, app: FastAPI, client: httpx.AsyncClient, creds: Credentials, credential: str
    ):
        failures: list[tuple[str, str, object, int, str]] = []
        for method, path in admin_operations(app):
            role = PERMISSIONS.get((method, path))
            if role is None:
                continue  # reported by the test above
            body: dict[str, object] | None = {} if method in ("POST", "PUT", "PATCH") else None
            response = await client.request(
                method, concrete(path), json=body, headers=creds.headers[credential]
            )
            want = expected(credential, role)
            if want is None and response.status_code not in ALLOWED:
                failures.append((method, path, "allowed", response.status_code, response.text))
            elif want is not None and response.status_code != want:
                failures.append((method, path, want, response.status_code, response.text))
            elif want is not None:
                assert response.headers["content-type"] == "application/problem+json"
        assert not failures, failures

    async def test_refusals_changed_nothing(self, client: httpx.AsyncClient, creds: Credentials):
        # The walk above sends writes; afterwards the sites are as the fixture made them.
        sites = await client.get("/api/v1/admin/sites", headers=creds.headers["root"])
        assert [s["id"] for s in sites.json()["sites"]] == ["blog", "other"]


class TestAdminMe:
    @pytest.mark.parametrize(
        ("credential", "role", "site_ids"),
        [
            ("root", "root", None),
            ("site_token", "owner", ["blog"]),
            ("other_site_token", "owner", ["other"]),
            ("moderator", "moderator", ["blog"]),
            ("other_site_moderator", "moderator", ["other"]),
        ],
    )
    async def test_role_and_sites(
        self, client: httpx.AsyncClient, creds: Credentials, credential, role, site_ids
    ):
        response = await client.get("/api/v1/admin/me", headers=creds.headers[credential])
        assert response.status_code == 200, response.text
        me = response.json()
        assert me["role"] == role
        assert me["site_ids"] == site_ids
        assert isinstance(me["actor"], str) and me["actor"]

    async def test_the_actor_is_the_audit_logs(self, client: httpx.AsyncClient, creds: Credentials):
        me = (await client.get("/api/v1/admin/me", headers=creds.headers["moderator"])).json()
        assert me["actor"] == f"identity:{creds.blog_moderator_id}:Mo"

    @pytest.mark.parametrize(
        ("credential", "status"), [("none", 401), ("commenter", 403), ("widget_moderator", 403)]
    )
    async def test_not_an_admin(
        self, client: httpx.AsyncClient, creds: Credentials, credential, status
    ):
        response = await client.get("/api/v1/admin/me", headers=creds.headers[credential])
        assert response.status_code == status


# Every admin route that takes an id (in its path, query or body), called on site 'blog' with
# the id of an object of site 'other' (23.2). Each must answer as if the id did not exist —
# a 404 problem, or for the bulk action and the audit filter a 200 that reports/shows nothing —
# and change nothing on either site. Token ids (`/api/v1/admin/tokens/{token_id}`) are root-only
# and belong to no site, so they have no foreign case.
FOREIGN: list[tuple[str, str, str]] = [
    ("GET", "/comments/{comment_id}", ""),
    ("PATCH", "/comments/{comment_id}", '{"body": "x"}'),
    ("POST", "/comments/{comment_id}/approve", ""),
    ("POST", "/comments/{comment_id}/purge", ""),
    ("POST", "/comments/bulk", '{"ids": [{comment_id}], "action": "purge"}'),
    ("GET", "/audit?comment_id={comment_id}", ""),
    ("PATCH", "/threads/{thread_id}", '{"closed": true}'),
    ("PATCH", "/threads/{own_thread_id}", '{"pinned_comment_id": {comment_id}}'),
    ("DELETE", "/bans/{ban_id}", ""),
    ("POST", "/bans", '{"kind": "ip", "comment_id": {comment_id}}'),
    ("POST", "/bans", '{"kind": "email", "email": "x@example.org", "comment_id": {comment_id}}'),
    ("POST", "/bans", '{"kind": "identity", "identity_id": {identity_id}}'),
    ("PUT", "/moderators/{identity_id}", ""),
    ("DELETE", "/moderators/{identity_id}", ""),
    ("POST", "/privacy/export", '{"identity_id": {identity_id}}'),
    ("POST", "/privacy/erase", '{"identity_id": {identity_id}}'),
    ("GET", "/imports/{job_id}", ""),
    ("GET", "/webhooks/{webhook_id}", ""),
    ("PATCH", "/webhooks/{webhook_id}", '{"enabled": false}'),
    ("DELETE", "/webhooks/{webhook_id}", ""),
    ("POST", "/webhooks/{webhook_id}/secret", ""),
    ("GET", "/webhooks/{webhook_id}/deliveries", ""),
    ("POST", "/webhooks/{webhook_id}/deliveries/{delivery_id}/retry", ""),
]
# Ids an admin route may take in its path, and the body fields that carry ids.
ID_PARAMS = {"comment_id", "thread_id", "ban_id", "identity_id", "job_id", "webhook_id"}
BODY_IDS = {
    ("POST", "/comments/bulk"),
    ("PATCH", "/threads/{thread_id}"),
    ("POST", "/bans"),
    ("POST", "/privacy/export"),
    ("POST", "/privacy/erase"),
}


async def _foreign_objects(app: FastAPI, client: httpx.AsyncClient) -> dict[str, int]:
    """A pending comment, its thread, a ban, a webhook and an import job of site 'other', and
    one thread of 'blog' (to pin a foreign comment in)."""
    from app.admission.models import Ban, BanKind
    from app.notifications.webhooks_models import DeliveryStatus, Webhook, WebhookDelivery
    from app.porting.models import ImportJob
    from tests.builders import post_comment
    from tests.security.conftest import OTHER_ORIGIN

    patched = await client.patch(
        "/api/v1/admin/sites/other", json={"moderation": "all"}, headers=ADMIN_HEADERS
    )
    assert patched.status_code == 200, patched.text
    foreign = await post_comment(
        client, site_id="other", url=f"{OTHER_ORIGIN}/p", headers={"Origin": OTHER_ORIGIN}
    )
    await post_comment(client)  # a thread on 'blog'
    own = await client.get("/api/v1/admin/sites/blog/threads", headers=ADMIN_HEADERS)
    theirs = await client.get("/api/v1/admin/sites/other/threads", headers=ADMIN_HEADERS)
    async with part(app, Database).write_sessions() as session:
        ban = Ban(site_id="other", kind=BanKind.email, value_hash="0" * 64, author_name="x")
        hook = Webhook(site_id="other", url="https://hooks.other.example/", secret="s" * 32)
        job = ImportJob(site_id="other", format="wordpress", actor="root")
        session.add_all([ban, hook, job])
        await session.flush()
        delivery = WebhookDelivery(
            webhook_id=hook.id,
            message_id="msg_foreign",
            event_type="comment.created",
            payload="{}",
            status=DeliveryStatus.failed,
        )
        session.add(delivery)
        await session.commit()
        ids = {"ban_id": ban.id, "webhook_id": hook.id, "job_id": job.id}
        ids["delivery_id"] = delivery.id
    return {
        **ids,
        "comment_id": foreign["id"],
        "thread_id": theirs.json()["threads"][0]["id"],
        "own_thread_id": own.json()["threads"][0]["id"],
    }


ADMIN_HEADERS = {"Authorization": "Bearer test-admin-token-0123456789"}


class TestForeignIds:
    def test_every_route_taking_an_id_has_a_foreign_case(self, app: FastAPI):
        prefix = "/api/v1/admin/sites/{site_id}"
        covered = {(m, re.sub(r"\?.*", "", p)) for m, p, _ in FOREIGN}
        covered |= {(m, p.replace("{own_thread_id}", "{thread_id}")) for m, p in covered}
        covered |= {(m, p.replace("/approve", "/{action}")) for m, p in covered}
        missing = [
            (method, path)
            for method, path in admin_operations(app)
            if path.startswith(prefix)
            and (
                set(re.findall(r"\{(\w+)\}", path)) & ID_PARAMS
                or (method, path.removeprefix(prefix)) in BODY_IDS
            )
            and (method, path.removeprefix(prefix)) not in covered
        ]
        assert not missing, f"admin routes taking an id without a foreign-id case: {missing}"

    @pytest.mark.parametrize("credential", ["site_token", "moderator", "root"])
    async def test_another_sites_ids_are_not_found_here(
        self, app: FastAPI, client: httpx.AsyncClient, creds: Credentials, credential: str
    ):
        ids = await _foreign_objects(app, client)
        ids["identity_id"] = creds.other_moderator_id  # a moderator of 'other', never on 'blog'
        before = await _snapshot(client)
        failures = []
        for method, path, body in FOREIGN:
            role = PERMISSIONS[(method, _template(path))]
            if role not in HOLDS[credential]:
                continue
            url = "/api/v1/admin/sites/blog" + _fill(path, ids)
            content = _fill(body, ids) or None
            response = await client.request(
                method,
                url,
                content=content,
                headers={**creds.headers[credential], "Content-Type": "application/json"},
            )
            if "/bulk" in path:
                ok = response.status_code == 200 and response.json()["missing"] == [
                    ids["comment_id"]
                ]
            elif "/audit" in path:
                ok = response.status_code == 200 and response.json()["entries"] == []
            else:
                ok = (
                    response.status_code == 404
                    and response.headers["content-type"] == "application/problem+json"
                )
            if not ok:
                failures.append((method, path, response.status_code, response.text[:300]))
        assert not failures, failures
        assert await _snapshot(client) == before


def _fill(text: str, ids: dict[str, int]) -> str:
    for name, value in ids.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def _template(path: str) -> str:
    path = re.sub(r"\?.*", "", path).replace("{own_thread_id}", "{thread_id}")
    path = re.sub(r"/comments/\{comment_id\}/\w+$", "/comments/{comment_id}/{action}", path)
    return "/api/v1/admin/sites/{site_id}" + path


async def _snapshot(client: httpx.AsyncClient) -> list[Any]:
    """Both sites' comments, threads, bans, moderators and webhooks, as root reads them."""
    seen: list[Any] = []
    for site in ("blog", "other"):
        for rest in (
            "/comments?status=pending",
            "/comments?status=approved",
            "/threads",
            "/bans",
            "/moderators",
            "/webhooks",
        ):
            response = await client.get(f"/api/v1/admin/sites/{site}{rest}", headers=ADMIN_HEADERS)
            assert response.status_code == 200, response.text
            seen.append(response.json())
    return seen
