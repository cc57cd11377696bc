"""The widget on the demo blog, in real Chromium, against the real API on another site."""

import re

import pytest
from playwright.sync_api import APIResponse, Page, Route, expect

from tests.widget.streams import events_handled, stream_open

pytestmark = pytest.mark.browser

TITLE = "Hello again, world: this blog has comments again"


def comment(page: Page, comment_id: int):
    return page.locator(f"#comment-{comment_id}")


def comment_box(page: Page):
    return page.get_by_role("textbox", name="Comment", exact=True)


def fill_guest(page: Page, name: str = "Grace", email: str = "grace@example.org") -> None:
    page.get_by_role("textbox", name="Name", exact=True).fill(name)
    page.get_by_role("textbox", name="Email", exact=True).fill(email)


class TestEmptyThread:
    def test_no_comments_yet_and_the_reply_form(self, open_post):
        page = open_post("empty")
        expect(page.locator("#parley-thread h2")).to_have_text("No comments yet")
        expect(page.get_by_role("heading", name="Leave a Reply")).to_be_visible()
        for label in ("Name", "Email", "Website", "Comment"):
            expect(page.get_by_role("textbox", name=label, exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="Post Comment")).to_be_enabled()

    def test_page_is_under_a_strict_csp(self, page, demo, api):
        response = page.goto(f"{demo.origin}/post/hello-world.html")
        assert response is not None
        csp = response.headers["content-security-policy"]
        assert "script-src 'self' " + api.base in csp
        assert "style-src 'self'" in csp
        assert "unsafe" not in csp
        expect(page.locator("#parley-thread h2")).not_to_have_text("Loading comments…")


class TestReadThread:
    def test_heading_nesting_and_authors(self, open_post, post_url, api):
        url = post_url("read")
        root = api.post_comment(url, "First!", name="Ada", author_website="https://ada.example")
        reply = api.post_comment(url, "A reply", name="Bob", parent_id=root["id"])
        deeper = api.post_comment(url, "Deeper", name="Cy", parent_id=reply["id"])
        deepest = api.post_comment(url, "Deepest", name="Di", parent_id=deeper["id"])
        page = open_post("read")

        expect(page.locator("#parley-thread h2")).to_have_text(f"4 thoughts on “{TITLE}”")
        # max_depth 3: three levels of nesting, the fourth flattened with "in reply to".
        expect(page.locator(f"#comment-{root['id']} > ol #comment-{reply['id']}")).to_be_visible()
        expect(page.locator(f"#comment-{reply['id']} > ol #comment-{deeper['id']}")).to_be_visible()
        flattened = page.locator(f"#comment-{deeper['id']} + #comment-{deepest['id']}")
        expect(flattened).to_contain_text("in reply to Cy")
        name = comment(page, root["id"]).locator(".name a").first
        expect(name).to_have_text("Ada")
        expect(name).to_have_attribute("href", "https://ada.example")
        avatar = comment(page, root["id"]).locator("img.av").first
        expect(avatar).to_have_attribute(
            "src", re.compile(rf"^{re.escape(api.base)}/api/v1/avatars/")
        )
        time = comment(page, root["id"]).locator("a.time").first
        expect(time).to_have_attribute("href", f"#comment-{root['id']}")
        expect(time).to_have_attribute("title", re.compile(r"\d{4}"))

    def test_one_thought(self, open_post, post_url, api):
        api.post_comment(post_url("one"), "Only me")
        page = open_post("one")
        expect(page.locator("#parley-thread h2")).to_have_text(f"One thought on “{TITLE}”")

    def test_permalink_scrolls_to_and_highlights_the_comment(self, open_post, post_url, api):
        url = post_url("permalink")
        ids = [api.post_comment(url, f"Comment {n}\n\n" + "Filler. " * 80)["id"] for n in range(6)]
        page = open_post("permalink", hash=f"#comment-{ids[4]}")
        target = comment(page, ids[4])
        expect(target).to_have_class(re.compile(r"\bhl\b"))
        expect(target).to_be_in_viewport()
        expect(comment(page, ids[0])).not_to_have_class(re.compile(r"\bhl\b"))


class TestPostAsGuest:
    def test_post_reply_and_remembered_fields(self, open_post):
        page = open_post("guest-post")
        fill_guest(page)
        page.get_by_role("textbox", name="Website", exact=True).fill("grace.example")
        page.get_by_role("checkbox", name=re.compile("Save my name")).check()
        comment_box(page).fill("Hello from **Grace**")
        page.get_by_role("button", name="Post Comment").click()

        posted = page.locator("li.c").filter(has_text="Hello from Grace")
        expect(posted).to_be_visible()
        expect(posted.locator("strong")).to_have_text("Grace")
        expect(page.locator("#parley-thread h2")).to_have_text(f"One thought on “{TITLE}”")
        expect(page.get_by_role("status")).to_have_text("Your comment was posted.")
        expect(page.locator(".entry-meta [data-parley-count]")).to_have_text("1 comment")
        expect(comment_box(page)).to_have_value("")

        posted.get_by_role("button", name="Reply").click()
        expect(page.get_by_role("heading", name="Leave a Reply to Grace")).to_be_visible()
        expect(comment_box(page)).to_be_focused()
        comment_box(page).fill("Replying to myself")
        page.get_by_role("button", name="Post Comment").click()
        expect(posted.locator("ol li.c")).to_contain_text("Replying to myself")
        expect(page.get_by_role("heading", name="Leave a Reply", exact=True)).to_be_visible()

        page.reload()
        expect(page.locator("#parley-thread h2")).to_have_text(f"2 thoughts on “{TITLE}”")
        expect(page.get_by_role("textbox", name="Name", exact=True)).to_have_value("Grace")
        expect(page.get_by_role("textbox", name="Email", exact=True)).to_have_value(
            "grace@example.org"
        )

    def test_cancel_reply_moves_the_form_back(self, open_post, post_url, api):
        root = api.post_comment(post_url("cancel"), "Reply to me", name="Ada")
        page = open_post("cancel")
        comment(page, root["id"]).get_by_role("button", name="Reply").click()
        expect(comment(page, root["id"]).locator("form")).to_be_visible()
        page.get_by_role("button", name="Cancel reply").click()
        expect(comment(page, root["id"]).locator("form")).to_have_count(0)
        expect(page.get_by_role("heading", name="Leave a Reply", exact=True)).to_be_visible()
        expect(comment(page, root["id"]).get_by_role("button", name="Reply")).to_be_focused()


class TestEditAndDelete:
    def test_edit_then_delete_within_the_window(self, open_post):
        page = open_post("edit-delete")
        fill_guest(page)
        comment_box(page).fill("Frist post")
        page.get_by_role("button", name="Post Comment").click()
        mine = page.locator("li.c").filter(has_text="Frist post")
        mine = page.locator(f"#{mine.get_attribute('id')}")
        page.reload()  # the edit token is kept in this browser; the source is fetched with it
        mine.get_by_role("button", name="Edit").click()
        editor = mine.get_by_role("textbox")
        expect(editor).to_have_value("Frist post")
        editor.fill("First post (typo fixed)")
        mine.get_by_role("button", name="Save").click()
        expect(mine.locator(".text")).to_have_text("First post (typo fixed)")
        expect(mine).to_contain_text("edited")

        page.reload()
        mine = page.locator("li.c").filter(has_text="First post (typo fixed)")
        mine.get_by_role("button", name="Delete").click()
        mine.get_by_role("button", name="Yes, delete").click()
        expect(page.locator("li.c")).to_have_count(0)
        expect(page.locator("#parley-thread h2")).to_have_text("No comments yet")

    def test_the_stream_s_deletion_arriving_first_is_not_counted_twice(self, open_post, api):
        """One's own deletion comes back on the live stream too, sometimes before the DELETE's
        own answer: the count drops once (it dropped twice, to -1, read as "One thought")."""
        page = open_post("delete-race")
        fill_guest(page)
        comment_box(page).fill("Gone before its answer")
        page.get_by_role("button", name="Post Comment").click()
        mine = page.locator("li.c").filter(has_text="Gone before its answer")
        comment_id = mine.get_attribute("id").removeprefix("comment-")
        stream_open(page)
        held: list[tuple[Route, APIResponse]] = []
        # The DELETE reaches the server (which deletes and tells the stream) at once; its answer
        # is held back until the page has handled the stream's event.
        page.route(
            f"{api.base}/api/v1/comments/{comment_id}",
            lambda route: held.append((route, route.fetch())),
        )
        mine.get_by_role("button", name="Delete").click()
        mine.get_by_role("button", name="Yes, delete").click()
        events_handled(page, "comment.deleted")
        expect(page.locator("li.c")).to_have_count(0)
        route, response = held[0]
        route.fulfill(response=response)
        expect(
            page.get_by_role("status").filter(has_text="Your comment was deleted.")
        ).to_have_count(1)
        expect(page.locator("#parley-thread h2")).to_have_text("No comments yet")

    def test_after_the_window_the_buttons_go_and_a_late_save_explains(
        self, open_post, api, console
    ):
        console.allow(r"status of 403")
        with api.site_settings(edit_window_seconds=3):
            page = open_post("edit-window")
            fill_guest(page)
            comment_box(page).fill("Quick, edit me")
            page.get_by_role("button", name="Post Comment").click()
            mine = page.locator("li.c").filter(has_text="Quick, edit me")
            mine = page.locator(f"#{mine.get_attribute('id')}")
            mine.get_by_role("button", name="Edit").click()
            mine.get_by_role("textbox").fill("Too slow")
            page.wait_for_timeout(3500)
            mine.get_by_role("button", name="Save").click()
            expect(mine.get_by_role("alert")).to_have_text(
                "The time to edit this comment has passed."
            )
            expect(mine.get_by_role("textbox")).to_have_value("Too slow")
            page.reload()
            expect(page.locator("li.c").first).to_contain_text("Quick, edit me")
            expect(page.get_by_role("button", name="Edit")).to_have_count(0)

    def test_deleting_a_comment_with_replies_leaves_a_placeholder(self, open_post, post_url, api):
        page = open_post("placeholder")
        fill_guest(page)
        comment_box(page).fill("Soon gone")
        page.get_by_role("button", name="Post Comment").click()
        mine = page.locator("li.c").filter(has_text="Soon gone")
        mine_id = int(mine.get_attribute("id").removeprefix("comment-"))
        api.post_comment(post_url("placeholder"), "An answer", name="Bob", parent_id=mine_id)
        page.reload()
        mine = comment(page, mine_id)
        mine.get_by_role("button", name="Delete").first.click()
        mine.get_by_role("button", name="Yes, delete").click()
        expect(mine.locator(".gone")).to_have_text("This comment was deleted.")
        expect(mine.locator("ol li.c")).to_contain_text("An answer")
        expect(page.locator("#parley-thread h2")).to_have_text(f"One thought on “{TITLE}”")

    def test_others_comments_have_no_edit_buttons(self, open_post, post_url, api):
        other = api.post_comment(post_url("not-mine"), "Not yours")
        page = open_post("not-mine")
        expect(comment(page, other["id"]).get_by_role("button", name="Reply")).to_be_visible()
        expect(comment(page, other["id"]).get_by_role("button", name="Edit")).to_have_count(0)
        expect(comment(page, other["id"]).get_by_role("button", name="Delete")).to_have_count(0)


class TestVotes:
    def test_vote_up_then_withdraw(self, open_post, post_url, api):
        target = api.post_comment(post_url("votes"), "Vote on me")
        page = open_post("votes")
        item = comment(page, target["id"])
        up = item.get_by_role("button", name="Vote up")
        up.click()
        expect(item.locator(".score")).to_have_text("1")
        expect(up).to_have_attribute("aria-pressed", "true")
        up.click()
        expect(item.locator(".score")).to_have_text("0")
        expect(up).to_have_attribute("aria-pressed", "false")
        item.get_by_role("button", name="Vote down").click()
        expect(item.locator(".score")).to_have_text("-1")
