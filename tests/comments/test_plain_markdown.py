"""The quick renderer for plain comments renders exactly what markdown-it renders, and hands
everything outside its grammar to markdown-it."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.comments.plain_markdown import render_simple
from app.comments.render import render_markdown, sanitize_html
from tests.builders import make_site, post_comment
from tests.comments.stock_markdown import STOCK


def _simple(text: str) -> str | None:
    return render_simple(text, STOCK.normalizeLink, STOCK.validateLink)


_TAKEN = [
    "Comment 1-2: I ran `make test` as the post says and it passed on the first try. The "
    "[notes](https://example.org/notes/2) helped with the **config**. It also works on Debian 12 "
    "with Python 3.11. Thanks!",
    "One line\nand the next\n\n\nA second paragraph.\n",
    "Quotes \" and ' and > and & alone, 100% sure (really); a=b {x} ^ $ # end",
    "`<script>&amp;*x*[y](z)`",
    "**Bold** start, then **two words**, then **9**!",
    '[a label!](/relative/path?q="x") and [ü](http://пример.рф/ü)',
    "Hello wörld — ça va? 日本語 ok",
]

_LEFT = [
    "- a list",
    "1. an ordered list",
    "2) another",
    "> a quote",
    "# heading",
    "Title\n===",
    "Title\n---",
    "    indented code",
    " leading space",
    "trailing space ",
    "tab\there",
    "*emphasis*",
    "_emphasis_",
    "snake_case",
    "a**b**",
    "**b**c",
    "**b **",
    "** b**",
    "**.b**",
    "“**b**”",
    "~~gone~~",
    "&amp; an entity",
    "&#39;",
    "\\*escaped\\*",
    "<https://example.org>",
    "<b>html</b>",
    "see example.org",
    "mail ada@example.org",
    "see https://example.org/x",
    "[x](javascript:alert)",
    "[x](u v)",
    "[x](<u>)",
    "[x](a(b))",
    "[example.com](https://example.com)",
    "![image](https://example.org/a.png)",
    "``double``",
    "` spaced `",
    "[stray",
    "line\r\nbreak",
]


class TestQuickRenderer:
    @pytest.mark.parametrize("text", _TAKEN)
    def test_plain_comments_take_it_and_match_markdown_it(self, text):
        html = _simple(text)
        assert html is not None
        assert html == STOCK.render(text)
        assert render_markdown(text) == sanitize_html(STOCK.render(text))

    @pytest.mark.parametrize("text", _LEFT)
    def test_anything_else_goes_to_markdown_it(self, text):
        assert _simple(text) is None
        assert render_markdown(text) == sanitize_html(STOCK.render(text))

    @settings(max_examples=1500, deadline=None)
    @given(
        st.lists(
            st.one_of(
                st.sampled_from(["word", "Zed", "09", " ", " ", "\n", "\n\n", "é", "ß"]),
                st.sampled_from(
                    ["**b**", "**a b**", "`c`", "`c d`", "[x](https://e.org/p_q)", "[y](/r)"]
                ),
                st.sampled_from(list("!?.,:;\"'()>$%^{}#-+=|&*_~`[]\\<@/\xa0\u3000\x0b\x7f")),
                st.sampled_from(
                    [
                        "**",
                        "** ",
                        " **",
                        "1.",
                        "2)",
                        "&amp;",
                        "//",
                        "e.org",
                        "www.",
                        "[x](javascript:a)",
                    ]
                ),
            ),
            min_size=1,
            max_size=14,
        ).map("".join)
    )
    def test_what_it_takes_it_renders_as_markdown_it_does(self, text):
        html = _simple(text)
        assert html is None or html == STOCK.render(text)
        assert render_markdown(text) == sanitize_html(STOCK.render(text))

    async def test_a_posted_comment_is_rendered_the_same(self, client):
        await make_site(client)
        text = _TAKEN[0]
        created = await post_comment(client, text)
        assert created["body_html"] == sanitize_html(STOCK.render(text))
        assert (
            '<a href="https://example.org/notes/2" rel="nofollow ugc noopener">notes</a>'
            in (created["body_html"])
        )
