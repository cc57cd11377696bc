"""Issue 14, the reader's first hour: focus and scroll, clear messages when nobody can comment,
fewer tab stops, field errors, the one-request first paint (contracts C1-C4)."""

import json
import re

import pytest
from playwright.sync_api import Page, Route, expect

from tests.widget.conftest import SITE
from tests.widget.streams import stream_open

pytestmark = pytest.mark.browser


def comment_box(page: Page):
    return page.get_by_role("textbox", name="Comment", exact=True)


def fill_guest(page: Page, name: str = "Grace", email: str = "grace@example.org") -> None:
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Email").fill(email)


def post_in_page(page: Page, text: str) -> int:
    fill_guest(page)
    comment_box(page).fill(text)
    page.get_by_role("button", name="Post Comment").click()
    mine = page.locator("li.c").filter(has_text=text)
    expect(mine).to_be_visible()
    return int((mine.get_attribute("id") or "").removeprefix("comment-"))


def focused_comment_id(page: Page) -> str | None:
    """The id of the comment whose card has focus (the focus is inside the widget's shadow root)."""
    return page.evaluate(
        """() => {
          const el = document.getElementById('parley-thread').shadowRoot.activeElement;
          const li = el && el.closest('li.c');
          return li ? li.id : null;
        }"""
    )


class TestLoadMore:
    def test_keeps_the_place_focuses_the_first_new_comment_and_counts(
        self, open_post, post_url, api
    ):
        url = post_url("more-focus")
        ids = [api.post_comment(url, f"Comment number {n}")["id"] for n in range(53)]
        page = open_post("more-focus")
        more = page.get_by_role("button", name="Load more comments (3 more)")
        more.scroll_into_view_if_needed()
        before = page.evaluate("scrollY")
        more.click()
        expect(page.locator("ol.list > li.c")).to_have_count(53)
        expect(more).to_be_hidden()
        page.wait_for_function(
            f"() => document.getElementById('parley-thread').shadowRoot"
            f".activeElement?.closest('li')?.id == 'comment-{ids[50]}'"
        )
        assert abs(page.evaluate("scrollY") - before) < 100


class TestVotes:
    def test_a_rate_limited_vote_says_so_next_to_the_buttons(
        self, open_post, post_url, api, demo, console
    ):
        target = api.post_comment(post_url("vote-limit"), "Vote on me", name="Ada")
        page = open_post("vote-limit")
        item = page.locator(f"#comment-{target['id']}")

        def limited(route: Route) -> None:
            route.fulfill(
                status=429,
                content_type="application/problem+json",
                headers={"Access-Control-Allow-Origin": demo.origin},
                body=json.dumps(
                    {
                        "type": "/problems/rate-limited",
                        "title": "Too many requests",
                        "status": 429,
                        "detail": "Too many votes",
                    }
                ),
            )

        console.allow(r"status of 429")
        page.route(f"{api.base}/api/v1/comments/{target['id']}/vote", limited)
        item.get_by_role("button", name="Vote up the comment by Ada").click()
        expect(item.locator(".act .err")).to_have_text(
            "You are voting too fast. Please wait a minute."
        )
        expect(item.locator(".score")).to_have_text("0")
        page.unroute(f"{api.base}/api/v1/comments/{target['id']}/vote")
        item.get_by_role("button", name="Vote up the comment by Ada").click()
        expect(item.locator(".score")).to_have_text("1")
        expect(item.locator(".act .err")).to_be_hidden()


class TestNobodyCanComment:
    def test_oauth_only_without_any_login_shows_no_form(self, open_post, api, page):
        # The server refuses oauth_only with every provider off (422 no-login-available), so the
        # reader meets "nobody can log in" on a page without WebCrypto (plain http): no PKCE, no login.
        refused = api.admin(
            "PATCH",
            f"/api/v1/admin/sites/{SITE}",
            json={"guest_policy": "oauth_only", "disabled_providers": ["testop"]},
        )
        assert refused.status_code == 422, refused.text
        assert refused.json()["type"] == "/problems/no-login-available"
        page.add_init_script(
            "Object.defineProperty(Crypto.prototype, 'subtle', {get: () => undefined})"
        )
        with api.site_settings(guest_policy="oauth_only"):
            open_post("no-login")
            expect(page.get_by_text("Comments are closed.", exact=True)).to_be_visible()
            expect(page.get_by_role("heading", name="Leave a Reply")).to_be_hidden()
            expect(comment_box(page)).to_be_hidden()

    def test_a_disallowed_origin_is_named_and_no_form_is_offered(self, open_post, api, console):
        created = api.admin(
            "POST",
            "/api/v1/admin/sites",
            json={"id": "elsewhere", "name": "Elsewhere", "origins": ["https://elsewhere.example"]},
        )
        assert created.status_code in (201, 409), created.text
        probe = api.http.get(
            f"{api.base}/api/v1/sites/elsewhere/comments",
            params={"url": "https://elsewhere.example/x"},
            headers={"Origin": api.origin},
        )
        if probe.status_code != 403 or "access-control-allow-origin" not in probe.headers:
            pytest.skip("C2 (readable origin-not-allowed) is not on this server yet")
        console.allow(r"status of 403")
        page = open_post("wrong-origin", thread_attrs='data-parley-site="elsewhere"')
        expect(page.get_by_role("alert")).to_have_text(
            f"This site does not accept comments from {api.origin}."
        )
        expect(page.get_by_role("heading", name="Leave a Reply")).to_be_hidden()
        expect(page.get_by_text("Comments are closed.", exact=True)).to_be_hidden()


class TestFocusAndKeyboard:
    def test_after_posting_focus_is_on_the_new_comment(self, open_post):
        page = open_post("focus-after-post")
        new_id = post_in_page(page, "Where does focus go?")
        page.wait_for_function(
            "() => document.getElementById('parley-thread').shadowRoot"
            f".activeElement?.closest('li')?.id == 'comment-{new_id}'"
        )

    def test_skip_link_goes_to_the_form(self, open_post, post_url, api):
        api.post_comment(post_url("skip"), "Something to skip over")
        page = open_post("skip")
        skip = page.get_by_role("link", name="Skip to the comment form")
        skip.focus()
        expect(skip).to_be_visible()
        page.keyboard.press("Enter")
        expect(comment_box(page)).to_be_focused()

    def test_two_tab_stops_per_comment_and_arrows_inside(self, open_post, post_url, api):
        url = post_url("tab-stops")
        ids = [api.post_comment(url, f"Number {n}", name="Ada")["id"] for n in range(8)]
        page = open_post("tab-stops")
        stops = page.evaluate(
            """() => [...document.getElementById('parley-thread').shadowRoot
                  .querySelectorAll('ol.list a[href], ol.list button')]
                .filter((el) => el.tabIndex >= 0).length"""
        )
        assert stops == 2 * len(ids)  # the permalink and the toolbar
        item = page.locator(f"#comment-{ids[0]}")
        up = item.get_by_role("button", name="Vote up the comment by Ada")
        up.focus()
        page.keyboard.press("ArrowRight")
        expect(item.get_by_role("button", name="Vote down the comment by Ada")).to_be_focused()
        page.keyboard.press("ArrowRight")
        expect(item.get_by_role("button", name="Reply")).to_be_focused()
        page.keyboard.press("Tab")
        expect(page.locator(f"#comment-{ids[1]} a.time")).to_be_focused()


class TestFieldErrors:
    def test_a_missing_name_is_marked_on_the_field(self, open_post):
        page = open_post("field-missing")
        comment_box(page).fill("No name given")
        page.get_by_role("button", name="Post Comment").click()
        name = page.get_by_role("textbox", name="Name")
        expect(name).to_be_focused()
        expect(name).to_have_attribute("aria-invalid", "true")
        expect(name).to_have_accessible_description(re.compile(r"\w"))
        expect(page.locator("li.c")).to_have_count(0)

    def test_the_servers_email_check_in_plain_words(self, open_post, console):
        page = open_post("field-email")
        console.allow(r"status of 422")
        fill_guest(page, email="ada@localhost")  # a browser accepts it, the server does not
        comment_box(page).fill("Check my address")
        page.get_by_role("button", name="Post Comment").click()
        email = page.get_by_role("textbox", name="Email")
        expect(email).to_be_focused()
        expect(email).to_have_attribute("aria-invalid", "true")
        expect(email).to_have_accessible_description("Please enter a valid email address.")
        fill_guest(page)
        page.get_by_role("button", name="Post Comment").click()
        expect(page.locator("li.c")).to_contain_text("Check my address")
        expect(email).not_to_have_attribute("aria-invalid", "true")


class TestOwnComments:
    def test_own_pending_comment_has_no_no_comments_yet_above(self, open_post, api):
        with api.site_settings(moderation="all"):
            page = open_post("pending-heading")
            post_in_page(page, "Waiting for a moderator")
            expect(page.locator("#parley-thread h2")).to_have_text("Comments")

    def test_saving_unchanged_text_sends_nothing_and_is_not_edited(self, open_post):
        page = open_post("unchanged")
        new_id = post_in_page(page, "Leave me be")
        mine = page.locator(f"#comment-{new_id}")
        patches: list[str] = []
        page.on("request", lambda r: patches.append(r.url) if r.method == "PATCH" else None)
        mine.get_by_role("button", name="Edit").click()
        mine.get_by_role("button", name="Save").click()
        expect(mine.locator(".text")).to_have_text("Leave me be")
        expect(mine.get_by_role("button", name="Edit")).to_be_focused()
        expect(mine).not_to_contain_text("edited")
        assert patches == []

    def test_edit_and_delete_go_when_the_window_closes(self, open_post, api):
        with api.site_settings(edit_window_seconds=3):
            page = open_post("window-closes")
            new_id = post_in_page(page, "Edit me quickly")
            mine = page.locator(f"#comment-{new_id}")
            expect(mine.get_by_role("button", name="Edit")).to_be_visible()
            expect(mine.get_by_role("button", name="Edit")).to_have_count(0, timeout=6000)
            expect(mine.get_by_role("button", name="Delete")).to_have_count(0)

    def test_relative_times_refresh(self, open_post, page):
        page.clock.install()
        page = open_post("times")
        new_id = post_in_page(page, "Time flies")
        time = page.locator(f"#comment-{new_id} a.time time")
        expect(time).to_have_text("now")
        page.clock.fast_forward("02:30")
        expect(time).to_have_text("3 minutes ago")


class TestGuestDetails:
    def test_nothing_is_stored_unless_asked(self, open_post):
        page = open_post("remember")
        expect(page.get_by_text("Required fields are marked *")).to_be_visible()
        keep = page.get_by_role(
            "checkbox",
            name="Save my name, email, and website in this browser for the next time I comment.",
        )
        expect(keep).not_to_be_checked()
        post_in_page(page, "Forget my details")
        assert page.evaluate("localStorage.getItem('parley:demo:guest')") is None
        page.reload()
        expect(page.get_by_role("textbox", name="Name")).to_have_value("")

        keep.check()
        post_in_page(page, "Remember my details")
        page.reload()
        expect(page.get_by_role("textbox", name="Name")).to_have_value("Grace")
        expect(keep).to_be_checked()


class TestLooks:
    def test_quotes_code_and_headings_are_styled(self, open_post, post_url, api):
        body = "### Title\n\n> quoted\n\n```\ncode block\n```\n\nand `inline`"
        target = api.post_comment(post_url("looks"), body)
        page = open_post("looks")
        text = page.locator(f"#comment-{target['id']} .text")
        expect(text.locator("blockquote")).to_have_css("border-left-style", "solid")
        expect(text.locator("pre")).not_to_have_css("padding-left", "0px")
        sizes = text.evaluate(
            "el => ['h3', 'p'].map((t) => parseFloat(getComputedStyle(el.querySelector(t))"
            ".fontSize))"
        )
        assert sizes[0] < 1.1 * sizes[1], sizes  # a heading in a comment is not a page heading

    def test_a_deep_reply_on_a_phone_keeps_a_usable_textarea(self, open_post, post_url, api):
        url = post_url("deep")
        parent = None
        for depth in range(5):
            parent = api.post_comment(url, f"Level {depth}", parent_id=parent and parent["id"])
        page = open_post("deep")
        page.set_viewport_size({"width": 390, "height": 800})
        assert parent is not None
        page.locator(f"#comment-{parent['id']}").get_by_role("button", name="Reply").click()
        section = page.locator("#parley-thread").bounding_box()
        box = comment_box(page).bounding_box()
        assert section is not None and box is not None
        assert box["width"] >= 0.85 * section["width"], (box, section)

    def test_provider_buttons_carry_an_inline_logo(self, open_post):
        page = open_post("logos")
        button = page.get_by_role("button", name="Log in with Test OP")
        expect(button.locator("svg path")).to_have_count(1)
        expect(button.locator("img")).to_have_count(0)


class TestFirstPaint:
    def test_one_request_after_the_script(self, page, demo, api, open_post):
        probe = api.http.get(
            f"{api.base}/api/v1/sites/{SITE}/comments",
            params={"url": f"{demo.origin}/post/probe.html"},
            headers={"Origin": demo.origin},
        )
        if "site" not in probe.json():
            pytest.skip("C1 (the thread read carries the site) is not on this server yet")
        seen: list[str] = []
        page.on(
            "request",
            lambda r: seen.append(r.url) if r.url.startswith(api.base + "/api/") else None,
        )
        open_post("one-request")
        expect(comment_box(page)).to_be_visible()
        stream_open(page)  # the widget's last step once the thread is drawn
        reads = [u for u in seen if "/events" not in u]
        assert len(reads) == 1, reads
        assert reads[0].startswith(f"{api.base}/api/v1/sites/{SITE}/comments?url="), reads

    def test_the_second_chunk_comes_with_the_thread_from_the_scripts_origin(
        self, page, api, open_post
    ):
        order: list[str] = []
        page.on("request", lambda r: order.append(r.url) if r.url.startswith(api.base) else None)
        chunk = []
        page.on("response", lambda r: chunk.append(r) if "/embed-more.js" in r.url else None)
        open_post("second-chunk")
        expect(page.locator("#parley-thread").locator("a.feed")).to_be_visible()  # from the chunk
        names = [u.removeprefix(api.base).split("?")[0] for u in order if "/events" not in u]
        # Asked for together with the thread (issue 25.4: the section is drawn in one piece).
        assert names[0] == "/embed.js", names
        assert sorted(names[1:3]) == sorted([f"/api/v1/sites/{SITE}/comments", "/embed-more.js"])
        (response,) = chunk
        assert "?v=" in response.url
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
