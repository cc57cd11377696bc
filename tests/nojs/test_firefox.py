"""The no-JavaScript reader's flows in Firefox ESR (Gecko), through the same nginx SSI page."""

import re
from collections.abc import AsyncIterator

import pytest

from tests.nojs.conftest import Blog
from tests.nojs.firefox import FIREFOX, Firefox, firefox


@pytest.fixture
async def tab() -> AsyncIterator[Firefox]:
    if not FIREFOX.exists():
        pytest.skip("/usr/bin/firefox-esr is absent (Debian firefox-esr)")
    async with firefox() as browser:
        yield browser


async def _fill(tab: Firefox, comment: str, email: str = "grace@example.org") -> None:
    await tab.fill("#comment", comment)
    await tab.fill("#author", "Grace")
    await tab.fill("#email", email)


class TestFirefoxWithoutJavaScript:
    async def test_scripts_are_off(self, blog: Blog, tab: Firefox):
        await tab.goto("data:text/html,<title>a</title><script>document.title='ran'</script>")
        assert await tab.evaluate("document.title") == "a"

    async def test_read_post_and_land_on_the_comment(self, blog: Blog, tab: Firefox):
        url = blog.page("firefox-post")
        first = blog.post_comment(url, "Gecko reads this")
        await tab.goto(url)
        assert await tab.text(f"#comment-{first['id']} .comment-content") == "\nGecko reads this\n"
        await _fill(tab, "Posted from Firefox")
        await tab.click_and_wait("#submit")
        landed = await tab.url()
        assert re.fullmatch(re.escape(url) + r"#comment-\d+", landed), landed
        new_id = landed.rsplit("-", 1)[1]
        assert "Posted from Firefox" in (await tab.text(f"#comment-{new_id}") or "")

    async def test_bad_input_keeps_the_text(self, blog: Blog, tab: Firefox):
        url = blog.page("firefox-bad")
        await tab.goto(url)
        await _fill(tab, "Careful words", email="nope")
        await tab.click_and_wait("#submit")
        assert "valid email" in (await tab.text(".parley-form-errors") or "")
        assert await tab.evaluate("document.querySelector('#comment').value") == "Careful words"
        await tab.fill("#email", "grace@example.org")
        await tab.click_and_wait("#submit")
        assert (await tab.url()).startswith(url + "#comment-")

    async def test_held_comment_shows_the_note(self, blog: Blog, tab: Firefox):
        restore = blog.site_settings(moderation="all")
        try:
            url = blog.page("firefox-held")
            await tab.goto(url)
            await _fill(tab, "Hold me")
            await tab.click_and_wait("#submit")
            assert (await tab.url()).endswith("?held=1#comments")
            note = await tab.text(".parley-held")
            assert note == "Your comment is awaiting moderation."
        finally:
            restore()
