"""/admin as the owner's console, in headless Chromium against a real server on a fresh install:
root login → create a site → every setting through the form → a moderator picked by name → a
webhook with a delivery to a real loopback receiver (and "Send again") → a WXR import with a dry
run and a report → an export; axe-core on every screen at 375 and 1280 px, light and dark."""

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.live import free_port, live_server
from tests.moderation.test_page import CHROMIUM, CHROMIUM_ARGS
from tests.notifications.test_webhooks import Receiver
from tests.waiting import wait_until
from tests.widget.conftest import AXE_JS, ensure_widget_tools

ROOT_TOKEN = "console-root-token-0123456789abcdef"
SITE = "harbour"
WXR = Path(__file__).resolve().parent.parent / "porting" / "fixtures" / "wordpress-1.2.xml"
SCREENS = ["pending", "bans", "audit", "settings", "people", "webhooks", "porting", "sites"]


class Server:
    def __init__(self, url: str, database_file: Path) -> None:
        self.url = url
        self.database_file = database_file

    def root(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {ROOT_TOKEN}"}
        return httpx.request(method, f"{self.url}{path}", headers=headers, timeout=10, **kwargs)

    def commenter(self, name: str) -> int:
        """An identity that logged in through the site's widget (a session on the site)."""
        from sqlalchemy import create_engine
        from sqlalchemy.orm import Session

        from app.crypto import hash_token, new_token
        from app.identity.models import AuthSession, Identity

        engine = create_engine(f"sqlite:///{self.database_file}")
        with Session(engine) as session:
            identity = Identity(provider="github", subject=new_token(8), display_name=name)
            session.add(identity)
            session.flush()
            expires = datetime.now(UTC) + timedelta(hours=1)
            session.add(
                AuthSession(
                    token_hash=hash_token(new_token()),
                    identity_id=identity.id,
                    site_id=SITE,
                    expires_at=expires,
                )
            )
            session.commit()
            identity_id = identity.id
        engine.dispose()
        return identity_id


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("console")
    database_file = data / "parley.db"
    env = {
        "PARLEY_ADMIN_TOKEN": ROOT_TOKEN,
        "PARLEY_SECRET_KEY": "console-secret-key-not-for-production",
        "PARLEY_GITHUB_CLIENT_ID": "console-github-id",
        "PARLEY_GITHUB_CLIENT_SECRET": "console-github-secret",
        "PARLEY_WEBHOOK_ALLOW_PRIVATE": "true",
        "PARLEY_WEBHOOK_RETRY_SECONDS": "0.5",
    }
    url = f"sqlite+aiosqlite:///{database_file}"
    with live_server(url, data, port=free_port(), env=env) as base:
        yield Server(base, database_file)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


def _context(browser: Any, errors: list[str], width: int = 1280, scheme: str = "light") -> Any:
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        locale="en-US",
        color_scheme=scheme,
        accept_downloads=True,
    )
    context.add_init_script(
        'document.addEventListener("securitypolicyviolation", (e) =>'
        " console.error(`CSP violation: ${e.violatedDirective}`));"
    )
    # Injected by the browser itself (no inline script), so the page's CSP stays as it is.
    ensure_widget_tools()  # a fresh clone has no widget/node_modules (axe-core) yet
    context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    page.set_default_timeout(15_000)
    # The browser logs each refused request; the refusals the test provokes are expected.
    expected = "Failed to load resource: the server responded with a status of 422"
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and expected not in m.text else None,
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page


def _log_in(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/admin")
    page.get_by_label("Token").fill(ROOT_TOKEN)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.locator("#moderation").wait_for()


def _status(page: Any) -> Any:
    return page.locator("#status")


def _tab(page: Any, name: str) -> Any:
    return page.locator(f'nav [data-view="{name}"], nav [data-status="{name}"]')


def _check_ok(page: Any) -> None:
    from playwright.sync_api import expect

    expect(_status(page)).not_to_contain_text("Error")


@pytest.mark.browser
class TestConsole:
    def test_a_fresh_install_is_run_from_the_page(self, browser, server):
        from playwright.sync_api import expect

        errors: list[str] = []
        page = _context(browser, errors)
        _log_in(page, server)
        expect(_status(page)).to_contain_text("create your first one")
        expect(page.locator("#sites-view")).to_be_visible()

        # Create the site: the page goes on to its settings.
        form = page.locator("#site-create")
        form.get_by_label("Id").fill(SITE)
        form.get_by_label("Name", exact=True).fill("Harbour Notes")
        form.get_by_label("Origins").fill("https://old.example")
        form.get_by_role("button", name="Create site").click()
        expect(_status(page)).to_contain_text(f"Site {SITE} created")
        expect(page.locator("#settings-view")).to_be_visible()
        expect(page.locator("#site")).to_have_value(SITE)

        # Every setting through the form.
        settings = page.locator("#settings-view")
        settings.get_by_label("Name", exact=True).fill("Harbour Notes & Co")
        settings.get_by_label("Origins").fill("https://old.example\nhttps://www.old.example")
        settings.get_by_label("Language").select_option("de")
        settings.get_by_label("Moderation").select_option("all")
        settings.get_by_label("Who may comment").select_option("oauth_only")
        settings.get_by_label("Edit window").fill("600")
        settings.get_by_label("Reply depth").fill("4")
        expect(settings.get_by_label("GitHub")).to_be_checked()
        settings.get_by_label("Emails to alert").fill("owner@old.example")
        settings.get_by_label("Alert on").select_option("all")
        links = settings.locator("fieldset", has_text="Spam check: Too many links")
        links.get_by_label("Most links allowed").fill("1")
        words = settings.locator("fieldset", has_text="Spam check: Blocked words")
        words.get_by_label("Words or phrases").fill("casino\ncheap pills")
        rate = settings.locator("fieldset", has_text="Spam check: Comments per address")
        rate.get_by_label("Use this check").check()
        rate.get_by_label("Limit").fill("every minute")  # refused by the server: shown, marked
        settings.get_by_role("button", name="Save settings").click()
        expect(_status(page)).to_contain_text("Error: body.spam_settings.rate_limit")
        expect(rate.get_by_label("Limit")).to_have_attribute("aria-invalid", "true")
        rate.get_by_label("Limit").fill("5/minute")
        akismet = settings.locator("fieldset", has_text="Spam check: Akismet")
        akismet.get_by_label("Use this check").check()
        akismet.get_by_label("API key").fill("abcdef123456")
        akismet.get_by_label("Blog front page URL").fill("https://old.example/")
        settings.get_by_role("button", name="Save settings").click()
        expect(_status(page)).to_have_text("Settings saved.")
        site = server.root("GET", f"/api/v1/admin/sites/{SITE}").json()
        assert site["name"] == "Harbour Notes & Co"
        assert site["origins"] == ["https://old.example", "https://www.old.example"]
        assert (site["language"], site["moderation"], site["guest_policy"]) == (
            "de",
            "all",
            "oauth_only",
        )
        assert (site["edit_window_seconds"], site["max_depth"]) == (600, 4)
        assert (site["notify_emails"], site["notify_on"]) == (["owner@old.example"], "all")
        spam = site["spam_settings"]
        assert spam["links"]["max_links"] == 1
        assert spam["blocked_words"]["words"] == ["casino", "cheap pills"]
        assert spam["rate_limit"] == {"enabled": True, "verdict": "pending", "limit": "5/minute"}
        assert spam["akismet"]["enabled"] and spam["akismet"]["api_key"] == "abcdef123456"
        assert site["disabled_providers"] == []
        # Switching the only provider off while only logged-in people may comment is refused.
        settings.get_by_label("GitHub").uncheck()
        settings.get_by_role("button", name="Save settings").click()
        expect(_status(page)).to_contain_text("Error: guest_policy 'oauth_only' needs")
        settings.get_by_label("Who may comment").select_option("name_email")
        settings.get_by_role("button", name="Save settings").click()
        expect(_status(page)).to_have_text("Settings saved.")
        assert server.root("GET", f"/api/v1/admin/sites/{SITE}").json()["disabled_providers"] == [
            "github"
        ]

        # The audit log reads as sentences with the changed fields only.
        _tab(page, "audit").click()
        audit = page.locator("#audit")
        expect(audit).to_contain_text("root changed the site's settings.")
        expect(audit).to_contain_text("spam checks › links › max links: 3 → 1")
        expect(audit).to_contain_text("language: en → de")
        expect(audit).not_to_contain_text("honeypot")  # unchanged checks are not listed

        # A moderator picked by name.
        grace = server.commenter("Grace Hopper")
        server.commenter("Linus")
        _tab(page, "people").click()
        page.get_by_label("Find a commenter by name or provider").fill("grace")
        page.get_by_role("button", name="Search").click()
        expect(page.locator("#people-found li")).to_have_count(1)
        page.get_by_role("button", name="Make moderator: Grace Hopper").click()
        expect(_status(page)).to_have_text("Grace Hopper is now a moderator of this site.")
        expect(page.locator("#moderators")).to_contain_text("Grace Hopper")
        moderators = server.root("GET", f"/api/v1/admin/sites/{SITE}/moderators").json()
        assert [m["identity_id"] for m in moderators["moderators"]] == [grace]
        _tab(page, "audit").click()
        expect(audit).to_contain_text("Grace Hopper was made a moderator by root.")

        # Admin tokens: created (shown once), listed, revoked.
        _tab(page, "people").click()
        page.get_by_label("Name of the new admin credential").fill("deploy")
        page.get_by_role("button", name="Create token").click()
        secret = page.locator("#token-secret code").inner_text()
        me = httpx.get(
            f"{server.url}/api/v1/admin/me", headers={"Authorization": f"Bearer {secret}"}
        )
        assert me.json()["role"] == "owner"
        page.on("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Revoke token deploy").click()
        expect(page.locator("#token-list")).to_contain_text("revoked")

        # A webhook, a real delivery, and "Send again".
        with Receiver() as receiver:
            _tab(page, "webhooks").click()
            create = page.locator("#webhook-create")
            create.get_by_label("URL").fill(receiver.url)
            create.get_by_label("Description").fill("CI")
            create.get_by_label("comment.created").check()
            create.get_by_role("button", name="Create webhook").click()
            expect(page.locator("#webhook-secret code")).to_contain_text("whsec_")
            comment = httpx.post(
                f"{server.url}/api/v1/sites/{SITE}/comments",
                json={
                    "url": "https://old.example/new-post/",
                    "body": "A new comment",
                    "author_name": "Ada",
                    "author_email": "ada@example.org",
                },
                headers={"Origin": "https://old.example"},
            )
            assert comment.status_code == 201, comment.text
            wait_until(lambda: receiver.requests, "a delivery to reach the receiver")
            _tab(page, "webhooks").click()
            log = page.locator(".deliveries li").first
            expect(log).to_contain_text("succeeded · HTTP 200")
            log.get_by_role("button", name="again").click()
            expect(_status(page)).to_contain_text("queued to be sent again")
            wait_until(lambda: len(receiver.requests) >= 2, "the delivery sent again")
            assert len(receiver.requests) == 2
            first, second = receiver.requests
            assert first.headers["webhook-id"] == second.headers["webhook-id"]
        page.get_by_role("button", name="Disable webhook").click()
        expect(page.locator("#webhook-list")).to_contain_text("disabled")
        page.get_by_role("button", name="Rotate secret").click()
        expect(_status(page)).to_contain_text("secret rotated")

        # Import: a dry run first (nothing written), then the import with its report.
        _tab(page, "porting").click()
        importer = page.locator("#import-form")
        importer.get_by_label("File").set_input_files(str(WXR))
        importer.get_by_label("Format").select_option("wordpress")
        expect(page.get_by_role("button", name="Import", exact=True)).to_be_disabled()
        page.get_by_role("button", name="Dry run").click()
        report = page.get_by_role("region", name="Import report")
        expect(report).to_contain_text("nothing was written")
        dry = int(report.locator("dt:text-is('Comments') + dd").inner_text())
        assert dry > 0
        before = server.root("GET", f"/api/v1/admin/sites/{SITE}/comments/counts").json()
        page.get_by_role("button", name="Import", exact=True).click()
        expect(_status(page)).to_contain_text("Import done")
        expect(report).to_contain_text("Imported wordpress-1.2.xml")
        assert int(report.locator("dt:text-is('Comments') + dd").inner_text()) == dry
        after = server.root("GET", f"/api/v1/admin/sites/{SITE}/comments/counts").json()
        assert sum(after.values()) == sum(before.values()) + dry

        # Export: a download of the site as Parley JSON.
        with page.expect_download() as download:
            page.get_by_role("button", name="Download export").click()
        document = json.loads(Path(download.value.path()).read_text())
        assert document["site"]["id"] == SITE
        _tab(page, "audit").click()
        expect(audit).to_contain_text("root downloaded an export of the site.")
        expect(audit).to_contain_text("root imported comments.")
        _check_ok(page)
        page.context.close()
        assert errors == []

    @pytest.mark.parametrize("scheme", ["light", "dark"])
    @pytest.mark.parametrize("width", [375, 1280])
    def test_axe_finds_nothing_on_any_screen(self, browser, server, width, scheme):
        if server.root("GET", f"/api/v1/admin/sites/{SITE}").status_code == 404:
            site = {"id": SITE, "name": "Harbour", "origins": ["https://old.example"]}
            assert server.root("POST", "/api/v1/admin/sites", json=site).status_code == 201
        errors: list[str] = []
        page = _context(browser, errors, width=width, scheme=scheme)
        _log_in(page, server)
        found: dict[str, Any] = {}
        for screen in SCREENS:
            _tab(page, screen).click()
            page.wait_for_load_state("networkidle")
            _check_ok(page)
            result = page.evaluate(
                "async () => await axe.run(document, {resultTypes: ['violations']})"
            )
            violations = [
                (v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]
            ]
            if violations:
                found[screen] = violations
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{screen} scrolls sideways at {width} px: {wide}"
        page.context.close()
        assert found == {}
        assert errors == []
