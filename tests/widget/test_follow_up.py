"""Issues 13 and 15 in the widget: "Notify me of follow-up comments by email" (C6), the thread's
Atom feed, permalinks from mails, and live threads over server-sent events (C5)."""

import json
import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from tests.widget.conftest import SITE, Api
from tests.widget.streams import events_handled, stream_open

pytestmark = pytest.mark.browser

TITLE = "Hello again, world: this blog has comments again"
NOTIFY = "Notify me of follow-up comments by email"


def comment_box(page: Page):
    return page.get_by_role("textbox", name="Comment", exact=True)


def fill_guest(page: Page, name: str = "Grace", email: str = "grace@example.org") -> None:
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Email").fill(email)


def site_bootstrap(api: Api) -> dict[str, Any]:
    """The site object of C1, from the thread read, or put together from the older endpoints."""
    read = api.http.get(
        f"{api.base}/api/v1/sites/{SITE}/comments",
        params={"url": f"{api.origin}/post/bootstrap.html"},
        headers={"Origin": api.origin},
    ).json()
    if "site" in read:
        site: dict[str, Any] = read["site"]
        return site
    site = api.http.get(f"{api.base}/api/v1/sites/{SITE}", headers={"Origin": api.origin}).json()
    providers = api.http.get(
        f"{api.base}/api/v1/sites/{SITE}/auth/providers", headers={"Origin": api.origin}
    ).json()
    return {**site, **providers}


def with_email_on(page: Page, api: Api, console: Any) -> None:
    """The thread read as a server with PARLEY_SMTP_URL set answers it (C1 email_notifications)."""
    console.allow(r"/events\?url=")  # on a server without the stream (C5)
    site = {**site_bootstrap(api), "email_notifications": True}

    def bootstrap(route: Route) -> None:
        response = route.fetch()
        body = response.json()
        body["site"] = site
        route.fulfill(response=response, body=json.dumps(body))

    page.route(re.compile(rf"{re.escape(api.base)}/api/v1/sites/{SITE}/comments\?url="), bootstrap)


class TestNotifyMe:
    def test_not_offered_when_the_server_sends_no_mail(self, open_post):
        page = open_post("no-mail")
        expect(page.get_by_role("checkbox", name=NOTIFY)).to_have_count(0)
        expect(page.get_by_text(NOTIFY)).to_be_hidden()

    def test_offered_with_the_choice_and_sent_with_the_comment(self, page, open_post, api, console):
        with_email_on(page, api, console)
        console.allow(
            r"status of 422"
        )  # a server without C6 refuses the field; the request is the point
        page = open_post("mail-on")
        wants = page.get_by_role("checkbox", name=NOTIFY)
        expect(wants).to_be_visible()
        expect(wants).not_to_be_checked()
        choice = page.get_by_role("combobox", name=NOTIFY)
        expect(choice).to_be_disabled()
        wants.check()
        choice.select_option(label="all new comments")
        fill_guest(page)
        comment_box(page).fill("Tell me about replies")
        with page.expect_request(
            lambda r: r.method == "POST" and r.url.endswith(f"/sites/{SITE}/comments")
        ) as sent:
            page.get_by_role("button", name="Post Comment").click()
        assert sent.value.post_data_json["notify"] == "thread"

    def test_unchecked_sends_no_subscription(self, page, open_post, api, console):
        with_email_on(page, api, console)
        page = open_post("mail-off")
        fill_guest(page)
        comment_box(page).fill("No mail for me")
        with page.expect_request(
            lambda r: r.method == "POST" and r.url.endswith(f"/sites/{SITE}/comments")
        ) as sent:
            page.get_by_role("button", name="Post Comment").click()
        assert "notify" not in sent.value.post_data_json
        expect(page.locator("li.c")).to_contain_text("No mail for me")


class TestFeedLink:
    def test_the_thread_feed_is_offered(self, open_post, post_url, api):
        page = open_post("feed")
        link = page.get_by_role("link", name="Comments feed")
        href = link.get_attribute("href")
        assert href == str(
            httpx.URL(f"{api.base}/api/v1/sites/{SITE}/feed.atom", params={"url": post_url("feed")})
        )
        feed = api.http.get(href)
        if feed.status_code == 404:
            pytest.skip("the Atom feed (issue 13) is not on this server yet")
        assert feed.status_code == 200
        assert "atom" in feed.headers["content-type"]


def events_available(api: Api) -> bool:
    try:
        with api.http.stream(
            "GET",
            f"{api.base}/api/v1/sites/{SITE}/events",
            params={"url": f"{api.origin}/post/probe.html"},
            headers={"Origin": api.origin},
            timeout=3,
        ) as response:
            return response.status_code == 200 and response.headers.get(
                "content-type", ""
            ).startswith("text/event-stream")
    except httpx.HTTPError:
        return False


@pytest.fixture
def live(api: Api) -> None:
    if not events_available(api):
        pytest.skip("C5 (server-sent events) is not on this server yet")


@pytest.mark.usefixtures("live")
class TestLiveThread:
    def test_a_comment_posted_elsewhere_appears_behind_a_polite_button(
        self, open_post, post_url, api, context: BrowserContext
    ):
        page = open_post("live")
        other = context.new_page()
        other.goto(page.url)
        expect(other.locator("#parley-thread h2")).to_have_text("No comments yet")
        stream_open(page)
        stream_open(other)

        posted = api.post_comment(post_url("live"), "Hello from elsewhere", name="Ada")
        button = page.get_by_role("button", name="New comments: 1")
        expect(button).to_be_visible()
        expect(page.get_by_role("status")).to_have_text("New comments: 1")
        expect(page.locator("#parley-thread h2")).to_have_text(f"One thought on “{TITLE}”")
        expect(page.locator(f"#comment-{posted['id']}")).to_have_count(0)
        button.click()
        expect(page.locator(f"#comment-{posted['id']}")).to_contain_text("Hello from elsewhere")
        expect(button).to_be_hidden()
        other.close()

    def test_ones_own_comment_is_not_shown_twice(self, open_post):
        page = open_post("live-own")
        stream_open(page)
        fill_guest(page)
        comment_box(page).fill("Only once, please")
        page.get_by_role("button", name="Post Comment").click()
        expect(page.locator("li.c")).to_have_count(1)
        events_handled(page, "comment.created")  # its own event came back through the stream
        expect(page.locator("li.c")).to_have_count(1)
        expect(page.get_by_role("button", name=re.compile("New comments"))).to_be_hidden()
        expect(page.locator("#parley-thread h2")).to_have_text(f"One thought on “{TITLE}”")

    def test_edits_and_deletions_apply_in_place(self, open_post, post_url, api):
        posted = api.post_comment(post_url("live-edit"), "Before", name="Ada")
        page = open_post("live-edit")
        stream_open(page)
        token = {"X-Edit-Token": posted["edit_token"], "Origin": api.origin}
        edited = api.http.patch(
            f"{api.base}/api/v1/comments/{posted['id']}", json={"body": "After"}, headers=token
        )
        assert edited.status_code == 200, edited.text
        expect(page.locator(f"#comment-{posted['id']} .text")).to_have_text("After")
        gone = api.http.delete(f"{api.base}/api/v1/comments/{posted['id']}", headers=token)
        assert gone.status_code == 204, gone.text
        expect(page.locator(f"#comment-{posted['id']}")).to_have_count(0)
        expect(page.locator("#parley-thread h2")).to_have_text("No comments yet")
