"""Readable audit entries (issue 14): which comment, whose, with a link to it on its page, and
the stored detail (which spam check flagged it)."""

from tests.builders import ADMIN, POST_URL, SITE_ID, make_site, post_comment


class TestAuditEntries:
    async def test_comment_link_author_and_spam_detail(self, client):
        await make_site(client)
        comment = await post_comment(client, "Hello there", author_name="Grace")
        marked = await client.post(
            f"/api/v1/admin/sites/{SITE_ID}/comments/{comment['id']}/spam", headers=ADMIN
        )
        assert marked.status_code == 200, marked.text
        entries = (await client.get(f"/api/v1/admin/sites/{SITE_ID}/audit", headers=ADMIN)).json()
        entry = entries["entries"][0]
        assert entry["comment_id"] == comment["id"]
        assert entry["comment_author"] == "Grace"
        assert entry["comment_url"] == f"{POST_URL.rstrip('/')}#comment-{comment['id']}"
