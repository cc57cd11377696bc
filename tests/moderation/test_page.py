"""The moderation page at /admin: served with a strict CSP; in headless Chromium it logs in
with a site's admin token, approves a pending comment, and the blog's widget then shows it."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.live import demo_blog, free_port, live_server

ADMIN_TOKEN = "moderation-page-admin-token-0123456789"
SITE = "demo"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class TestPageHeaders:
    async def test_page_and_assets_are_served_with_a_strict_csp(self, client):
        page = await client.get("/admin")
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "default-src 'none'" in csp
        assert '<script src="/admin/admin.js"' in page.text
        assert "onclick" not in page.text
        assert "<script>" not in page.text
        script = await client.get("/admin/admin.js")
        assert script.headers["content-type"].startswith("text/javascript")
        assert "innerHTML" not in script.text
        assert (await client.get("/admin/admin.css")).status_code == 200
        for screen in ("audit", "sites", "settings", "people", "webhooks", "porting"):
            assert f'<script src="/admin/admin-{screen}.js" defer>' in page.text
            part = await client.get(f"/admin/admin-{screen}.js")
            assert part.headers["content-type"].startswith("text/javascript")
            assert "script-src 'self'" in part.headers["content-security-policy"]
            assert "innerHTML" not in part.text and "insertAdjacentHTML" not in part.text
        assert (await client.get("/admin/secrets.txt")).status_code == 422


@dataclass
class Live:
    api: str
    blog: str  # the blog's origin (another site: localhost vs 127.0.0.1)
    http: httpx.Client
    database_file: Path

    def admin(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        return self.http.request(method, f"{self.api}{path}", headers=headers, **kwargs)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    data = tmp_path_factory.mktemp("moderation-page")
    database_file = data / "parley.db"
    port = free_port()
    env = {
        "PARLEY_ADMIN_TOKEN": ADMIN_TOKEN,
        "PARLEY_SECRET_KEY": "moderation-page-secret-key-not-for-production",
    }
    with (
        demo_blog(f"http://127.0.0.1:{port}", site=SITE) as blog,
        live_server(f"sqlite+aiosqlite:///{database_file}", data, port=port, env=env) as base,
        httpx.Client(timeout=10) as http,
    ):
        running = Live(api=base, blog=blog.origin, http=http, database_file=database_file)
        site = {
            "id": SITE,
            "name": "Harbour Notes",
            "origins": [blog.origin],
            "moderation": "all",
        }
        assert running.admin("POST", "/api/v1/admin/sites", json=site).status_code == 201
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def errors() -> list[str]:
    return []


@pytest.fixture
def page(browser: Any, errors: list[str]) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="en-US")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.add_init_script(
        'document.addEventListener("securitypolicyviolation", (e) =>'
        " console.error(`CSP violation: ${e.violatedDirective}`));"
    )
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    context.close()
    assert errors == []


def _post(live: Live, url: str, body: str, name: str = "Ada") -> dict[str, Any]:
    response = live.http.post(
        f"{live.api}/api/v1/sites/{SITE}/comments",
        json={
            "url": url,
            "title": "Hello",
            "body": body,
            "author_name": name,
            "author_email": f"{name.lower()}@example.org",
        },
        headers={"Origin": live.blog},
    )
    assert response.status_code == 201, response.text
    comment: dict[str, Any] = response.json()
    assert comment["status"] == "pending"
    return comment


def _moderator_session(live: Live, name: str, scope: str = "admin") -> str:
    """An identity holding the moderator role, with a session token: as its login on /admin
    leaves it (`scope="commenter"`: as its login through the blog's widget leaves it)."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from app.crypto import hash_token, new_token
    from app.identity.models import AuthSession, Identity, Moderator

    token = new_token()
    engine = create_engine(f"sqlite:///{live.database_file}")
    with Session(engine) as session:
        identity = Identity(provider="github", subject=new_token(8), display_name=name)
        session.add(identity)
        session.flush()
        expires = datetime.now(UTC) + timedelta(hours=1)
        session.add(
            AuthSession(
                token_hash=hash_token(token),
                identity_id=identity.id,
                site_id=SITE,
                expires_at=expires,
                scope=scope,
            )
        )
        session.add(Moderator(site_id=SITE, identity_id=identity.id))
        session.commit()
    engine.dispose()
    return token


def _with_admin_cookie(page: Any, live: Live, token: str) -> None:
    """The browser holds the /admin session cookie a moderator's /admin login sets."""
    page.context.add_cookies(
        [
            {
                "name": "parley_admin",
                "value": token,
                "url": live.api,
                "httpOnly": True,
                "sameSite": "Strict",
            }
        ]
    )


def _log_in(page: Any, live: Live, token: str) -> None:
    page.goto(f"{live.api}/admin")
    page.get_by_label("Token").fill(token)
    page.get_by_role("button", name="Log in").click()
    page.locator("#moderation").wait_for()


def _item(page: Any, comment_id: int) -> Any:
    return page.locator(f'.item[data-id="{comment_id}"]')


@pytest.mark.browser
class TestModerationPage:
    def test_approve_in_the_browser_then_the_widget_shows_it(self, page, live):
        from playwright.sync_api import expect

        post = f"{live.blog}/post/hello-world.html"
        comment = _post(live, post, "Waiting for a moderator, please.")
        created = live.admin("POST", "/api/v1/admin/tokens", json={"name": "page", "site_id": SITE})
        _log_in(page, live, created.json()["token"])
        item = _item(page, comment["id"])
        pending = live.admin("GET", f"/api/v1/admin/sites/{SITE}/comments/counts").json()["pending"]
        expect(page.locator('[data-status="pending"]')).to_have_text(f"Pending ({pending})")
        expect(item.locator(".body")).to_have_text("Waiting for a moderator, please.")
        expect(item.locator(".email")).to_have_text("ada@example.org")
        item.get_by_role("button", name="Approve").click()
        expect(item).to_have_count(0)
        expect(page.locator("#status")).to_contain_text("approve: 1 comment done")

        page.locator('[data-status="approved"]').click()
        _item(page, comment["id"]).get_by_role("button", name="Edit").click()
        _item(page, comment["id"]).get_by_label(f"Text of comment {comment['id']}").fill(
            "Waiting for a moderator, please!"
        )
        _item(page, comment["id"]).get_by_role("button", name="Save").click()
        expect(page.locator("#status")).to_contain_text(f"Comment {comment['id']} edited")
        _item(page, comment["id"]).get_by_role("button", name="Pin").click()
        expect(page.locator("#status")).to_contain_text(f"Comment {comment['id']} pinned")
        expect(_item(page, comment["id"]).locator(".badge")).to_contain_text("pinned")

        page.goto(post)
        expect(page.locator("#parley-thread")).to_contain_text("Waiting for a moderator, please!")
        audit = live.admin("GET", f"/api/v1/admin/sites/{SITE}/audit").json()["entries"]
        assert [e["action"] for e in audit[:3]] == [
            "comment.pin",
            "comment.edit",
            "comment.approve",
        ]
        assert audit[2]["actor"].startswith("token:")

    def test_bulk_spam_ban_and_close_thread(self, page, live):
        from playwright.sync_api import expect

        post = f"{live.blog}/post/comments-without-cookies.html"
        first = _post(live, post, "Buy now", name="Bot")
        second = _post(live, post, "Buy again", name="Bot")
        keep = _post(live, post, "A real question", name="Cy")
        _log_in(page, live, ADMIN_TOKEN)
        _item(page, first["id"]).locator(".pick").check()
        _item(page, second["id"]).locator(".pick").check()
        page.get_by_role("button", name="Spam selected").click()
        expect(page.locator("#status")).to_contain_text("spam: 2 comments done")
        expect(_item(page, first["id"])).to_have_count(0)
        expect(_item(page, keep["id"])).to_have_count(1)

        page.locator('[data-status="spam"]').click()
        spam_item = _item(page, first["id"])
        spam_item.locator(".ban-kind").select_option("email")
        spam_item.get_by_role("button", name="Ban").click()
        expect(page.locator("#status")).to_contain_text("Banned the author")
        bans = live.admin("GET", f"/api/v1/admin/sites/{SITE}/bans").json()["bans"]
        assert [b["kind"] for b in bans] == ["email"]
        refused = live.http.post(
            f"{live.api}/api/v1/sites/{SITE}/comments",
            json={
                "url": post,
                "body": "again",
                "author_name": "Bot",
                "author_email": "bot@example.org",
            },
            headers={"Origin": live.blog},
        )
        assert refused.status_code == 403

        spam_item.get_by_role("button", name="Close thread").click()
        expect(page.locator("#status")).to_contain_text("Thread closed")
        page.goto(post)
        expect(page.locator("#parley-thread")).to_contain_text("closed", ignore_case=True)

    def test_bans_are_listed_and_lifted_and_the_audit_log_shows(self, page, live):
        from playwright.sync_api import expect

        post = f"{live.blog}/post/hello-world.html"
        comment = _post(live, post, "Ban me please", name="Zed")
        banned = live.admin(
            "POST",
            f"/api/v1/admin/sites/{SITE}/bans",
            json={"kind": "email", "comment_id": comment["id"], "reason": "testing"},
        )
        assert banned.status_code == 201
        _log_in(page, live, ADMIN_TOKEN)
        page.get_by_role("button", name="Bans").click()
        row = page.locator("#bans li").filter(has_text=f"Ban #{banned.json()['id']}")
        expect(row).to_contain_text("testing")
        expect(row).to_contain_text("Zed's email address")  # whom it bans, not a hash
        link = row.get_by_role("link", name=f"comment {comment['id']}")
        expect(link).to_have_attribute("href", f"{post}#comment-{comment['id']}")
        row.get_by_role("button", name="Lift").click()
        expect(page.locator("#status")).to_contain_text("lifted")
        expect(row).to_have_count(0)
        page.get_by_role("button", name="Audit log").click()
        expect(page.locator("#audit li").first).to_contain_text("lifted a ban")
        expect(page.locator("#audit")).to_contain_text("banned a commenter")

    def test_a_widget_session_in_the_fragment_opens_nothing(self, page, live):
        # 23.4: a moderator's widget login is a commenter session; /admin takes no credential
        # from its address, and the admin API refuses that token.
        from playwright.sync_api import expect

        token = _moderator_session(live, "Wim", scope="commenter")
        page.goto(f"{live.api}/admin#token={token}")
        expect(page.locator("#login")).to_be_visible()
        expect(page.locator("#moderation")).to_be_hidden()
        refused = live.http.get(
            f"{live.api}/api/v1/admin/sites/{SITE}/comments",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert refused.status_code == 403

    def test_a_moderator_with_an_admin_session_deletes(self, page, live):
        from playwright.sync_api import expect

        token = _moderator_session(live, "Mo")
        post = f"{live.blog}/post/hello-world.html"
        comment = _post(live, post, "Please look at this", name="Eve")
        _with_admin_cookie(page, live, token)
        page.goto(f"{live.api}/admin")
        page.locator("#moderation").wait_for()
        item = _item(page, comment["id"])
        item.get_by_role("button", name="Delete").click()
        expect(item).to_have_count(0)
        audit = live.admin("GET", f"/api/v1/admin/sites/{SITE}/audit").json()["entries"]
        assert audit[0]["action"] == "comment.delete"
        assert audit[0]["actor"].endswith(":Mo")

    def test_no_serious_accessibility_violations(self, page, live):
        from tests.widget.conftest import AXE_JS, ensure_widget_tools

        ensure_widget_tools()
        _post(live, f"{live.blog}/post/hello-world.html", "Check my accessibility", name="Al")
        # Served from the page's own origin: its CSP allows no other script.
        page.route(
            f"{live.api}/__axe.js",
            lambda route: route.fulfill(body=AXE_JS.read_bytes(), content_type="text/javascript"),
        )
        for logged_in in (False, True):
            if logged_in:
                _log_in(page, live, ADMIN_TOKEN)
            else:
                page.goto(f"{live.api}/admin")
            page.add_script_tag(url=f"{live.api}/__axe.js")
            result = page.evaluate(
                "async () => await axe.run(document, {resultTypes: ['violations']})"
            )
            serious = [
                (v["id"], v["help"])
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            assert serious == []

    def test_a_refused_token_shows_the_login_again(self, page, live, errors):
        from playwright.sync_api import expect

        page.goto(f"{live.api}/admin")
        page.get_by_label("Token").fill("not-a-token")
        page.get_by_role("button", name="Log in").click()
        expect(page.locator("#status")).to_contain_text("Unknown or revoked admin token")
        expect(page.locator("#login")).to_be_visible()
        assert page.evaluate("sessionStorage.length + localStorage.length") == 0
        assert page.context.cookies() == []
        assert all("status of 401" in error for error in errors)
        errors.clear()


@pytest.mark.browser
class TestFirstHour:
    """Issue 14: the login form goes away, owners set everything, moderators see no settings."""

    def test_after_login_the_form_is_really_hidden(self, page, live):
        from playwright.sync_api import expect

        _log_in(page, live, ADMIN_TOKEN)
        expect(page.locator("#login")).to_be_hidden()
        expect(page.get_by_label("Token")).to_be_hidden()
        assert page.locator("#login").evaluate("f => getComputedStyle(f).display") == "none"
        expect(page.locator("#oauth-login")).to_be_hidden()

    def test_moderator_login_offers_the_sites_providers(self, page, live):
        from playwright.sync_api import expect

        page.goto(f"{live.api}/admin")
        page.get_by_label("Site id").fill(SITE)
        page.get_by_role("button", name="Show login options").click()
        expect(page.locator("#status")).to_have_text("This site offers no login provider.")

    def test_settings_round_trip(self, page, live, errors):
        from playwright.sync_api import expect

        before = live.admin("GET", f"/api/v1/admin/sites/{SITE}").json()
        _log_in(page, live, ADMIN_TOKEN)
        page.get_by_role("button", name="Settings").click()
        form = page.get_by_role("form", name="Site settings")
        expect(form.get_by_label("Name", exact=True)).to_have_value("Harbour Notes")
        form.get_by_label("Edit window").fill("120")
        form.get_by_label("Reply depth shown").fill("3")
        form.get_by_label("Moderation").select_option("first_time")
        form.get_by_label("Emails to alert").fill("mod@example.org")
        form.get_by_role("button", name="Save settings").click()
        expect(page.locator("#status")).to_have_text("Settings saved.")
        expect(page.locator("#status")).to_be_in_viewport()
        site = live.admin("GET", f"/api/v1/admin/sites/{SITE}").json()
        assert site["edit_window_seconds"] == 120
        assert site["max_depth"] == 3
        assert site["moderation"] == "first_time"
        assert site["notify_emails"] == ["mod@example.org"]
        assert site["origins"] == before["origins"]
        form.get_by_label("Who may comment").select_option("oauth_only")
        form.get_by_role("button", name="Save settings").click()
        expect(page.locator("#status")).to_contain_text("login provider")
        assert all("status of 422" in error for error in errors)
        errors.clear()
        restore = {k: before[k] for k in ("edit_window_seconds", "max_depth", "moderation")}
        assert live.admin("PATCH", f"/api/v1/admin/sites/{SITE}", json=restore).status_code == 200

    def test_a_moderator_sees_no_settings(self, page, live):
        from playwright.sync_api import expect

        token = _moderator_session(live, "Nia")
        _with_admin_cookie(page, live, token)
        page.goto(f"{live.api}/admin")
        page.locator("#moderation").wait_for()
        expect(page.get_by_role("button", name="Bans")).to_be_visible()
        expect(page.get_by_role("button", name="Settings")).to_be_hidden()

    def test_the_ban_reason_typed_is_listed(self, page, live):
        from playwright.sync_api import expect

        comment = _post(live, f"{live.blog}/post/hello-world.html", "Buy now", name="Spammy")
        _log_in(page, live, ADMIN_TOKEN)
        item = _item(page, comment["id"])
        item.get_by_label("Ban reason").fill("sells watches")
        item.get_by_role("button", name="Ban", exact=True).click()
        expect(page.locator("#status")).to_contain_text("Banned the author")
        page.get_by_role("button", name="Bans").click()
        expect(page.locator("#bans")).to_contain_text("Reason: sells watches")


@pytest.mark.browser
class TestAdminSession:
    """26.3 and 23.12: the /admin session is a cookie: it survives a new tab, keeps a deep link
    through the login, and logging out ends it on the server."""

    def test_a_deep_link_survives_the_login_and_a_new_tab(self, page, live):
        from playwright.sync_api import expect

        for ban in live.admin("GET", f"/api/v1/admin/sites/{SITE}/bans").json()["bans"]:
            live.admin("DELETE", f"/api/v1/admin/sites/{SITE}/bans/{ban['id']}")  # earlier tests'
        comment = _post(live, f"{live.blog}/post/deep.html", "Look at me", name="Deb")
        link = f"{live.api}/admin?site={SITE}&comment={comment['id']}"
        page.goto(link)
        expect(page.locator("#status")).to_contain_text("Log in to see the comment")
        page.get_by_label("Token").fill(ADMIN_TOKEN)
        page.get_by_role("button", name="Log in").click()
        expect(_item(page, comment["id"])).to_have_class(re.compile(r"\blinked\b"))
        expect(_item(page, comment["id"])).to_be_focused()
        cookie = next(c for c in page.context.cookies() if c["name"] == "parley_admin")
        assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
        assert page.evaluate("document.cookie") == ""  # no script can read it
        # A new tab of the same browser, opened on the deep link: no login again.
        tab = page.context.new_page()
        tab.goto(link)
        expect(_item(tab, comment["id"])).to_have_class(re.compile(r"\blinked\b"))
        _item(tab, comment["id"]).get_by_role("button", name="Approve").click()
        expect(tab.locator("#status")).to_contain_text("approve: 1 comment done")
        status = live.admin("GET", f"/api/v1/admin/sites/{SITE}/comments/{comment['id']}")
        assert status.json()["status"] == "approved"
        tab.close()

    def test_log_out_revokes_the_session_on_the_server(self, page, live):
        from playwright.sync_api import expect

        _log_in(page, live, ADMIN_TOKEN)
        value = next(c for c in page.context.cookies() if c["name"] == "parley_admin")["value"]
        page.get_by_role("button", name="Log out", exact=True).click()
        expect(page.locator("#login")).to_be_visible()
        assert [c for c in page.context.cookies() if c["name"] == "parley_admin"] == []
        stolen = live.http.get(
            f"{live.api}/api/v1/admin/me",
            headers={"Cookie": f"parley_admin={value}", "X-Parley-Admin": "1"},
        )
        assert stolen.status_code == 401

    def test_log_out_on_every_device(self, page, live, browser):
        from playwright.sync_api import expect

        _log_in(page, live, ADMIN_TOKEN)
        other = browser.new_context()
        other_tab = other.new_page()
        _log_in(other_tab, live, ADMIN_TOKEN)
        page.get_by_role("button", name="Log out on every device").click()
        expect(page.locator("#status")).to_have_text("Logged out on every device.")
        other_tab.reload()
        expect(other_tab.locator("#login")).to_be_visible()
        other.close()
