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
