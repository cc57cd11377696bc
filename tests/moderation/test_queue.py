"""The moderation queue through the HTTP API: listing, filters, actions, bulk, edits, purge."""

from typing import Any

import httpx

from tests.builders import ADMIN, POST_URL, SITE_ORIGIN, make_site, post_comment, read_thread
from tests.moderation.conftest import act, admin_path, audit_actions, queue


async def _pending_site(client: httpx.AsyncClient, **fields: Any) -> None:
    await make_site(client, "blog", moderation="all", **fields)


def _ids(page: dict[str, Any]) -> list[int]:
    return [c["id"] for c in page["comments"]]


class TestListQueue:
    async def test_pending_newest_first_with_emails(self, client):
        await _pending_site(client)
        first = await post_comment(client, "First")
        second = await post_comment(client, "Second", author_email="bob@example.org")
        page = await queue(client)
        assert _ids(page) == [second["id"], first["id"]]
        item = page["comments"][0]
        assert item["author"]["email"] == "bob@example.org"
        assert item["status"] == "pending"
        assert item["thread"]["url"] == POST_URL.rstrip("/")
        assert "ip" not in str(item["author"]).lower()

    async def test_each_status_is_its_own_queue(self, client):
        await _pending_site(client)
        ids = [(await post_comment(client, f"c{i}"))["id"] for i in range(4)]
        await act(client, ids[1], "approve")
        await act(client, ids[2], "spam")
        await act(client, ids[3], "delete")
        assert _ids(await queue(client, status="pending")) == [ids[0]]
        assert _ids(await queue(client, status="approved")) == [ids[1]]
        assert _ids(await queue(client, status="spam")) == [ids[2]]
        assert _ids(await queue(client, status="deleted")) == [ids[3]]

    async def test_cursor_pagination_visits_everything_once(self, client):
        await _pending_site(client)
        ids = [(await post_comment(client, f"c{i}"))["id"] for i in range(7)]
        seen: list[int] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 3, **({"cursor": cursor} if cursor else {})}
            page = await queue(client, **params)
            seen += _ids(page)
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == list(reversed(ids))

    async def test_bad_cursor_is_invalid_input(self, client):
        await _pending_site(client)
        response = await client.get(
            admin_path("blog", "/comments"), params={"cursor": "nope"}, headers=ADMIN
        )
        assert response.status_code == 422
        assert response.json()["type"] == "/problems/invalid-input"

    async def test_filters_by_url_author_and_text(self, client):
        await _pending_site(client)
        other_url = f"{SITE_ORIGIN}/other/"
        a = await post_comment(client, "About 100% cotton")
        b = await post_comment(
            client, "Elsewhere", url=other_url, author_name="Bob", author_email="bob@example.org"
        )
        assert _ids(await queue(client, url=other_url)) == [b["id"]]
        assert _ids(await queue(client, author="bob")) == [b["id"]]
        assert _ids(await queue(client, author="ada@example")) == [a["id"]]
        assert _ids(await queue(client, q="100%")) == [a["id"]]
        assert _ids(await queue(client, q="COTTON")) == [a["id"]]
        assert _ids(await queue(client, q="_")) == []

    async def test_counts_per_queue(self, client):
        await _pending_site(client)
        empty = await client.get(admin_path("blog", "/comments/counts"), headers=ADMIN)
        assert empty.json() == {"pending": 0, "approved": 0, "spam": 0, "deleted": 0}
        ids = [(await post_comment(client, f"c{i}"))["id"] for i in range(4)]
        await act(client, ids[0], "approve")
        await act(client, ids[1], "spam")
        counts = await client.get(admin_path("blog", "/comments/counts"), headers=ADMIN)
        assert counts.json() == {"pending": 2, "approved": 1, "spam": 1, "deleted": 0}

    async def test_unknown_site_is_404_for_root(self, client):
        response = await client.get(admin_path("nosuch", "/comments"), headers=ADMIN)
        assert response.status_code == 404


class TestActions:
    async def test_approve_shows_the_comment_to_readers(self, client):
        await _pending_site(client)
        comment = await post_comment(client)
        assert (await read_thread(client))["comments"] == []
        result = await act(client, comment["id"], "approve")
        assert result == {
            "action": "approve",
            "done": [comment["id"]],
            "missing": [],
            "skipped": [],
        }
        thread = await read_thread(client)
        assert [c["id"] for c in thread["comments"]] == [comment["id"]]

    async def test_actions_change_the_etag(self, client):
        await make_site(client, "blog")
        comment = await post_comment(client)
        first = await client.get("/api/v1/sites/blog/comments", params={"url": POST_URL})
        await act(client, comment["id"], "spam")
        second = await client.get(
            "/api/v1/sites/blog/comments",
            params={"url": POST_URL},
            headers={"If-None-Match": first.headers["etag"]},
        )
        assert second.status_code == 200
        assert second.json()["comments"] == []

    async def test_soft_delete_keeps_a_placeholder_and_restores(self, client):
        await make_site(client, "blog")
        parent = await post_comment(client, "Parent text")
        reply = await post_comment(client, "Reply", parent_id=parent["id"])
        await act(client, parent["id"], "delete")
        shown = (await read_thread(client))["comments"][0]
        assert shown["status"] == "deleted"
        assert shown["body_html"] == ""
        assert shown["replies"][0]["id"] == reply["id"]
        await act(client, parent["id"], "restore")
        shown = (await read_thread(client))["comments"][0]
        assert shown["status"] == "approved"
        assert "Parent text" in shown["body_html"]

    async def test_action_not_applying_is_skipped(self, client):
        await make_site(client, "blog")
        comment = await post_comment(client)
        result = await act(client, comment["id"], "approve")
        assert result["skipped"] == [comment["id"]]
        assert result["done"] == []

    async def test_author_deleted_comment_cannot_be_restored(self, client):
        await make_site(client, "blog")
        comment = await post_comment(client)
        response = await client.delete(
            f"/api/v1/comments/{comment['id']}", headers={"X-Edit-Token": comment["edit_token"]}
        )
        assert response.status_code == 204
        assert (await act(client, comment["id"], "restore"))["skipped"] == [comment["id"]]

    async def test_unknown_comment_and_unknown_action(self, client):
        await make_site(client, "blog")
        await act(client, 999999, "approve", expect=404)
        comment = await post_comment(client)
        await act(client, comment["id"], "explode", expect=422)

    async def test_purge_removes_the_subtree_and_unpins(self, client):
        await make_site(client, "blog")
        root = await post_comment(client, "Root")
        child = await post_comment(client, "Child", parent_id=root["id"])
        grandchild = await post_comment(client, "Grandchild", parent_id=child["id"])
        sibling = await post_comment(client, "Sibling", parent_id=root["id"])
        thread_id = (await queue(client, status="approved"))["comments"][0]["thread"]["id"]
        response = await client.patch(
            admin_path("blog", f"/threads/{thread_id}"),
            json={"pinned_comment_id": root["id"]},
            headers=ADMIN,
        )
        assert response.status_code == 200
        result = await act(client, child["id"], "purge")
        assert sorted(result["done"]) == sorted([child["id"], grandchild["id"]])
        shown = (await read_thread(client))["comments"]
        assert [r["id"] for r in shown[0]["replies"]] == [sibling["id"]]
        await act(client, root["id"], "purge")
        assert (await read_thread(client))["comments"] == []
        for status in ("approved", "pending", "spam", "deleted"):
            assert (await queue(client, status=status))["comments"] == []
        threads = await client.get(admin_path("blog", "/threads"), headers=ADMIN)
        assert threads.json()["threads"][0]["pinned_comment_id"] is None
        assert ("comment.purge", child["id"]) in await audit_actions(client)

    async def test_edit_text_rerenders_and_is_audited(self, client):
        await make_site(client, "blog")
        comment = await post_comment(client, "Typo heer")
        response = await client.patch(
            admin_path("blog", f"/comments/{comment['id']}"),
            json={"body": "Typo *here*"},
            headers=ADMIN,
        )
        assert response.status_code == 200, response.text
        assert response.json()["body_html"].strip() == "<p>Typo <em>here</em></p>"
        assert response.json()["edited_at"] is not None
        assert "<em>here</em>" in (await read_thread(client))["comments"][0]["body_html"]
        assert ("comment.edit", comment["id"]) in await audit_actions(client)

    async def test_edit_sanitizes(self, client):
        await make_site(client, "blog")
        comment = await post_comment(client)
        response = await client.patch(
            admin_path("blog", f"/comments/{comment['id']}"),
            json={"body": "<script>alert(1)</script>"},
            headers=ADMIN,
        )
        assert response.status_code == 200
        assert "<script" not in response.json()["body_html"]

    async def test_read_one_comment_of_any_status(self, client):
        await _pending_site(client)
        comment = await post_comment(client)
        response = await client.get(admin_path("blog", f"/comments/{comment['id']}"), headers=ADMIN)
        assert response.status_code == 200
        assert response.json()["status"] == "pending"


class TestBulk:
    async def test_bulk_approve_reports_missing_and_other_sites(self, client):
        await _pending_site(client)
        await make_site(client, "other", origins=["https://other.example"], moderation="all")
        ids = [(await post_comment(client, f"c{i}"))["id"] for i in range(3)]
        foreign = await post_comment(
            client,
            site_id="other",
            url="https://other.example/p",
            headers={"Origin": "https://other.example"},
        )
        response = await client.post(
            admin_path("blog", "/comments/bulk"),
            json={"ids": [*ids, foreign["id"], 999999], "action": "approve"},
            headers=ADMIN,
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["done"] == ids
        assert body["missing"] == [foreign["id"], 999999]
        assert len((await read_thread(client))["comments"]) == 3
        assert _ids(await queue(client, "other")) == [foreign["id"]]
        actions = await audit_actions(client)
        approved = [c for a, c in actions if a == "comment.approve"]
        assert None not in approved
        assert sorted(c for c in approved if c is not None) == ids

    async def test_bulk_purge_parent_and_child_together(self, client):
        await make_site(client, "blog")
        parent = await post_comment(client)
        child = await post_comment(client, parent_id=parent["id"])
        response = await client.post(
            admin_path("blog", "/comments/bulk"),
            json={"ids": [child["id"], parent["id"]], "action": "purge"},
            headers=ADMIN,
        )
        assert sorted(response.json()["done"]) == sorted([parent["id"], child["id"]])
        assert response.json()["missing"] == []

    async def test_bulk_limits(self, client):
        await make_site(client, "blog")
        for ids in ([], list(range(1, 502))):
            response = await client.post(
                admin_path("blog", "/comments/bulk"),
                json={"ids": ids, "action": "spam"},
                headers=ADMIN,
            )
            assert response.status_code == 422


class TestModerationModes:
    async def test_none_publishes_at_once(self, client):
        await make_site(client, "blog", moderation="none")
        assert (await post_comment(client))["status"] == "approved"

    async def test_all_holds_every_comment(self, client):
        await make_site(client, "blog", moderation="all")
        first = await post_comment(client)
        await act(client, first["id"], "approve")
        assert (await post_comment(client))["status"] == "pending"

    async def test_first_time_holds_only_the_first_comment(self, client):
        await make_site(client, "blog", moderation="first_time")
        first = await post_comment(client)
        assert first["status"] == "pending"
        assert (await post_comment(client))["status"] == "pending"
        await act(client, first["id"], "approve")
        assert (await post_comment(client))["status"] == "approved"
        stranger = await post_comment(client, author_email="new@example.org", author_name="New")
        assert stranger["status"] == "pending"
