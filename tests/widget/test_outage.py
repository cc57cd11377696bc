"""Issue 26 acceptance: with the database stopped and started again, an open page shows the
failure state and then the thread, without a reload. The widget's API is a real
`python -m app.serve` on a PostgreSQL cluster of this test's own (tests/scaleout/servers.py),
stopped and started for real: the page reads the API's 503 with Retry-After, not a refused
connection (that case is tests/widget/test_reader.py::TestServerDown)."""

import re
import secrets
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import BrowserContext, Response, expect

from app.web.demo_server import DEMO_ROOT, DemoServer
from tests.live import demo_blog, free_port, live_server
from tests.scaleout.servers import OwnPostgres, can_run_own_postgres, own_postgres
from tests.waiting import wait_until
from tests.widget.conftest import ADMIN_TOKEN, SITE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not can_run_own_postgres(),
        reason="needs PostgreSQL's binaries (initdb; runuser when run as root) to stop a database",
    ),
]

TITLE = "Hello again, world: this blog has comments again"  # the demo article's
LOAD_FAILED = "Comments could not be loaded — retrying…"
PATH = "/post/outage.html"


def wait_for_ready(base: str, status: int, seconds: float = 60.0) -> None:
    wait_until(
        lambda: httpx.get(f"{base}/readyz", timeout=10).status_code == status,
        f"/readyz to answer {status}",
        within=seconds,
        interval=0.2,
    )


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[DemoServer, OwnPostgres, str]]:
    """The demo blog, and its API on a PostgreSQL of its own with two comments on the post."""
    port = free_port()
    pages = tmp_path_factory.mktemp("outage-pages")
    data = tmp_path_factory.mktemp("outage-api")
    env = {
        "PARLEY_ADMIN_TOKEN": ADMIN_TOKEN,
        "PARLEY_SECRET_KEY": "outage-" + secrets.token_hex(16),
        "PARLEY_OUTBOX_WORKER": "false",
    }
    with (
        own_postgres() as postgres,
        demo_blog(f"http://127.0.0.1:{port}", site=SITE, extra_pages=pages) as blog,
        live_server(postgres.url, data, port=port, env=env) as base,
        httpx.Client(base_url=base, timeout=10) as http,
    ):
        created = http.post(
            "/api/v1/admin/sites",
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            json={"id": SITE, "name": "Outage", "origins": [blog.origin], "moderation": "none"},
        )
        assert created.status_code == 201, created.text
        for name in ("Ada", "Bob"):
            posted = http.post(
                f"/api/v1/sites/{SITE}/comments",
                headers={"Origin": blog.origin},
                json={
                    "url": f"{blog.origin}{PATH}",
                    "title": TITLE,
                    "body": f"Seeded by {name}",
                    "author_name": name,
                    "author_email": f"{name.lower()}@example.org",
                },
            )
            assert posted.status_code == 201, posted.text
        (pages / "post").mkdir()
        html = (DEMO_ROOT / "post" / "hello-world.html").read_text()
        (pages / "post" / "outage.html").write_text(html.replace("/post/hello-world.html", PATH))
        yield blog, postgres, base


class TestDatabaseOutage:
    def test_the_open_page_says_so_then_shows_the_thread_once_the_database_is_back(
        self, context: BrowserContext, stack: tuple[DemoServer, OwnPostgres, str]
    ) -> None:
        blog, postgres, base = stack
        reads: list[Response] = []
        thread_read = re.compile(rf"/api/v1/sites/{SITE}/comments\?url=")
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("response", lambda r: reads.append(r) if thread_read.search(r.url) else None)
        page.clock.install()
        page.clock.pause_at(1_800_000_000_000)  # retries happen only when the test says so
        postgres.stop()
        try:
            wait_for_ready(base, 503)
            page.goto(f"{blog.origin}{PATH}")
            page.evaluate("window.notReloaded = true")
            expect(page.get_by_text(LOAD_FAILED)).to_be_visible()
            # The API itself answered: a 503 the page could read, with Retry-After.
            assert reads, "the thread was never asked for"
            assert {r.status for r in reads} == {503}
            assert all(r.headers.get("retry-after") for r in reads)
            heading = page.locator("#parley-thread h2")
            expect(heading).to_have_text("Comments")
            shown = page.evaluate("document.body.innerText")
            assert "No comments yet" not in shown
            assert "0 comments" not in shown
            assert "undefined" not in shown

            # Still down when the widget asks again: still the failure state, never an empty thread.
            with page.expect_response(thread_read) as again:
                page.clock.run_for(61_000)  # past any wait the widget keeps (60 s at most)
            assert again.value.status == 503
            expect(page.get_by_text(LOAD_FAILED)).to_be_visible()
            assert "No comments yet" not in page.evaluate("document.body.innerText")
        finally:
            postgres.start()
        try:
            wait_for_ready(base, 200)
            # The database is back: the next retry brings the thread (a connection of the pool
            # that died with the old server may cost one more 503, so a few rounds are allowed).
            for _ in range(4):
                with page.expect_response(thread_read) as retried:
                    page.clock.run_for(61_000)
                if retried.value.status == 200:
                    break
            assert retried.value.status == 200, [r.status for r in reads]
            expect(heading).to_have_text(f"2 thoughts on “{TITLE}”")
            expect(page.get_by_text(LOAD_FAILED)).to_be_hidden()
            expect(page.locator("li.c")).to_have_count(2)
            expect(page.locator(".entry-meta [data-parley-count]")).to_have_text("2 comments")
            assert page.evaluate("window.notReloaded") is True
        finally:
            page.close()
