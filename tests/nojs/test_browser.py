"""A reader with JavaScript off, in Chromium, on a page that includes the thread through nginx:
reads the comments, posts through the plain form and lands on their comment; bad input comes back
in a filled-in form; a held comment shows the moderation note; axe-core finds nothing."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.nojs.conftest import Blog
from tests.widget.conftest import AXE_JS, CHROMIUM, CHROMIUM_ARGS, ensure_widget_tools


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        running = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield running
        running.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def fill(page: Page, comment: str, *, email: str = "grace@example.org") -> None:
    page.fill("#comment", comment)
    page.fill("#author", "Grace")
    page.fill("#email", email)


class TestWithoutJavaScript:
    def test_read_post_and_land_on_the_comment(self, blog: Blog, page: Page):
        url = blog.page("read-and-post")
        first = blog.post_comment(url, "Already here")
        page.goto(url)
        expect(page.locator(f"#comment-{first['id']} .comment-content")).to_have_text(
            "Already here"
        )
        expect(page.locator("h2.comments-title")).to_have_text("One thought on “A quiet post”")
        fill(page, "Posted *without* JavaScript")
        page.click("#submit")
        page.wait_for_url(re.compile(r"#comment-\d+$"))
        assert page.url.startswith(url + "#comment-")
        new_id = page.url.rsplit("-", 1)[1]
        mine = page.locator(f"#comment-{new_id}")
        expect(mine.locator(".comment-content em")).to_have_text("without")
        expect(mine.locator(".fn")).to_have_text("Grace")
        expect(page.locator("h2.comments-title")).to_have_text("2 thoughts on “A quiet post”")

    def test_reply_through_the_reply_link(self, blog: Blog, page: Page):
        url = blog.page("reply-link")
        first = blog.post_comment(url, "Ask me")
        page.goto(url)
        page.click(f"#comment-{first['id']} .comment-reply-link")
        expect(page.locator("#reply-title")).to_contain_text("Leave a Reply to Ada")
        fill(page, "An answer")
        page.click("#submit")
        page.wait_for_url(re.compile(r"#comment-\d+$"))
        new_id = page.url.rsplit("-", 1)[1]
        expect(
            page.locator(f"#comment-{first['id']} ol.children #comment-{new_id}")
        ).to_contain_text("An answer")

    def test_bad_input_keeps_the_text(self, blog: Blog, page: Page):
        url = blog.page("bad-input")
        page.goto(url)
        fill(page, "A long and careful comment", email="not-an-email")
        page.click("#submit")
        expect(page.locator(".parley-form-errors")).to_contain_text(
            "Please enter a valid email address."
        )
        expect(page.locator("#comment")).to_have_value("A long and careful comment")
        expect(page.locator("#email")).to_have_value("not-an-email")
        page.fill("#email", "grace@example.org")
        page.click("#submit")
        page.wait_for_url(re.compile(r"#comment-\d+$"))
        assert page.url.startswith(url)
        expect(page.locator(".comment-content").last).to_have_text("A long and careful comment")

    def test_held_comment_shows_the_note(self, blog: Blog, page: Page):
        restore = blog.site_settings(moderation="all")
        try:
            url = blog.page("held")
            page.goto(url)
            fill(page, "Wait for me")
            page.click("#submit")
            page.wait_for_url(re.compile(r"held=1#comments$"))
            expect(page.locator(".parley-held")).to_have_text(
                "Your comment is awaiting moderation."
            )
            expect(page.locator("#comments")).not_to_contain_text("Wait for me")
        finally:
            restore()

    def test_axe_finds_no_violations(self, blog: Blog, browser: Browser):
        ensure_widget_tools()
        url = blog.page("axe")
        first = blog.post_comment(url, "Readable")
        blog.post_comment(url, "Also readable", parent_id=first["id"])
        assert _axe(browser, url) == []
        assert _axe(browser, url + "?replyto=" + str(first["id"])) == []


def _axe(browser: Browser, url: str) -> list[dict[str, Any]]:
    """axe-core's violations in the thread; axe is the one script that runs (injected by the
    test), every script of the page's own is blocked: what a reader without JavaScript gets."""
    context = browser.new_context(java_script_enabled=True, locale="en-US")
    try:
        tab = context.new_page()
        tab.route(re.compile(r".*\.js(\?.*)?$"), lambda route: route.abort())
        tab.goto(url)
        tab.add_script_tag(content=AXE_JS.read_text())
        result: dict[str, Any] = tab.evaluate(
            "async () => await axe.run(document.querySelector('#parley-thread'),"
            " {resultTypes: ['violations']})"
        )
        return [
            {"id": v["id"], "nodes": [n["html"] for n in v["nodes"]]} for v in result["violations"]
        ]
    finally:
        context.close()
