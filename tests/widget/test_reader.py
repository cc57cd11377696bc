"""Issue 26, item 1 (and the widget's part of item 4): what every reader sees. No stray "00" or
"undefined" in any comment state; a thread whose server is down says so, keeps trying (honouring
Retry-After) and shows up without a reload; live replies land under their comment; a phone-width
notify row; German words; Ctrl+Enter; "Check your inbox to confirm"."""

import contextlib
import json
import re
import socket
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from app.web.demo_server import DEMO_ROOT, DemoServer
from tests.live import demo_blog, free_port, live_server
from tests.widget.conftest import ADMIN_TOKEN, SITE, Api
from tests.widget.streams import stream_open
from tests.widget.test_follow_up import events_available, with_email_on
from tests.widget.test_login import log_in

pytestmark = pytest.mark.browser

TITLE = "Hello again, world: this blog has comments again"
LOAD_FAILED = "Comments could not be loaded — retrying…"
# The rendered page must never say these: a value that was missing or a falsy number drawn as text.
STRAY = re.compile(r"undefined|NaN|\bnull\b|\[object ")


def comment_box(page: Page):
    return page.get_by_role("textbox", name="Comment", exact=True)


def fill_guest(page: Page, name: str = "Grace", email: str = "grace@example.org") -> None:
    page.get_by_role("textbox", name="Name", exact=True).fill(name)
    page.get_by_role("textbox", name="Email", exact=True).fill(email)


def heading(page: Page):
    return page.locator("#parley-thread h2")


# Every text node of the section outside a score: a bare number there is a value drawn by
# accident (the "00" after Reply was `0 && button`, twice). Also the attributes read aloud.
SCAN = """() => {
  const section = document.getElementById("parley-thread").shadowRoot.querySelector("section");
  const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
  const bare = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode())
    if (/^\\s*\\d+\\s*$/.test(n.data) && !n.parentElement.closest(".score")) bare.push(n.parentElement.outerHTML);
  const said = [...section.querySelectorAll("[aria-label],[title],[alt]")].map(
    (e) => [e.getAttribute("aria-label"), e.getAttribute("title"), e.getAttribute("alt")].join(" "));
  return { text: section.textContent, shown: section.innerText, bare, said: said.join(" | "),
           page: document.body.innerText };
}"""


def scan(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(SCAN)
    return found


class TestNoStrayText:
    def test_every_comment_state_reads_cleanly(self, open_post, post_url, api, console):
        console.allow(r"avatars\.example\.test")  # the test provider's pictures have no host
        url = post_url("states")
        root = api.post_comment(
            url, "A guest's comment", name="Ada", author_website="https://a.example"
        )
        reply = api.post_comment(url, "A reply to it", name="Bob", parent_id=root["id"])
        doomed = api.post_comment(url, "Soon deleted", name="Cy")
        api.post_comment(url, "Answering the deleted one", name="Di", parent_id=doomed["id"])
        gone = api.admin("POST", f"/api/v1/admin/sites/{SITE}/comments/{doomed['id']}/delete")
        assert gone.status_code == 200, gone.text
        edited = api.post_comment(url, "Before the edit", name="Eve")
        changed = api.http.patch(
            f"{api.base}/api/v1/comments/{edited['id']}",
            json={"body": "After the edit"},
            headers={"X-Edit-Token": edited["edit_token"], "Origin": api.origin},
        )
        assert changed.status_code == 200, changed.text
        threads = api.admin("GET", f"/api/v1/admin/sites/{SITE}/threads", params={"url": url})
        thread_id = threads.json()["threads"][0]["id"]
        pinned = api.admin(
            "PATCH",
            f"/api/v1/admin/sites/{SITE}/threads/{thread_id}",
            json={"pinned_comment_id": root["id"]},
        )
        assert pinned.status_code == 200, pinned.text

        page = open_post("states")
        expect(page.locator(f"#comment-{doomed['id']}")).to_contain_text(
            "This comment was deleted."
        )
        page.locator(f"#comment-{reply['id']}").get_by_role("button", name="Vote up").click()
        expect(page.locator(f"#comment-{reply['id']} .score").first).to_have_text("1")
        log_in(page, "vera")  # a verified commenter, who can edit their own comment
        comment_box(page).fill("Said while logged in")
        page.get_by_role("button", name="Post Comment").click()
        expect(page.locator("li.c .badge", has_text="verified via")).to_have_count(1)
        page.get_by_role("button", name="Log Out").click()
        with api.site_settings(moderation="all"):
            fill_guest(page)
            comment_box(page).fill("Mine, awaiting moderation")
            page.get_by_role("button", name="Post Comment").click()
            expect(page.get_by_text("Your comment is awaiting moderation.").first).to_be_visible()
        expect(page.get_by_text("Pinned", exact=True)).to_be_visible()
        expect(page.locator(f"#comment-{edited['id']}")).to_contain_text("edited")

        found = scan(page)
        assert found["bare"] == []
        for text in (found["text"], found["shown"], found["said"], found["page"]):
            assert not STRAY.search(text), text
        assert not re.search(r"Reply\s*0", found["shown"])

    def test_german_reply_heading(self, open_post, post_url, api):
        url = post_url("antwort")
        api.post_comment(url, "Hallo", name="Ada")
        page = open_post("antwort", lang="de")
        page.get_by_role("button", name="Antworten", exact=True).click()
        expect(page.get_by_role("heading", name=re.compile("Antworte auf Ada"))).to_be_visible()


class TestKeyboardSubmit:
    @pytest.mark.parametrize("modifier", ["Control", "Meta"])
    def test_ctrl_or_cmd_enter_posts(self, open_post, modifier):
        page = open_post(f"ctrl-enter-{modifier.lower()}")
        fill_guest(page)
        comment_box(page).fill("Sent from the keyboard")
        comment_box(page).press(f"{modifier}+Enter")
        expect(page.locator("li.c")).to_contain_text("Sent from the keyboard")
        expect(comment_box(page)).to_have_value("")

    def test_plain_enter_is_a_new_line(self, open_post):
        page = open_post("plain-enter")
        fill_guest(page)
        comment_box(page).fill("Line one")
        comment_box(page).press("Enter")
        expect(page.locator("li.c")).to_have_count(0)
        expect(comment_box(page)).to_have_value("Line one\n")


class TestPhoneWidth:
    def test_the_notify_row_does_not_scroll_sideways(self, page, open_post, api, console):
        with_email_on(page, api, console)
        page.set_viewport_size({"width": 375, "height": 800})
        page = open_post("narrow")
        expect(
            page.get_by_role("checkbox", name="Notify me of follow-up comments by email")
        ).to_be_visible()
        widths = page.evaluate(
            """() => {
              const row = document.getElementById("parley-thread").shadowRoot.getElementById("pl-wants").parentElement;
              return { row: row.scrollWidth, box: row.clientWidth, page: document.documentElement.scrollWidth };
            }"""
        )
        assert widths["row"] <= widths["box"]
        assert widths["page"] <= 375


class TestLiveReplies:
    def test_a_reply_appears_under_its_comment_and_is_announced(self, open_post, post_url, api):
        if not events_available(api):
            pytest.skip("C5 (server-sent events) is not on this server yet")
        root = api.post_comment(post_url("live-reply"), "Where is my answer?", name="Ada")
        page = open_post("live-reply")
        comment_box(page).fill("Half a thought")  # typed before the reply arrives: kept
        stream_open(page)
        reply = api.post_comment(
            post_url("live-reply"), "Right here", name="Bob", parent_id=root["id"]
        )
        under = page.locator(f"#comment-{root['id']} > ol.kids > #comment-{reply['id']}")
        expect(under).to_contain_text("Right here")
        expect(page.get_by_role("status")).to_have_text("New reply from Bob to Ada")
        expect(page.get_by_role("button", name=re.compile("New comments"))).to_be_hidden()
        expect(heading(page)).to_have_text(f"2 thoughts on “{TITLE}”")
        expect(comment_box(page)).to_have_value("Half a thought")


class TestCheckYourInbox:
    def confirmation_sent(self, page: Page, api: Api) -> None:
        """The POST answers as a server with mail answers a new address (26.4: `notification`)."""

        def answer(route: Route) -> None:
            if route.request.method != "POST":
                route.continue_()
                return
            response = route.fetch()
            body = response.json()
            body["notification"] = "confirmation_sent"
            route.fulfill(response=response, body=json.dumps(body))

        page.route(f"{api.base}/api/v1/sites/{SITE}/comments", answer)

    def test_said_once_per_address(self, page, open_post, api, console):
        with_email_on(page, api, console)
        self.confirmation_sent(page, api)
        page = open_post("inbox")
        for n in (1, 2):
            fill_guest(page)
            page.get_by_role("checkbox", name="Notify me of follow-up comments by email").check()
            comment_box(page).fill(f"Tell me, take {n}")
            page.get_by_role("button", name="Post Comment").click()
            expect(page.locator("li.c")).to_have_count(n)
            note = page.locator("#parley-thread .note", has_text="Check your inbox to confirm")
            if n == 1:
                expect(note).to_be_visible()
            else:
                expect(note).to_be_hidden()
        fill_guest(page, email="other@example.org")
        comment_box(page).fill("A new address")
        page.get_by_role("button", name="Post Comment").click()
        expect(page.locator("#parley-thread .note", has_text="Check your inbox")).to_be_visible()


class Gate:
    """A TCP forwarder standing for the API's address: `stop()` closes it and every connection
    through it (the browser gets "connection refused", as from a stopped server), `start()`
    serves again on the same port."""

    def __init__(self, upstream: int) -> None:
        # Bound now, not when first started: a port only looked up here could be taken by
        # another test's server while the API process behind the gate starts.
        self.listener: socket.socket | None = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.upstream = upstream
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.serving = False

    def start(self) -> None:
        if self.listener is None:
            self.listener = socket.create_server(("127.0.0.1", self.port))
        with self.lock:
            self.serving = True
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def stop(self) -> None:
        with self.lock:
            self.serving = False
        if self.listener is not None:
            # shutdown first: a bare close() leaves the thread blocked in accept() serving on.
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        with self.lock:
            for sock in self.open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream))
            with self.lock:
                # A connection the browser opened ahead (a preconnect) may be accepted just
                # as stop() runs: it must not outlive the stop and serve the next request.
                if not self.serving:
                    client.close()
                    upstream.close()
                    return
                self.open |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass


@pytest.fixture(scope="module")
def gated(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[DemoServer, Gate, httpx.Client]]:
    """A blog whose API address is a gate in front of an API process of its own."""
    port = free_port()
    gate = Gate(port)
    pages = tmp_path_factory.mktemp("gated-pages")
    data = tmp_path_factory.mktemp("gated-api")
    env = {
        "PARLEY_ADMIN_TOKEN": ADMIN_TOKEN,
        "PARLEY_SECRET_KEY": "gated-test-secret-key-not-for-prod",
    }
    with (
        demo_blog(f"http://127.0.0.1:{gate.port}", site=SITE, extra_pages=pages) as blog,
        live_server(f"sqlite+aiosqlite:///{data}/parley.db", data, port=port, env=env) as base,
        httpx.Client(base_url=base, timeout=10) as http,
    ):
        created = http.post(
            "/api/v1/admin/sites",
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            json={"id": SITE, "name": "Gated", "origins": [blog.origin], "moderation": "none"},
        )
        assert created.status_code == 201, created.text
        for name in ("Ada", "Bob"):
            posted = http.post(
                f"/api/v1/sites/{SITE}/comments",
                headers={"Origin": blog.origin},
                json={
                    "url": f"{blog.origin}/post/down.html",
                    "title": TITLE,
                    "body": f"Seeded by {name}",
                    "author_name": name,
                    "author_email": f"{name.lower()}@example.org",
                },
            )
            assert posted.status_code == 201, posted.text
        (pages / "post").mkdir()
        html = (DEMO_ROOT / "post" / "hello-world.html").read_text()
        (pages / "post" / "down.html").write_text(
            html.replace("/post/hello-world.html", "/post/down.html")
        )
        gate.start()
        try:
            yield blog, gate, http
        finally:
            gate.stop()


def open_while_down(context: BrowserContext, blog: DemoServer, gate: Gate) -> Page:
    """Open the post with the script served, then close the gate as the thread is asked for."""
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.clock.install()
    page.clock.pause_at(1_800_000_000_000)

    def close_then_go(route: Route) -> None:
        gate.stop()
        route.continue_()

    thread_read = re.compile(rf"/api/v1/sites/{SITE}/comments\?url=")
    page.route(thread_read, close_then_go, times=1)
    page.goto(f"{blog.origin}/post/down.html")
    expect(page.get_by_text(LOAD_FAILED)).to_be_visible()
    return page


class TestServerDown:
    def test_failure_state_then_the_thread_without_a_reload(self, context, gated):
        blog, gate, _ = gated
        page = open_while_down(context, blog, gate)
        try:
            page.evaluate("window.notReloaded = true")
            expect(heading(page)).to_have_text("Comments")
            shown = scan(page)["page"]
            assert "No comments yet" not in shown
            assert "0 comments" not in shown
            assert not STRAY.search(shown)
            gate.start()
            page.clock.run_for(2_500)  # the first retry (no Retry-After on a refused connection)
            expect(heading(page)).to_have_text(f"2 thoughts on “{TITLE}”")
            expect(page.get_by_text(LOAD_FAILED)).to_be_hidden()
            expect(page.locator("li.c")).to_have_count(2)
            expect(page.locator(".entry-meta [data-parley-count]")).to_have_text("2 comments")
            assert page.evaluate("window.notReloaded") is True
        finally:
            if gate.listener is None:
                gate.start()
            page.close()

    def test_posting_from_a_page_that_failed_never_shows_a_wrong_count(self, context, gated):
        blog, gate, _ = gated
        page = open_while_down(context, blog, gate)
        try:
            gate.start()  # the server is back; the next retry is a while away (clock paused)
            fill_guest(page)
            comment_box(page).fill("Posted before the thread came")
            page.get_by_role("button", name="Post Comment").click()
            expect(page.locator("li.c", has_text="Posted before the thread came")).to_have_count(1)
            # Not "One thought": the thread is read again, with the two comments it had.
            expect(heading(page)).to_have_text(f"3 thoughts on “{TITLE}”")
            expect(page.get_by_text(LOAD_FAILED)).to_be_hidden()
        finally:
            if gate.listener is None:
                gate.start()
            page.close()


class TestRetryAfter:
    def test_the_widget_waits_as_long_as_the_server_asks(self, page, open_post, api, demo, console):
        """The answer of a server whose database is down (app/observability/middleware.py), once."""
        console.allow(r"status of 503")
        reads: list[str] = []
        page.on("request", lambda r: reads.append(r.url) if "/comments?url=" in r.url else None)
        outage = json.dumps(
            {
                "type": "/problems/service-unavailable",
                "title": "Service unavailable",
                "status": 503,
                "detail": "The database is unavailable; try again shortly.",
            }
        )
        page.route(
            re.compile(rf"{re.escape(api.base)}/api/v1/sites/{SITE}/comments\?url="),
            lambda route: route.fulfill(
                status=503,
                content_type="application/problem+json",
                headers={
                    "Retry-After": "30",
                    "Access-Control-Allow-Origin": demo.origin,
                    "Access-Control-Expose-Headers": "Retry-After",
                },
                body=outage,
            ),
            times=1,
        )
        page.clock.install()
        page.clock.pause_at(1_800_000_000_000)
        page = open_post("retry-after")
        expect(page.get_by_text(LOAD_FAILED)).to_be_visible()
        page.clock.run_for(20_000)  # past the default backoff (2, 4, 8 s), short of 30 s
        expect(page.get_by_text(LOAD_FAILED)).to_be_visible()
        assert len(reads) == 1
        page.clock.run_for(11_000)
        expect(heading(page)).to_have_text("No comments yet")  # read, and really empty
        assert len(reads) == 2
