"""Bans per site by identity, email and IP (by comment id), with expiry; and the audit log."""

from datetime import UTC, datetime, timedelta

from app.db.session import Database
from tests.builders import ADMIN, POST_URL, make_site, post_comment
from tests.moderation.conftest import admin_path, audit_actions, bearer, make_identity
from tests.parts import part


def _in(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


async def _ban(client, expect=201, site_id="blog", **body):
    response = await client.post(admin_path(site_id, "/bans"), json=body, headers=ADMIN)
    assert response.status_code == expect, response.text
    return response.json()


class TestBans:
    async def test_ip_ban_by_comment_refuses_that_address(self, client):
        await make_site(client)
        comment = await post_comment(client)
        ban = await _ban(client, kind="ip", comment_id=comment["id"], reason="flood")
        assert set(ban) == {
            "id",
            "kind",
            "identity_id",
            "author_name",
            "comment_id",
            "comment_url",
            "reason",
            "expires_at",
            "created_at",
            "created_by",
        }
        # Whom it bans, readable: the author's name and a link to the comment (never the IP).
        assert ban["author_name"] == "Ada"
        assert ban["comment_id"] == comment["id"]
        assert ban["comment_url"] == f"{POST_URL.rstrip('/')}#comment-{comment['id']}"
        refused = await post_comment(client, author_email="someone@else.example", expect=403)
        assert refused["type"] == "/problems/banned"
        assert "banned" in refused["detail"]

    async def test_email_ban_is_case_insensitive_and_hashed(self, client):
        await make_site(client)
        ban = await _ban(client, kind="email", email="Ada@Example.org")
        assert "ada" not in str(ban).lower()
        await post_comment(client, author_email="ada@example.ORG", expect=403)
        listed = await client.get(admin_path("blog", "/bans"), headers=ADMIN)
        assert "ada" not in listed.text.lower()

    async def test_a_ban_keeps_the_name_after_its_comment_is_gone_until_erasure(self, client):
        await make_site(client)
        comment = await post_comment(client, author_name="Zed", author_email="zed@example.org")
        ban = await _ban(client, kind="email", comment_id=comment["id"])
        purged = await client.post(
            admin_path("blog", "/comments/bulk"),
            json={"ids": [comment["id"]], "action": "purge"},
            headers=ADMIN,
        )
        assert purged.status_code == 200, purged.text
        (listed,) = (await client.get(admin_path("blog", "/bans"), headers=ADMIN)).json()["bans"]
        assert listed["id"] == ban["id"]
        assert (listed["author_name"], listed["comment_id"], listed["comment_url"]) == (
            "Zed",
            None,
            None,
        )

        again = await post_comment(client, author_name="Amy", author_email="amy@example.org")
        named = await _ban(client, kind="ip", comment_id=again["id"])
        erased = await client.post(
            admin_path("blog", "/privacy/erase"), json={"email": "amy@example.org"}, headers=ADMIN
        )
        assert erased.status_code == 200, erased.text
        bans = (await client.get(admin_path("blog", "/bans"), headers=ADMIN)).json()["bans"]
        assert {b["id"]: b["author_name"] for b in bans} == {named["id"]: "", ban["id"]: "Zed"}

    async def test_email_ban_from_a_comment(self, client):
        await make_site(client)
        comment = await post_comment(client)
        await _ban(client, kind="email", comment_id=comment["id"])
        await post_comment(client, expect=403)

    async def test_identity_ban_refuses_the_logged_in_commenter(self, client, app):
        await make_site(client)
        identity_id, token = await make_identity(app, "blog")
        comment = await post_comment(client, headers=bearer(token))
        ban = await _ban(client, kind="identity", comment_id=comment["id"])
        assert ban["identity_id"] == identity_id
        await post_comment(client, headers=bearer(token), expect=403)
        await post_comment(client, author_email="guest@example.org", author_name="Guest")

    async def test_identity_ban_by_id(self, client, app):
        await make_site(client)
        identity_id, token = await make_identity(app, "blog")
        await _ban(client, kind="identity", identity_id=identity_id)
        await post_comment(client, headers=bearer(token), expect=403)

    async def test_ban_on_one_site_does_not_reach_another(self, client):
        await make_site(client)
        await make_site(client, "other", origins=["https://other.example"])
        comment = await post_comment(client)
        await _ban(client, kind="ip", comment_id=comment["id"])
        await post_comment(
            client,
            site_id="other",
            url="https://other.example/p",
            headers={"Origin": "https://other.example"},
        )

    async def test_expiry_in_the_message_and_expired_bans_stop(self, client, app):
        await make_site(client)
        ban = await _ban(client, kind="email", email="ada@example.org", expires_at=_in(2))
        refused = await post_comment(client, expect=403)
        assert "until" in refused["detail"]
        async with part(app, Database).write_sessions() as session:
            from sqlalchemy import update

            from app.admission.models import Ban

            past = datetime.now(UTC) - timedelta(minutes=1)
            await session.execute(update(Ban).where(Ban.id == ban["id"]).values(expires_at=past))
            await session.commit()
        await post_comment(client)

    async def test_lift_a_ban(self, client):
        await make_site(client)
        ban = await _ban(client, kind="email", email="ada@example.org")
        response = await client.delete(admin_path("blog", f"/bans/{ban['id']}"), headers=ADMIN)
        assert response.status_code == 204
        await post_comment(client)
        again = await client.delete(admin_path("blog", f"/bans/{ban['id']}"), headers=ADMIN)
        assert again.status_code == 404
        assert [a for a, _ in await audit_actions(client)] == ["ban.delete", "ban.create"]

    async def test_invalid_bans(self, client):
        await make_site(client)
        guest = await post_comment(client)
        await _ban(client, expect=422, kind="ip")
        await _ban(client, expect=422, kind="email")
        await _ban(client, expect=422, kind="identity", comment_id=guest["id"])
        await _ban(client, expect=404, kind="ip", comment_id=999999)
        await _ban(client, expect=404, kind="identity", identity_id=424242)
        await _ban(client, expect=422, kind="email", email="x@example.org", expires_at=_in(-1))
        await _ban(
            client,
            expect=422,
            kind="email",
            email="x@example.org",
            expires_at="2030-01-01T00:00:00",
        )
        await _ban(client, expect=422, kind="email", email="x@example.org", colour="red")

    async def test_ban_by_comment_of_another_site_is_404(self, client):
        await make_site(client)
        await make_site(client, "other", origins=["https://other.example"])
        foreign = await post_comment(
            client,
            site_id="other",
            url="https://other.example/p",
            headers={"Origin": "https://other.example"},
        )
        await _ban(client, expect=404, kind="ip", comment_id=foreign["id"])

    async def test_foreign_ids_are_404_and_never_shown(self, app, client):
        # 23.2: an id of another site (a pending comment, its author) or none at all is a 404;
        # nothing about the other site's comment reaches this site's bans or audit log.
        await make_site(client)
        await make_site(client, "other", origins=["https://other.example"], moderation="all")
        foreign = await post_comment(
            client,
            "secret pending text",
            site_id="other",
            url="https://other.example/unpublished",
            author_name="Foreigner",
            headers={"Origin": "https://other.example"},
        )
        assert foreign["status"] == "pending"
        stranger_id, _ = await make_identity(app, "other", name="Stranger")
        mine = await post_comment(client)
        for body in (
            {"kind": "email", "comment_id": foreign["id"]},
            {"kind": "email", "email": "x@example.org", "comment_id": foreign["id"]},
            {"kind": "identity", "identity_id": stranger_id},
            {"kind": "identity", "identity_id": stranger_id, "comment_id": mine["id"]},
            {"kind": "ip", "comment_id": 999999},
            {"kind": "email", "email": "x@example.org", "comment_id": 2_000_000_000},
        ):
            refused = await _ban(client, expect=404, **body)
            assert refused["type"] == "/problems/not-found", refused
        for path in ("/bans", "/audit"):
            shown = await client.get(admin_path("blog", path), headers=ADMIN)
            assert shown.status_code == 200
            assert "unpublished" not in shown.text and "Foreigner" not in shown.text
            assert "Stranger" not in shown.text

    async def test_audit_links_only_the_sites_own_comments(self, app, client):
        # Rows written before ids were checked (or by any path) show no foreign comment.
        from app.sites.audit import AuditEntry

        await make_site(client)
        await make_site(client, "other", origins=["https://other.example"])
        foreign = await post_comment(
            client,
            site_id="other",
            url="https://other.example/p",
            author_name="Foreigner",
            headers={"Origin": "https://other.example"},
        )
        async with part(app, Database).write_sessions() as session:
            session.add(
                AuditEntry(
                    site_id="blog",
                    actor="root",
                    action="ban.create",
                    comment_id=foreign["id"],
                    detail={},
                )
            )
            await session.commit()
        entries = (await client.get(admin_path("blog", "/audit"), headers=ADMIN)).json()["entries"]
        assert entries[0]["comment_id"] == foreign["id"]
        assert entries[0]["comment_url"] is None and entries[0]["comment_author"] is None

    async def test_list_pages(self, client):
        await make_site(client)
        for i in range(5):
            await _ban(client, kind="email", email=f"u{i}@example.org")
        first = (
            await client.get(admin_path("blog", "/bans"), params={"limit": 3}, headers=ADMIN)
        ).json()
        second = (
            await client.get(
                admin_path("blog", "/bans"),
                params={"limit": 3, "cursor": first["next_cursor"]},
                headers=ADMIN,
            )
        ).json()
        assert len(first["bans"]) == 3
        assert len(second["bans"]) == 2
        assert second["next_cursor"] is None


class TestAudit:
    async def test_every_action_is_audited_newest_first_with_pages(self, client):
        await make_site(client, moderation="all")
        comment = await post_comment(client)
        cid = comment["id"]
        for action in ("approve", "spam", "restore", "delete", "restore"):
            response = await client.post(
                admin_path("blog", f"/comments/{cid}/{action}"), headers=ADMIN
            )
            assert response.json()["done"] == [cid]
        await client.patch(
            admin_path("blog", f"/comments/{cid}"), json={"body": "x y"}, headers=ADMIN
        )
        thread_id = (await client.get(admin_path("blog", "/threads"), headers=ADMIN)).json()[
            "threads"
        ][0]["id"]
        for change in (
            {"closed": True},
            {"closed": False},
            {"pinned_comment_id": cid},
            {"pinned_comment_id": None},
        ):
            response = await client.patch(
                admin_path("blog", f"/threads/{thread_id}"), json=change, headers=ADMIN
            )
            assert response.status_code == 200, response.text
        await _ban(client, kind="ip", comment_id=cid)
        await client.post(admin_path("blog", f"/comments/{cid}/purge"), headers=ADMIN)
        expected = [
            "comment.approve",
            "comment.spam",
            "comment.restore",
            "comment.delete",
            "comment.restore",
            "comment.edit",
            "thread.close",
            "thread.reopen",
            "comment.pin",
            "comment.unpin",
            "ban.create",
            "comment.purge",
        ]
        seen, cursor = [], None
        while True:
            params = {"limit": 5, **({"cursor": cursor} if cursor else {})}
            page = (
                await client.get(admin_path("blog", "/audit"), params=params, headers=ADMIN)
            ).json()
            seen += page["entries"]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert [e["action"] for e in reversed(seen)] == expected
        assert all(e["actor"] == "root" for e in seen)
        assert seen[-1]["detail"] == {"from": "pending"}
        filtered = await client.get(
            admin_path("blog", "/audit"), params={"action": "comment.restore"}, headers=ADMIN
        )
        assert len(filtered.json()["entries"]) == 2


class TestThreads:
    async def test_close_refuses_new_comments_and_reopen_allows(self, client):
        await make_site(client)
        await post_comment(client)
        thread = (await client.get(admin_path("blog", "/threads"), headers=ADMIN)).json()[
            "threads"
        ][0]
        closed = await client.patch(
            admin_path("blog", f"/threads/{thread['id']}"), json={"closed": True}, headers=ADMIN
        )
        assert closed.json()["closed"] is True
        refused = await post_comment(client, expect=403)
        assert refused["type"] == "/problems/thread-closed"
        public = await client.get("/api/v1/sites/blog/comments", params={"url": thread["url"]})
        assert public.json()["thread"]["closed"] is True
        await client.patch(
            admin_path("blog", f"/threads/{thread['id']}"), json={"closed": False}, headers=ADMIN
        )
        await post_comment(client)

    async def test_pin_puts_the_comment_first(self, client):
        await make_site(client)
        first = await post_comment(client, "first")
        second = await post_comment(client, "second")
        reply = await post_comment(client, "reply", parent_id=first["id"])
        thread = (await client.get(admin_path("blog", "/threads"), headers=ADMIN)).json()[
            "threads"
        ][0]
        path = admin_path("blog", f"/threads/{thread['id']}")
        pinned = await client.patch(path, json={"pinned_comment_id": second["id"]}, headers=ADMIN)
        assert pinned.json()["pinned_comment_id"] == second["id"]
        public = (
            await client.get("/api/v1/sites/blog/comments", params={"url": thread["url"]})
        ).json()
        assert [c["id"] for c in public["comments"]] == [second["id"], first["id"]]
        assert public["comments"][0]["pinned"] is True
        bad = await client.patch(path, json={"pinned_comment_id": reply["id"]}, headers=ADMIN)
        assert bad.status_code == 422
        assert (
            await client.patch(path, json={"pinned_comment_id": 999999}, headers=ADMIN)
        ).status_code == 404

    async def test_find_a_thread_by_url_and_unknown_thread(self, client):
        await make_site(client)
        await post_comment(client)
        await post_comment(client, url="https://blog.example/other")
        found = await client.get(
            admin_path("blog", "/threads"),
            params={"url": "https://blog.example/other"},
            headers=ADMIN,
        )
        assert [t["url"] for t in found.json()["threads"]] == ["https://blog.example/other"]
        missing = await client.patch(
            admin_path("blog", "/threads/999999"), json={"closed": True}, headers=ADMIN
        )
        assert missing.status_code == 404
