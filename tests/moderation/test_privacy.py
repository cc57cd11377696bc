"""Privacy: export everything about one commenter, and erase it keeping threads whole."""

from tests.builders import ADMIN, make_site, post_comment, read_thread
from tests.moderation.conftest import (
    admin_path,
    audit_actions,
    bearer,
    make_identity,
    make_moderator,
)


async def _export(client, expect=200, **who):
    response = await client.post(admin_path("blog", "/privacy/export"), json=who, headers=ADMIN)
    assert response.status_code == expect, response.text
    return response.json()


async def _erase(client, expect=200, **who):
    response = await client.post(admin_path("blog", "/privacy/erase"), json=who, headers=ADMIN)
    assert response.status_code == expect, response.text
    return response.json()


class TestExport:
    async def test_guest_by_email_with_comments_and_bans(self, client):
        await make_site(client)
        mine = await post_comment(client, "Mine", author_email="Ada@Example.org")
        await post_comment(client, "Not mine", author_email="bob@example.org", author_name="Bob")
        await client.post(
            admin_path("blog", "/bans"),
            json={"kind": "email", "email": "ada@example.org"},
            headers=ADMIN,
        )
        document = await _export(client, email="ada@example.org")
        assert document["format"] == "parley-commenter-export-1"
        assert document["identity"] is None
        assert [c["id"] for c in document["comments"]] == [mine["id"]]
        assert document["comments"][0]["body"] == "Mine"
        assert document["comments"][0]["author_email"] == "ada@example.org"
        assert [b["kind"] for b in document["bans"]] == ["email"]
        assert ("privacy.export", None) in await audit_actions(client)

    async def test_identity_with_votes(self, client, app):
        await make_site(client)
        identity_id, token = await make_identity(app, "blog")
        other = await post_comment(client, "Other's")
        mine = await post_comment(client, "Verified", headers=bearer(token))
        vote = await client.post(
            f"/api/v1/comments/{other['id']}/vote", json={"value": 1}, headers=bearer(token)
        )
        assert vote.status_code == 200
        document = await _export(client, identity_id=identity_id)
        assert document["identity"]["display_name"] == "Grace"
        assert [c["id"] for c in document["comments"]] == [mine["id"]]
        assert document["votes"] == [{"comment_id": other["id"], "value": 1}]

    async def test_needs_exactly_one_key(self, client):
        await make_site(client)
        await _export(client, expect=422)
        await _export(client, expect=422, identity_id=1, email="a@example.org")
        await _export(client, expect=404, identity_id=999)


class TestErase:
    async def test_guest_comments_become_placeholders_and_replies_stay(self, client):
        await make_site(client)
        mine = await post_comment(client, "Secret", author_website="https://ada.example")
        reply = await post_comment(
            client, "Reply", parent_id=mine["id"], author_email="bob@example.org", author_name="Bob"
        )
        report = await _erase(client, email="ada@example.org")
        assert report == {
            "comments": 1,
            "identity_deleted": False,
            "sessions_revoked": 0,
            "votes_removed": 0,
            "email_addresses_removed": 0,
        }
        shown = (await read_thread(client))["comments"][0]
        assert shown["status"] == "deleted"
        assert shown["body_html"] == ""
        assert shown["author"]["name"] == ""
        assert shown["replies"][0]["id"] == reply["id"]
        assert (await _export(client, email="ada@example.org"))["comments"] == []
        deleted = await client.get(admin_path("blog", f"/comments/{mine['id']}"), headers=ADMIN)
        body = deleted.json()
        assert body["body"] == ""
        assert body["author"]["email"] is None
        assert body["author"]["website"] is None
        restore = await client.post(
            admin_path("blog", f"/comments/{mine['id']}/restore"), headers=ADMIN
        )
        assert restore.json()["skipped"] == [mine["id"]]
        entries = (await client.get(admin_path("blog", "/audit"), headers=ADMIN)).json()["entries"]
        erase = next(e for e in entries if e["action"] == "privacy.erase")
        assert "ada" not in str(erase).lower()

    async def test_identity_is_deleted_with_sessions_votes_and_role(self, client, app):
        await make_site(client)
        identity_id, token = await make_identity(app, "blog")
        other = await post_comment(client, "Other's")
        await post_comment(client, "Verified", headers=bearer(token))
        await client.post(
            f"/api/v1/comments/{other['id']}/vote", json={"value": 1}, headers=bearer(token)
        )
        await client.put(admin_path("blog", f"/moderators/{identity_id}"), headers=ADMIN)
        report = await _erase(client, identity_id=identity_id)
        assert report == {
            "comments": 1,
            "identity_deleted": True,
            "sessions_revoked": 1,
            "votes_removed": 1,
            "email_addresses_removed": 0,
        }
        assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 401
        thread = await read_thread(client)
        assert [c["score"] for c in thread["comments"]] == [0]
        assert (await client.get(admin_path("blog", "/moderators"), headers=ADMIN)).json()[
            "moderators"
        ] == []
        await _export(client, expect=404, identity_id=identity_id)

    async def test_identity_active_on_another_site_is_kept(self, client, app):
        await make_site(client)
        await make_site(client, "other", origins=["https://other.example"])
        identity_id, token = await make_identity(app, "other")
        await post_comment(
            client,
            site_id="other",
            url="https://other.example/p",
            headers={"Origin": "https://other.example", **bearer(token)},
        )
        await make_moderator(app, "blog", identity_id)  # so it belongs to this site too
        report = await _erase(client, identity_id=identity_id)
        assert report["identity_deleted"] is False
        assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 200
        other_queue = await client.get(
            admin_path("other", "/comments"), params={"status": "approved"}, headers=ADMIN
        )
        assert other_queue.json()["comments"][0]["body"] == "Nice post!"
