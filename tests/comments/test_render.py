"""Links in rendered comments: what a commenter writes bare becomes a safe link, and the renderer's
quicker link pre-test never changes what is rendered."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.comments.render import render_markdown, sanitize_html
from tests.builders import make_site, post_comment
from tests.comments.stock_markdown import STOCK

_PIECES = [
    "example.com",
    "EXAMPLE.ORG",
    "www.",
    "www.example",
    "http://",
    "https://a.b/c?d=1",
    "mailto:",
    "mailto:ada",
    "http:x",
    "Note: ",
    "urn:isbn:0451450523",
    "ada@example.org",
    "@",
    "//",
    "localhost",
    "LocalHost:8080",
    "192.168.1.1",
    "1.2.3",
    ".",
    ". ",
    ":",
    "ftp://x.y",
    "xn--80ak6aa92e.com",
    "пример.рф",
    "[a](https://x.y)",
    "<https://z.io>",
    "`code.com`",
    "**bold.net**",
    "\n\n",
    "\n- ",
    "> ",
    " ",
    "word",
    "_",
    "e.g",
    "3.11",
    "v1.2.",
    "1.x",
    "a.1",
    "..",
    "Ex.Ample",
]


class TestBareLinks:
    @pytest.mark.parametrize(
        ("text", "href"),
        [
            ("see example.com now", 'href="http://example.com"'),
            ("write to ada@example.org", 'href="mailto:ada@example.org"'),
            ("at www.example.org today", 'href="http://www.example.org"'),
            ("read https://example.net/a?b=1 first", 'href="https://example.net/a?b=1"'),
        ],
    )
    async def test_a_bare_link_is_a_nofollow_link(self, client, text, href):
        await make_site(client)
        created = await post_comment(client, text)
        assert href in created["body_html"]
        assert 'rel="nofollow ugc noopener"' in created["body_html"]

    async def test_sentences_and_code_are_not_links(self, client):
        await make_site(client)
        created = await post_comment(client, "It worked. Then `--strict` did too.\n\n> quoted.")
        assert "<a " not in created["body_html"]


class TestQuickerPretest:
    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12).map("".join))
    def test_renders_what_the_stock_renderer_renders(self, text):
        assert render_markdown(text) == sanitize_html(STOCK.render(text))

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet=st.sampled_from("aZ09.:/@-_ \nwlocahstр"), max_size=40))
    def test_renders_what_the_stock_renderer_renders_on_any_text(self, text):
        assert render_markdown(text) == sanitize_html(STOCK.render(text))
