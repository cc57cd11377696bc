"""Regression tests for issue 10's numbered findings 1, 3, 4 and 5 (each failed before its fix).
Finding 6 is in test_text.py, finding 7 in test_edges.py; finding 2 (imported links) is
tests/porting's, the authorization table test_authorization.py."""

from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI

from app.crypto import hash_token, new_token
from app.db.base import utcnow
from app.db.session import Database
from app.identity.models import AuthSession
from tests.builders import ADMIN, SITE_ORIGIN, make_site, post_comment, read_thread
from tests.conftest import make_settings
from tests.moderation.conftest import admin_path, bearer, make_identity
from tests.parts import part
from tests.security.conftest import OTHER_ORIGIN, Credentials

ATTACKER = "https://attacker.example"
PARLEY_EXPORT = b'{"format": "parley", "version": 1, "site": {}, "records": []}'


async def session_token(app: FastAPI, identity_id: int, site_id: str) -> str:
    """A login session of an existing identity on one more site."""
    token = new_token()
    async with part(app, Database).write_sessions() as session:
        session.add(
            AuthSession(
                token_hash=hash_token(token),
                identity_id=identity_id,
                site_id=site_id,
                expires_at=utcnow() + timedelta(days=1),
            )
        )
        await session.commit()
    return token


def _audit(entries: list[dict], action: str) -> list[dict]:
    return [e for e in entries if e["action"] == action]


async def _audit_log(client: httpx.AsyncClient, site_id: str = "blog") -> list[dict]:
    response = await client.get(admin_path(site_id, "/audit"), headers=ADMIN)
    assert response.status_code == 200, response.text
    entries: list[dict] = response.json()["entries"]
    return entries


class TestFinding1ModeratorIsNotOwner:
    """A moderator's session could PATCH the site (add an origin), export and import."""

    async def test_moderator_cannot_add_an_origin(self, client, creds: Credentials):
        moderator = creds.headers["moderator"]
        response = await client.patch(
            admin_path("blog"), json={"origins": [SITE_ORIGIN, ATTACKER]}, headers=moderator
        )
        assert response.status_code == 403, response.text
        assert response.json()["type"] == "/problems/forbidden"
        site = (await client.get(admin_path("blog"), headers=ADMIN)).json()
        assert site["origins"] == [SITE_ORIGIN]
        # The widget-side checks read only the owner-set origins: the attacker's page is refused.
        comment = await post_comment(client)
        refused = await post_comment(client, headers={"Origin": ATTACKER}, expect=403)
        assert refused["type"] == "/problems/origin-not-allowed"
        vote = await client.post(
            f"/api/v1/comments/{comment['id']}/vote",
            json={"value": 1},
            headers={"Origin": ATTACKER},
        )
        assert vote.status_code == 403 and vote.json()["type"] == "/problems/origin-not-allowed"

    async def test_moderator_cannot_change_any_setting(self, client, creds: Credentials):
        changes: list[dict[str, object]] = [
            {"moderation": "none"},
            {"closed": True},
            {"disabled_providers": []},
        ]
        for change in changes:
            response = await client.patch(
                admin_path("blog"), json=change, headers=creds.headers["moderator"]
            )
            assert response.status_code == 403, (change, response.text)

    async def test_moderator_cannot_export(self, client, creds: Credentials):
        await post_comment(client)
        response = await client.get(
            admin_path("blog", "/export"), headers=creds.headers["moderator"]
        )
        assert response.status_code == 403
        assert "ada@example.org" not in response.text

    @pytest.mark.parametrize("route", ["/import", "/imports"])
    async def test_moderator_cannot_import(self, client, creds: Credentials, route):
        response = await client.post(
            admin_path("blog", route),
            params={"format": "parley"},
            files={"file": ("export.json", PARLEY_EXPORT, "application/json")},
            headers=creds.headers["moderator"],
        )
        assert response.status_code == 403, response.text

    async def test_moderator_cannot_make_moderators(self, client, creds: Credentials):
        moderator = creds.headers["moderator"]
        granted = await client.put(
            admin_path("blog", f"/moderators/{creds.commenter_id}"), headers=moderator
        )
        assert granted.status_code == 403
        listed = await client.get(admin_path("blog", "/moderators"), headers=ADMIN)
        moderators = [m["identity_id"] for m in listed.json()["moderators"]]
        assert sorted(moderators) == sorted([creds.blog_moderator_id, creds.widget_moderator_id])

    async def test_moderator_reads_settings_without_the_akismet_key(
        self, client, creds: Credentials
    ):
        akismet = {"enabled": True, "api_key": "abcdef123456", "blog_url": SITE_ORIGIN}
        owner = await client.patch(
            admin_path("blog"), json={"spam_settings": {"akismet": akismet}}, headers=ADMIN
        )
        assert owner.json()["spam_settings"]["akismet"]["api_key"] == "abcdef123456"
        read = await client.get(admin_path("blog"), headers=creds.headers["moderator"])
        assert read.status_code == 200
        assert "abcdef123456" not in read.text

    async def test_owner_settings_changes_are_audited_before_and_after(
        self, client, creds: Credentials
    ):
        akismet = {"enabled": True, "api_key": "secretkey9876", "blog_url": SITE_ORIGIN}
        response = await client.patch(
            admin_path("blog"),
            json={"origins": [SITE_ORIGIN, OTHER_ORIGIN], "spam_settings": {"akismet": akismet}},
            headers=creds.headers["site_token"],
        )
        assert response.status_code == 200, response.text
        (entry,) = _audit(await _audit_log(client), "site.update")
        assert entry["actor"].startswith("token:") and entry["actor"].endswith(":blog owner")
        changes = entry["detail"]["changes"]
        assert changes["origins"] == {
            "before": [SITE_ORIGIN],
            "after": [SITE_ORIGIN, OTHER_ORIGIN],
        }
        spam = changes["spam_settings"]
        assert spam["before"]["akismet"]["api_key"] == ""
        assert spam["after"]["akismet"]["api_key"].startswith("sha256:")
        assert "secretkey9876" not in str(entry)

    async def test_unchanged_settings_leave_no_entry(self, client, creds: Credentials):
        await client.patch(admin_path("blog"), json={"origins": [SITE_ORIGIN]}, headers=ADMIN)
        assert _audit(await _audit_log(client), "site.update") == []

    async def test_site_token_creation_is_audited_on_its_site(self, client, creds: Credentials):
        (entry,) = _audit(await _audit_log(client), "token.create")
        assert entry["actor"] == "root" and entry["detail"]["name"] == "blog owner"


class TestFinding3TenantIsolation:
    """Site A's token read (and could change roles of) people who never touched site A."""

    @pytest.fixture
    async def stranger(self, app: FastAPI, client, creds: Credentials) -> int:
        """An identity known only on site 'other', with a comment there."""
        identity_id, token = await make_identity(
            app, "other", name="Stranger", email="stranger@example.org"
        )
        await post_comment(
            client,
            site_id="other",
            url=f"{OTHER_ORIGIN}/p",
            headers={"Origin": OTHER_ORIGIN, **bearer(token)},
        )
        return identity_id

    @pytest.mark.parametrize(
        ("method", "route", "body"),
        [
            ("POST", "/privacy/export", "identity"),
            ("POST", "/privacy/erase", "identity"),
            ("PUT", "/moderators/{id}", None),
            ("DELETE", "/moderators/{id}", None),
        ],
    )
    async def test_a_person_of_another_site_is_404(
        self, client, creds: Credentials, stranger: int, method, route, body
    ):
        for headers in (creds.headers["site_token"], ADMIN):
            response = await client.request(
                method,
                admin_path("blog", route.format(id=stranger)),
                json={"identity_id": stranger} if body else None,
                headers=headers,
            )
            assert response.status_code == 404, response.text
            assert "Stranger" not in response.text and "stranger@" not in response.text
            # The same answer as for an id that exists nowhere.
            unknown = await client.request(
                method,
                admin_path("blog", route.format(id=987654)),
                json={"identity_id": 987654} if body else None,
                headers=headers,
            )
            assert unknown.status_code == 404
            assert unknown.json()["title"] == response.json()["title"]
        # Nothing happened to the stranger on their own site.
        queue = await client.get(
            admin_path("other", "/comments"), params={"status": "approved"}, headers=ADMIN
        )
        assert queue.json()["comments"][0]["author"]["name"] == "Stranger"

    async def test_a_person_of_this_site_is_exported_with_this_sites_data_only(
        self, app: FastAPI, client, creds: Credentials
    ):
        identity_id, token = await make_identity(app, "blog", name="Both", email="b@example.org")
        await post_comment(client, "On blog", headers=bearer(token))
        await session_token(app, identity_id, "other")  # it logged in on 'other' too
        response = await client.post(
            admin_path("blog", "/privacy/export"),
            json={"identity_id": identity_id},
            headers=creds.headers["site_token"],
        )
        assert response.status_code == 200, response.text
        document = response.json()
        assert document["site"] == "blog"
        assert [c["body"] for c in document["comments"]] == ["On blog"]
        assert document["identity"]["display_name"] == "Both"

    async def test_a_moderator_can_still_be_made_from_a_login_on_this_site(
        self, client, creds: Credentials
    ):
        granted = await client.put(
            admin_path("blog", f"/moderators/{creds.commenter_id}"),
            headers=creds.headers["site_token"],
        )
        assert granted.status_code == 200, granted.text


class TestFinding4EditsAndVotesAdmitted:
    """An approved comment edited to hold a blocked word and five links stayed approved; edits and
    votes went through after a ban and on a closed thread."""

    @pytest.fixture
    async def comment(self, client) -> dict:
        await make_site(
            client,
            spam_settings={"blocked_words": {"words": ["casino"]}, "links": {"max_links": 3}},
        )
        created = await post_comment(client, "A fine comment")
        assert created["status"] == "approved"
        return created

    async def _edit(self, client, comment: dict, body: str) -> httpx.Response:
        return await client.patch(
            f"/api/v1/comments/{comment['id']}",
            json={"body": body},
            headers={"X-Edit-Token": comment["edit_token"]},
        )

    async def test_an_edit_with_a_blocked_word_and_links_leaves_the_public_thread(
        self, client, comment
    ):
        links = " ".join(f"https://spam{i}.example" for i in range(5))
        response = await self._edit(client, comment, f"Best casino! {links}")
        assert response.status_code == 200, response.text
        assert response.json()["status"] != "approved"
        assert "casino" not in str(await read_thread(client))
        queue = await client.get(admin_path("blog", "/comments"), headers=ADMIN, params={})
        assert queue.status_code == 200

    async def test_an_edit_on_a_moderated_site_goes_back_to_the_queue(self, client, comment):
        await client.patch(admin_path("blog"), json={"moderation": "all"}, headers=ADMIN)
        response = await self._edit(client, comment, "Changed after approval")
        assert response.status_code == 200
        assert response.json()["status"] == "pending"
        assert (await read_thread(client))["comments"] == []

    async def test_a_banned_author_cannot_edit_or_vote(self, client, comment):
        ban = await client.post(
            admin_path("blog", "/bans"),
            json={"kind": "ip", "comment_id": comment["id"]},
            headers=ADMIN,
        )
        assert ban.status_code == 201
        edit = await self._edit(client, comment, "Edited while banned")
        assert edit.status_code == 403 and edit.json()["type"] == "/problems/banned"
        vote = await client.post(f"/api/v1/comments/{comment['id']}/vote", json={"value": 1})
        assert vote.status_code == 403 and vote.json()["type"] == "/problems/banned"
        (shown,) = (await read_thread(client))["comments"]
        assert shown["score"] == 0 and "banned" not in shown["body_html"]

    async def test_a_closed_thread_takes_no_edits_or_votes(self, client, comment):
        threads = await client.get(admin_path("blog", "/threads"), headers=ADMIN)
        thread_id = threads.json()["threads"][0]["id"]
        closed = await client.patch(
            admin_path("blog", f"/threads/{thread_id}"), json={"closed": True}, headers=ADMIN
        )
        assert closed.status_code == 200
        edit = await self._edit(client, comment, "Edited after closing")
        assert edit.status_code == 403 and edit.json()["type"] == "/problems/thread-closed"
        vote = await client.post(f"/api/v1/comments/{comment['id']}/vote", json={"value": 1})
        assert vote.status_code == 403 and vote.json()["type"] == "/problems/thread-closed"


class TestFinding5AvatarKeys:
    """A guest's avatar key was the same HMAC of the email on every site: an email oracle."""

    async def _avatar(self, client, site_id: str, origin: str, email: str) -> str:
        created = await post_comment(
            client,
            site_id=site_id,
            url=f"{origin}/post",
            author_email=email,
            headers={"Origin": origin},
        )
        avatar: str = created["author"]["avatar_url"]
        return avatar

    async def test_the_same_email_gets_unrelated_keys_on_two_sites(self, client, creds):
        on_blog = await self._avatar(client, "blog", SITE_ORIGIN, "ada@example.org")
        on_other = await self._avatar(client, "other", OTHER_ORIGIN, "ada@example.org")
        assert on_blog != on_other
        # Stable within a site (the same commenter keeps one picture there).
        assert await self._avatar(client, "blog", SITE_ORIGIN, "ADA@example.org ") == on_blog

    async def test_an_identity_gets_unrelated_keys_on_two_sites(self, app, client, creds):
        identity_id, blog_session = await make_identity(app, "blog", name="Ida")
        other_session = await session_token(app, identity_id, "other")
        on_blog = await post_comment(client, headers=bearer(blog_session))
        on_other = await post_comment(
            client,
            site_id="other",
            url=f"{OTHER_ORIGIN}/p",
            headers={"Origin": OTHER_ORIGIN, **bearer(other_session)},
        )
        assert on_blog["author"]["avatar_url"] != on_other["author"]["avatar_url"]

    async def test_keys_depend_on_the_server_secret(self, database_url, tmp_path, client, creds):
        mine = await self._avatar(client, "blog", SITE_ORIGIN, "grace@example.org")
        from asgi_lifespan import LifespanManager

        from app.main import create_app

        other = create_app(
            make_settings(database_url, tmp_path, secret_key="another-secret-key-0123456789")
        )
        async with (
            LifespanManager(other),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=other),
                base_url="http://testserver",
                headers={"Origin": SITE_ORIGIN},
            ) as http,
        ):
            theirs = (await read_thread(http, url=f"{SITE_ORIGIN}/post"))["comments"][0]
        assert theirs["author"]["avatar_url"] != mine

    async def test_no_response_tells_a_known_email_from_an_unknown_one(self, client, creds):
        first = await post_comment(client, author_email="known@example.org")
        again = await post_comment(client, author_email="known@example.org")
        fresh = await post_comment(client, author_email="fresh@example.org")
        for created in (again, fresh):
            assert set(created) == set(first)
            assert created["status"] == first["status"]
            assert created["author"].keys() == first["author"].keys()
            assert "email" not in str(created["author"]).lower()


class TestOwnerActionsAreAudited:
    @pytest.fixture
    def settings(self, database_url, tmp_path):
        return make_settings(database_url, tmp_path, webhook_allow_private=True)

    async def test_webhook_changes_are_audited_without_the_url(self, client, creds: Credentials):
        owner = creds.headers["site_token"]
        created = await client.post(
            admin_path("blog", "/webhooks"),
            json={"url": "http://127.0.0.1:9/hook?token=s3cret", "events": ["comment.created"]},
            headers=owner,
        )
        assert created.status_code == 201, created.text
        webhook_id = created.json()["id"]
        path = admin_path("blog", f"/webhooks/{webhook_id}")
        assert (
            await client.patch(path, json={"description": "x"}, headers=owner)
        ).status_code == 200
        assert (await client.delete(path, headers=owner)).status_code == 204
        entries = await _audit_log(client)
        actions = [e["action"] for e in entries if e["action"].startswith("webhook.")]
        assert actions == ["webhook.delete", "webhook.update", "webhook.create"]
        assert all(e["detail"]["webhook_id"] == webhook_id for e in entries[:3])
        assert "s3cret" not in str(entries)
