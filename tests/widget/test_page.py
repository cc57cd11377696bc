"""The widget as a guest on a real blog sees it: counts on the index, errors, moderation, long
threads, languages, keyboard use, accessibility, privacy, and screenshots."""

import json
import re
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from threading import Thread
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from tests.widget.conftest import SITE, launch
from tests.widget.test_takeover import with_rendered_thread

pytestmark = pytest.mark.browser

TITLE = "Hello again, world: this blog has comments again"


def comment_box(page: Page):
    return page.get_by_role("textbox", name="Comment", exact=True)


def fill_guest(page: Page, name: str = "Grace", email: str = "grace@example.org") -> None:
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Email").fill(email)


def heading(page: Page):
    return page.locator("#parley-thread h2")


def violations(found: list[dict[str, Any]]) -> list[tuple[str, list[Any]]]:
    """axe's serious findings as (rule, the elements it names): readable when a test fails."""
    return [(v["id"], [(n["target"], n.get("html", "")[:200]) for n in v["nodes"]]) for v in found]


def at_size(page: Page, width: int, scheme: str) -> None:
    """A phone (375 px) or a desktop (1280 px) in the given colour scheme, before the load."""
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]


class TestCountsOnIndex:
    def test_one_request_fills_every_counter(self, page, demo, api):
        hello = f"{demo.origin}/post/hello-world.html"
        other = f"{demo.origin}/post/comments-without-cookies.html"
        api.post_comment(hello, "One")
        api.post_comment(hello, "Two")
        api.post_comment(other, "Three")
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url) if "/counts?" in r.url else None)

        page.goto(f"{demo.origin}/")
        expect(page.locator('[data-parley-count="/post/hello-world.html"]')).to_have_text(
            "2 comments"
        )
        expect(
            page.locator('[data-parley-count="/post/comments-without-cookies.html"]')
        ).to_have_text("1 comment")
        expect(page.locator('[data-parley-count="/post/winter-lay-up.html"]')).to_have_text(
            "0 comments"
        )
        assert len(requests) == 1

        page.goto(hello)  # the post's own byline counter: data-parley-count="" is this page
        expect(page.locator(".entry-meta [data-parley-count]")).to_have_text("2 comments")
        expect(heading(page)).to_have_text(f"2 thoughts on “{TITLE}”")


class TestErrorsInPlace:
    def test_rate_limit_and_network_errors_keep_the_text(self, open_post, api, demo, console):
        page = open_post("errors")
        fill_guest(page)
        comment_box(page).fill("Please keep this text")
        target = f"{api.base}/api/v1/sites/{SITE}/comments"

        def rate_limited(route: Route) -> None:
            if route.request.method != "POST":
                route.continue_()
                return
            route.fulfill(
                status=429,
                content_type="application/problem+json",
                headers={"Access-Control-Allow-Origin": demo.origin},
                body=json.dumps(
                    {"type": "/problems/rate-limited", "title": "Too many requests", "status": 429}
                ),
            )

        console.allow(r"status of 429")
        page.route(target, rate_limited)
        page.get_by_role("button", name="Post Comment").click()
        alert = page.locator("form [role=alert]")
        expect(alert).to_have_text(
            "You are commenting too fast. Please wait a minute and try again."
        )
        expect(comment_box(page)).to_have_value("Please keep this text")
        page.unroute(target)

        console.allow(r"ERR_FAILED|ERR_INTERNET_DISCONNECTED|Failed to fetch")
        page.route(
            target,
            lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
        )
        page.get_by_role("button", name="Post Comment").click()
        expect(alert).to_have_text(
            "Cannot reach the comment server. Check your connection and try again."
        )
        expect(comment_box(page)).to_have_value("Please keep this text")
        page.unroute(target)

        page.get_by_role("button", name="Post Comment").click()
        expect(page.locator("li.c")).to_contain_text("Please keep this text")
        expect(alert).to_be_hidden()

    def test_thread_closed_while_typing(self, open_post, api, console):
        page = open_post("closing")
        fill_guest(page)
        comment_box(page).fill("Too late?")
        console.allow(r"status of 40\d")
        with api.site_settings(closed=True):
            page.get_by_role("button", name="Post Comment").click()
            expect(page.locator("form [role=alert]")).to_have_text("Comments are closed.")
            expect(comment_box(page)).to_have_value("Too late?")

    def test_closed_thread_shows_no_form(self, open_post, post_url, api):
        existing = api.post_comment(post_url("closed"), "Said before closing")
        with api.site_settings(closed=True):
            page = open_post("closed")
            expect(page.get_by_text("Comments are closed.", exact=True)).to_be_visible()
            expect(page.get_by_role("heading", name="Leave a Reply")).to_be_hidden()
            item = page.locator(f"#comment-{existing['id']}")
            expect(item.get_by_role("button", name="Reply")).to_have_count(0)


class TestModeration:
    def test_own_pending_comment_survives_a_reload(self, open_post, api):
        with api.site_settings(moderation="all"):
            page = open_post("pending")
            fill_guest(page, name="Newcomer", email="new@example.org")
            comment_box(page).fill("Is this thing on?")
            page.get_by_role("button", name="Post Comment").click()
            mine = page.locator("li.c").filter(has_text="Is this thing on?")
            expect(mine).to_contain_text("Your comment is awaiting moderation.")
            expect(heading(page)).to_have_text("Comments")  # not "No comments yet" above it

            page.reload()
            mine = page.locator("li.c").filter(has_text="Is this thing on?")
            expect(mine).to_contain_text("Your comment is awaiting moderation.")


class TestLongThreads:
    def test_load_more_and_sort(self, open_post, post_url, api):
        url = post_url("long")
        ids = [api.post_comment(url, f"Comment number {n}")["id"] for n in range(53)]
        voted = api.http.post(
            f"{api.base}/api/v1/comments/{ids[7]}/vote",
            json={"value": 1},
            headers={"Origin": api.origin},
        )
        assert voted.status_code == 200, voted.text

        page = open_post("long")
        expect(heading(page)).to_have_text(f"53 thoughts on “{TITLE}”")
        expect(page.locator("ol.list > li.c")).to_have_count(50)
        page.get_by_role("button", name="Load more comments (3 more)").click()
        expect(page.locator("ol.list > li.c")).to_have_count(53)
        expect(page.get_by_role("button", name=re.compile("Load more comments"))).to_be_hidden()

        page.get_by_label("Sort by").select_option("newest")
        expect(page.locator("ol.list > li.c").first).to_have_id(f"comment-{ids[-1]}")
        page.get_by_label("Sort by").select_option("top")
        expect(page.locator("ol.list > li.c").first).to_have_id(f"comment-{ids[7]}")
        page.reload()  # the choice is remembered
        expect(page.get_by_label("Sort by")).to_have_value("top")

    def test_permalink_to_a_comment_on_a_later_page(self, open_post, post_url, api):
        url = post_url("long-permalink")
        ids = [api.post_comment(url, f"Comment number {n}")["id"] for n in range(52)]
        page = open_post("long-permalink", hash=f"#comment-{ids[-1]}")
        target = page.locator(f"#comment-{ids[-1]}")
        expect(target).to_have_class(re.compile(r"\bhl\b"))
        expect(target).to_be_in_viewport()


class TestLanguages:
    def test_german_from_the_page_lang(self, page, open_post, api):
        asked: list[str] = []
        page.on("request", lambda r: asked.append(r.url) if r.url.startswith(api.base) else None)
        page = open_post("deutsch", lang="de")
        expect(heading(page)).to_have_text("Noch keine Kommentare")
        # The other languages' strings come before the form is drawn (English ones need none).
        names = [u.removeprefix(api.base).split("?")[0] for u in asked]
        # The strings first, then the thread and the second chunk together (one-piece first draw).
        assert names[:2] == ["/embed.js", "/embed-i18n.js"]
        assert f"/api/v1/sites/{SITE}/comments" in names[2:4]
        expect(page.get_by_role("heading", name="Schreibe einen Kommentar")).to_be_visible()
        expect(page.get_by_role("button", name="Kommentar abschicken")).to_be_visible()

    @pytest.mark.parametrize(
        ("lang", "expected"),
        [
            ("uk", "2 думки щодо «{t}»"),
            ("fr", "2 réflexions sur « {t} »"),
            ("es", "2 comentarios en «{t}»"),
        ],
    )
    def test_plural_headings(self, open_post, post_url, api, lang, expected):
        slug = f"plural-{lang}"
        api.post_comment(post_url(slug), "One")
        api.post_comment(post_url(slug), "Two")
        page = open_post(slug, lang=lang)
        expect(heading(page)).to_have_text(expected.format(t=TITLE))


class TestGuestPolicies:
    def test_anonymous_guests_need_no_name(self, open_post, api):
        with api.site_settings(guest_policy="anonymous"):
            page = open_post("anonymous")
            comment_box(page).fill("Nameless but welcome")
            page.get_by_role("button", name="Post Comment").click()
            expect(page.locator("li.c")).to_contain_text("Nameless but welcome")

    def test_oauth_only_offers_login_instead_of_guest_fields(self, open_post, api):
        with api.site_settings(guest_policy="oauth_only"):
            page = open_post("oauth-only")
            expect(page.get_by_text("Please log in to comment.")).to_be_visible()
            expect(page.get_by_role("button", name="Log in with Test OP")).to_be_visible()
            expect(page.get_by_role("textbox", name="Name")).to_have_count(0)


class TestThemes:
    def test_dark_attribute_overrides_a_light_system(self, open_post):
        page = open_post("themed", thread_attrs='data-parley-theme="dark"')
        page.emulate_media(color_scheme="light")
        expect(page.locator("#parley-thread")).to_have_css("background-color", "rgb(22, 24, 27)")
        expect(page.locator("#parley-thread h2")).to_have_css("color", "rgb(232, 232, 232)")

    def test_custom_properties_theme_the_widget(self, open_post, page):
        page = open_post("custom-accent")
        page.locator("#parley-thread").evaluate(
            "el => el.style.setProperty('--parley-accent', 'rgb(200, 0, 100)')"
        )
        button = page.get_by_role("button", name="Post Comment")
        expect(button).to_have_css("background-color", "rgb(200, 0, 100)")

    def test_inherits_the_page_font(self, open_post):
        page = open_post("font")
        font = page.locator("#parley-thread").evaluate("el => getComputedStyle(el).fontFamily")
        expect(page.locator("#parley-thread h2")).to_have_css("font-family", font)


class TestKeyboardAndAccessibility:
    def test_comment_with_the_keyboard_only(self, open_post):
        page = open_post("keyboard")
        page.get_by_role("textbox", name="Name").focus()
        page.keyboard.type("Kim")
        page.keyboard.press("Tab")
        page.keyboard.type("kim@example.org")
        page.keyboard.press("Tab")
        expect(page.get_by_role("textbox", name="Website")).to_be_focused()
        page.keyboard.press("Tab")
        expect(page.get_by_role("checkbox", name=re.compile("Save my name"))).to_be_focused()
        page.keyboard.press("Tab")
        expect(comment_box(page)).to_be_focused()
        page.keyboard.type("Typed without a mouse")
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Post Comment")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.locator("li.c")).to_contain_text("Typed without a mouse")
        expect(page.get_by_role("status")).to_have_text("Your comment was posted.")

    @pytest.mark.parametrize("scheme", ["light", "dark"])
    @pytest.mark.parametrize("width", [375, 1280])
    def test_axe_finds_nothing_serious_in_the_thread(
        self, page, open_post, post_url, api, axe, width, scheme
    ):
        slug = f"axe-{width}-{scheme}"
        url = post_url(slug)
        root = api.post_comment(url, "A *first* comment with a [link](https://example.org).")
        api.post_comment(url, "A reply", name="Bob", parent_id=root["id"])
        # A code block wider than a phone: a region that scrolls, so the keyboard must reach it.
        code = "```\nconst answer = " + "[1, 2, 3].map((n) => n * 2).join(', ') + " * 4 + "'';\n```"
        api.post_comment(url, f"Try this:\n\n{code}", name="Cy")
        at_size(page, width, scheme)
        page = open_post(slug)
        expect(page.locator("li.c")).to_have_count(3)
        expect(page.locator("li.c pre")).to_have_count(1)
        assert violations(axe()) == []
        # The inline reply form and the delete confirmation too.
        page.locator(f"#comment-{root['id']}").get_by_role("button", name="Reply").first.click()
        fill_guest(page)
        comment_box(page).fill("Mine")
        page.get_by_role("button", name="Post Comment").click()
        mine = page.locator("li.c").filter(has_text="Mine").last
        mine.get_by_role("button", name="Delete").click()
        expect(mine.get_by_role("button", name="Yes, delete")).to_be_focused()
        assert violations(axe()) == []

    @pytest.mark.parametrize("scheme", ["light", "dark"])
    @pytest.mark.parametrize("width", [375, 1280])
    def test_axe_finds_nothing_serious_in_the_failure_state(
        self, page, open_post, api, demo, axe, console, width, scheme
    ):
        """The thread's server answers 503 (its database is down): "could not be loaded"."""
        console.allow(r"status of 503")
        outage = {"type": "/problems/service-unavailable", "title": "Service unavailable"}
        page.route(
            re.compile(rf"{re.escape(api.base)}/api/v1/sites/{SITE}/comments\?url="),
            lambda route: route.fulfill(
                status=503,
                content_type="application/problem+json",
                headers={
                    "Retry-After": "600",  # no retry while axe looks
                    "Access-Control-Allow-Origin": demo.origin,
                    "Access-Control-Expose-Headers": "Retry-After",
                },
                body=json.dumps({**outage, "status": 503}),
            ),
        )
        at_size(page, width, scheme)
        page = open_post(f"axe-down-{width}-{scheme}")
        expect(page.get_by_text("Comments could not be loaded — retrying…")).to_be_visible()
        assert violations(axe()) == []

    @pytest.mark.parametrize("scheme", ["light", "dark"])
    @pytest.mark.parametrize("width", [375, 1280])
    def test_axe_finds_nothing_serious_in_a_taken_over_thread(
        self, page, api, demo, extra_pages, axe, console, width, scheme
    ):
        """A page holding the server-rendered thread, adopted by the widget."""
        slug = f"axe-adopt-{width}-{scheme}"
        url = f"{demo.origin}/post/{slug}.html"
        code = "```\nconst answer = " + "[1, 2, 3].map((n) => n * 2).join(', ') + " * 4 + "'';\n```"
        first = api.post_comment(url, f"Rendered on the server:\n\n{code}", name="Ada")
        api.post_comment(url, "A rendered reply", name="Bob", parent_id=first["id"])
        with_rendered_thread(api, demo, extra_pages, slug)
        newer = api.post_comment(url, f"Posted after the render:\n\n{code}", name="Cy")
        at_size(page, width, scheme)
        with page.expect_response(lambda r: "/comments?url=" in r.url):
            page.goto(url)
        expect(page.locator(f"#comment-{newer['id']}")).to_contain_text("Posted after the render")
        expect(page.locator("#comments pre")).to_have_count(2)
        assert violations(axe()) == []
        # Reply moves the adopted form under the comment.
        page.locator(f"#comment-{first['id']} > article .comment-reply-link").click()
        expect(page.locator(f"#comment-{first['id']} #respond")).to_have_count(1)
        assert violations(axe()) == []

    def test_axe_on_the_index(self, page, demo, axe, artifacts):
        page.goto(f"{demo.origin}/")
        expect(page.locator("[data-parley-count]").first).to_have_text(re.compile(r"\d"))
        assert axe() == []
        page.screenshot(path=artifacts / "demo-index.png", full_page=True)


class TestPrivacy:
    def test_no_cookies_and_no_third_party_requests(self, open_post, context, demo, api):
        seen: list[str] = []
        page = open_post("privacy")
        page.on("request", lambda r: seen.append(r.url))
        fill_guest(page)
        comment_box(page).fill("Private by default")
        page.get_by_role("button", name="Post Comment").click()
        expect(page.locator("li.c")).to_contain_text("Private by default")
        page.reload()
        expect(page.locator("li.c")).to_contain_text("Private by default")

        assert seen
        assert all(u.startswith((demo.origin + "/", api.base + "/")) for u in seen), seen
        assert page.evaluate("document.cookie") == ""
        assert [c for c in context.cookies() if c["domain"] == "localhost"] == []
        embed = api.http.get(f"{api.base}/embed.js")
        assert "eval(" not in embed.text
        assert "new Function" not in embed.text


class CookieProbe(BaseHTTPRequestHandler):
    """/top on 127.0.0.1 frames /set on localhost, which sets a SameSite=None cookie."""

    server: HTTPServer

    def do_GET(self) -> None:
        port = self.server.server_port
        if self.path == "/top":
            body = f'<iframe src="http://localhost:{port}/set"></iframe>'.encode()
            self.send_response(200)
        else:
            body = b"set"
            self.send_response(200)
            self.send_header("Set-Cookie", "probe=1; SameSite=None; Secure; Path=/")
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class TestThirdPartyCookiesAreBlocked:
    def test_the_profile_blocks_them_and_a_control_profile_does_not(
        self, playwright, context, tmp_path
    ):
        probe = ThreadingHTTPServer(("127.0.0.1", 0), CookieProbe)
        Thread(target=probe.serve_forever, daemon=True).start()
        port = probe.server_address[1]
        control = launch(playwright, tmp_path / "control", block_third_party_cookies=False)
        try:
            stored = {}
            for name, browser in (("blocking", context), ("control", control)):
                tab = browser.new_page()
                with tab.expect_response(f"http://localhost:{port}/set"):
                    tab.goto(f"http://127.0.0.1:{port}/top")
                tab.close()
                cookies = browser.cookies(f"http://localhost:{port}")
                stored[name] = [c["name"] for c in cookies]
            assert stored == {"blocking": [], "control": ["probe"]}
        finally:
            control.close()
            probe.shutdown()
            probe.server_close()


class TestScreenshots:
    def test_demo_page_in_light_and_dark(self, open_post, post_url, api, artifacts):
        url = post_url("screenshot")
        first = api.post_comment(
            url,
            "Welcome back! I missed the **comments** here.",
            name="Ada",
            author_website="https://ada.example",
        )
        api.post_comment(
            url, "Same here. Markdown works: `code`, *emphasis*.", name="Bob", parent_id=first["id"]
        )
        api.post_comment(url, "Looking forward to the next post about the harbour.", name="Cy")
        page = open_post("screenshot")
        expect(page.locator("li.c")).to_have_count(3)
        for avatar in page.locator("img.av").all():  # lazy images: bring each into view
            avatar.scroll_into_view_if_needed()
        page.wait_for_function(
            "() => [...document.querySelector('#parley-thread').shadowRoot"
            ".querySelectorAll('img')].every(i => i.complete && i.naturalWidth > 0)"
        )
        page.emulate_media(color_scheme="light")
        page.screenshot(path=artifacts / "demo-light.png", full_page=True)
        page.emulate_media(color_scheme="dark")
        expect(page.locator("body")).to_have_css("background-color", "rgb(23, 22, 26)")
        page.screenshot(path=artifacts / "demo-dark.png", full_page=True)
        page.emulate_media(color_scheme="light")
        page.set_viewport_size({"width": 390, "height": 844})
        page.locator("#parley-thread").screenshot(path=artifacts / "demo-mobile-thread.png")
        assert (artifacts / "demo-light.png").stat().st_size > 10_000
        assert (artifacts / "demo-dark.png").stat().st_size > 10_000
