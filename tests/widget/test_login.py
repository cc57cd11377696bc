"""Logging in through the popup with the real test OpenID provider, third-party cookies blocked."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def comment_box(page: Page):
    return page.get_by_role("textbox", name="Comment", exact=True)


def log_in(page: Page, user: str) -> None:
    """Click the provider, sign in on the provider's own login form, wait for the popup to close.

    The provider's own session (a first-party cookie in the popup) is dropped first, so each
    login shows its form: like a reader logged out at the provider.
    """
    page.context.clear_cookies()
    with page.expect_popup() as opened:
        page.get_by_role("button", name="Log in with Test OP").click()
    popup = opened.value
    expect(page.get_by_role("form").get_by_text("Connecting to Test OP…")).to_be_visible()
    popup.locator("input[name=login]").fill(user)
    popup.locator("input[name=password]").fill("any password")
    with popup.expect_event("close"):
        popup.locator("button[type=submit]").click()


class TestPopupLogin:
    def test_login_post_as_identity_edit_and_log_out(self, open_post, context, demo, api, console):
        console.allow(r"avatars\.example\.test")  # the test provider's pictures have no host (C4)
        page = open_post("login")
        log_in(page, "alice")
        expect(page.get_by_text("You are commenting using your Test OP account.")).to_be_visible()
        expect(page.locator("#parley-thread .me b")).to_have_text("Test User alice")
        expect(page.get_by_role("textbox", name="Name")).to_have_count(0)
        assert page.evaluate("document.cookie") == ""

        comment_box(page).fill("Posted as a verified identity")
        page.get_by_role("button", name="Post Comment").click()
        mine = page.locator("li.c").filter(has_text="Posted as a verified identity")
        expect(mine.locator(".name")).to_have_text("Test User alice")
        expect(mine.locator(".badge")).to_have_text("verified via Test OP")
        expect(mine.get_by_role("button", name="Edit")).to_be_visible()  # no edit token needed

        page.reload()  # the session token is kept in the blog's storage
        expect(page.get_by_text("You are commenting using your Test OP account.")).to_be_visible()
        mine = page.locator("li.c").filter(has_text="Posted as a verified identity")
        expect(mine.get_by_role("button", name="Edit")).to_be_visible()

        page.get_by_role("button", name="Log Out").click()
        expect(page.get_by_role("textbox", name="Name")).to_be_visible()
        expect(mine.get_by_role("button", name="Edit")).to_have_count(0)
        assert page.evaluate("Object.keys(localStorage).filter(k => k.endsWith(':auth'))") == []
        assert [c for c in context.cookies() if c["domain"] == "localhost"] == []

    def test_change_account(self, open_post, console):
        console.allow(r"avatars\.example\.test")
        page = open_post("change-account")
        log_in(page, "bob")
        page.get_by_role("button", name="Change").click()
        expect(page.get_by_role("button", name="Log in with Test OP")).to_be_focused()
        log_in(page, "carol")
        comment_box(page).fill("Now as Carol")
        page.get_by_role("button", name="Post Comment").click()
        expect(page.locator("li.c .name")).to_have_text("Test User carol")

    def test_closing_the_popup_gives_up_quietly(self, open_post):
        page = open_post("popup-closed")
        page.context.clear_cookies()  # not logged in at the provider: the popup waits for us
        with page.expect_popup() as opened:
            page.get_by_role("button", name="Log in with Test OP").click()
        opened.value.close()
        expect(page.get_by_role("form").get_by_text(re.compile("Connecting to"))).to_have_count(0)
        expect(page.get_by_role("button", name="Log in with Test OP")).to_be_visible()


class TestModeratorPopupLogin:
    def test_a_moderator_logs_in_to_admin_through_the_providers_popup(
        self, open_post, context, api, console
    ):
        """The same popup as commenters, on Parley's own /admin: an identity without the role is
        refused and keeps no credential; once the owner grants it, the queue opens."""
        from playwright.sync_api import expect

        console.allow(r"avatars\.example\.test")
        admin = context.new_page()
        admin.set_default_timeout(15_000)

        def log_in_on_admin() -> None:
            context.clear_cookies()  # log in afresh at the provider, as in log_in()
            admin.goto(f"{api.base}/admin")
            admin.get_by_label("Site id").fill("demo")
            admin.get_by_role("button", name="Show login options").click()
            with admin.expect_popup() as opened:
                admin.get_by_role("button", name="Log in with Test OP").click()
            popup = opened.value
            popup.locator("input[name=login]").fill("dora")
            popup.locator("input[name=password]").fill("any password")
            with popup.expect_event("close"):
                popup.locator("button[type=submit]").click()

        log_in_on_admin()
        expect(admin.locator("#status")).to_have_text(
            "Error: This identity is not a moderator of this site."
        )
        expect(admin.locator("#moderation")).to_be_hidden()
        assert admin.evaluate("sessionStorage.length") == 0

        # The owner finds dora by her comment (the queue shows authors' identity ids).
        page = open_post("moderator-login")
        log_in(page, "dora")
        comment_box(page).fill("Dora was here")
        page.get_by_role("button", name="Post Comment").click()
        expect(page.locator("li.c").filter(has_text="Dora was here")).to_be_visible()
        found = api.admin(
            "GET",
            "/api/v1/admin/sites/demo/comments",
            params={"status": "approved", "q": "Dora was here"},
        )
        assert found.status_code == 200, found.text
        (comment,) = found.json()["comments"]
        identity_id = comment["author"]["identity_id"]
        granted = api.admin("PUT", f"/api/v1/admin/sites/demo/moderators/{identity_id}")
        assert granted.status_code == 200, granted.text

        log_in_on_admin()
        expect(admin.locator("#moderation")).to_be_visible()
        expect(admin.locator("#status")).to_have_text("Logged in as Test User dora.")
        expect(admin.locator("#login")).to_be_hidden()
        expect(admin.locator("[data-owner]").first).to_be_hidden()  # moderators see no settings
        admin.close()
