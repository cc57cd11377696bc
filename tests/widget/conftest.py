"""Browser fixtures: a real API (`tests.live.live_server` on its own SQLite file), the demo blog on
another site (http://localhost:<port>), and Debian's Chromium with third-party cookies blocked."""

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    sync_playwright,
)

from app.web.demo_server import DEMO_ROOT, DemoServer
from tests.identity import oidc_op
from tests.live import demo_blog as serve_demo_blog
from tests.live import free_port, live_server
from tests.npm import npm_ci
from tests.widget.streams import STREAM_PROBE

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ADMIN_TOKEN = "widget-test-admin-token-0123456789"
SITE = "demo"
ARTIFACTS = ROOT / "test-artifacts"
WIDGET = ROOT / "widget"
AXE_JS = WIDGET / "node_modules" / "axe-core" / "axe.min.js"


def ensure_widget_tools() -> None:
    """`npm ci` in widget/ (esbuild, axe-core) when node_modules is missing: a fresh clone, CI."""
    npm_ci(
        WIDGET, ["axe-core/axe.min.js", "esbuild"], "to install the widget's build and test tools"
    )


@dataclass
class Api:
    """The running API and an admin/guest HTTP client for seeding data."""

    base: str
    origin: str  # the blog's origin, sent as Origin like a browser would
    http: httpx.Client

    def admin(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        return self.http.request(method, f"{self.base}{path}", headers=headers, **kwargs)

    def post_comment(
        self, url: str, body: str, *, name: str = "Ada", **fields: Any
    ) -> dict[str, Any]:
        """A guest comment, posted as the blog's page would."""
        payload = {
            "url": url,
            "title": "A post",
            "body": body,
            "author_name": name,
            "author_email": f"{name.lower()}@example.org",
            **fields,
        }
        response = self.http.post(
            f"{self.base}/api/v1/sites/{SITE}/comments",
            json=payload,
            headers={"Origin": self.origin},
        )
        assert response.status_code == 201, response.text
        data: dict[str, Any] = response.json()
        return data

    @contextmanager
    def site_settings(self, **changes: Any) -> Iterator[None]:
        """Change the demo site's settings for one test, then put them back."""
        before = self.admin("GET", f"/api/v1/admin/sites/{SITE}").json()
        response = self.admin("PATCH", f"/api/v1/admin/sites/{SITE}", json=changes)
        assert response.status_code == 200, response.text
        try:
            yield
        finally:
            restore = {key: before[key] for key in changes}
            self.admin("PATCH", f"/api/v1/admin/sites/{SITE}", json=restore)


@pytest.fixture(scope="session")
def api_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def oidc_provider(api_port: int) -> Iterator[oidc_op.OIDCProvider]:
    """The real OpenID Connect provider of the identity tests, redirecting to this API."""
    callback = f"http://127.0.0.1:{api_port}/auth/testop/callback"
    with oidc_op.OIDCProvider([callback]) as provider:
        yield provider


@pytest.fixture(scope="session")
def api_env(api_port: int, oidc_provider: oidc_op.OIDCProvider) -> dict[str, str]:
    """Settings of the API process besides its data dir and SQLite file: no Redis, and one
    login provider (the test OpenID provider, labelled "Test OP")."""
    provider = {
        "name": "testop",
        "label": "Test OP",
        "issuer": oidc_provider.issuer,
        "client_id": oidc_op.CLIENT_ID,
        "client_secret": oidc_op.CLIENT_SECRET,
    }
    return {
        "PARLEY_ADMIN_TOKEN": ADMIN_TOKEN,
        "PARLEY_SECRET_KEY": "widget-test-secret-key-not-for-production",
        "PARLEY_WRITE_RATE_LIMIT": "10000/second",
        "PARLEY_READ_RATE_LIMIT": "10000/second",
        "PARLEY_BASE_URL": f"http://127.0.0.1:{api_port}",
        "PARLEY_OIDC_PROVIDERS": json.dumps([provider]),
    }


@pytest.fixture(scope="session")
def extra_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Per-test copies of the demo article, served by the demo server like its own pages."""
    return tmp_path_factory.mktemp("demo-pages")


@pytest.fixture(scope="session")
def demo_blog(extra_pages: Path, api_port: int) -> Iterator[tuple[DemoServer, int]]:
    """The demo blog's server, bound before the API so the site's origin is known."""
    api = f"http://127.0.0.1:{api_port}"
    with serve_demo_blog(api, site=SITE, extra_pages=extra_pages) as server:
        yield server, api_port


@pytest.fixture(scope="session")
def api(
    api_env: dict[str, str],
    demo_blog: tuple[DemoServer, int],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Api]:
    """The API on 127.0.0.1 with the demo site, whose origin is the blog on localhost."""
    server, port = demo_blog
    data = tmp_path_factory.mktemp("widget-api")
    database_url = f"sqlite+aiosqlite:///{data}/parley.db"
    with (
        live_server(database_url, data, port=port, env=api_env) as base,
        httpx.Client(timeout=10) as http,
    ):
        api = Api(base=base, origin=server.origin, http=http)
        created = api.admin(
            "POST",
            "/api/v1/admin/sites",
            json={
                "id": SITE,
                "name": "Harbour Notes",
                "origins": [server.origin],
                "moderation": "none",
                "guest_policy": "name_email",
                "edit_window_seconds": 900,
                "max_depth": 3,
            },
        )
        assert created.status_code == 201, created.text
        yield api


@pytest.fixture(scope="session")
def demo(demo_blog: tuple[DemoServer, int], api: Api) -> DemoServer:
    """The blog, once the API behind it is up."""
    return demo_blog[0]


def launch(
    playwright: Playwright, profile: Path, *, block_third_party_cookies: bool = True
) -> BrowserContext:
    """Debian's Chromium on a fresh profile whose cookie setting is written explicitly."""
    (profile / "Default").mkdir(parents=True)
    mode = 1 if block_third_party_cookies else 0
    (profile / "Default" / "Preferences").write_text(
        json.dumps({"profile": {"cookie_controls_mode": mode}})
    )
    return playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        viewport={"width": 1000, "height": 900},
        locale="en-US",
    )


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """Per module: Playwright's sync API keeps an event loop running while it is started, and
    async tests elsewhere in the suite need the thread free of it."""
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="module")
def context(
    playwright: Playwright, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BrowserContext]:
    """Chromium with a profile that blocks third-party cookies (cookie_controls_mode 1)."""
    browser_context = launch(playwright, tmp_path_factory.mktemp("chromium-profile"))
    browser_context.add_init_script(STREAM_PROBE)  # tests wait on streams, not on the clock
    yield browser_context
    browser_context.close()


@dataclass
class Console:
    """Everything the page complained about; each test ends with none unless it expected them."""

    errors: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [e for e in self.errors if not any(p.search(e) for p in self.allowed)]


REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) =>
  console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
"""


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def page(context: BrowserContext, demo: DemoServer, api: Api, console: Console) -> Iterator[Page]:
    """A fresh tab; the blog's storage is emptied after each test; no console errors allowed."""
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.add_init_script(REPORT_CSP_VIOLATIONS)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            console.errors.append(f"{message.text} @ {message.location.get('url', '')}")

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: console.errors.append(f"page error: {error}"))
    yield tab
    try:
        if tab.url.startswith(demo.origin):
            tab.evaluate("localStorage.clear(); sessionStorage.clear()")
    finally:
        tab.close()
    assert console.unexpected() == []


Opener = Callable[..., Page]


@pytest.fixture
def open_post(page: Page, demo: DemoServer, extra_pages: Path) -> Opener:
    """Open a copy of the demo article under a fresh path, so each test gets its own thread.

    The copy is served by the demo server like the original (same headers, CSP included); only
    the post's own URL (canonical, og:url) differs. `lang` changes the page's language and
    `thread_attrs` adds attributes to the snippet's <div id="parley-thread">.
    """

    def opener(
        slug: str,
        *,
        hash: str = "",
        template: str = "hello-world",
        lang: str = "",
        thread_attrs: str = "",
    ) -> Page:
        path = f"/post/{slug}.html"
        html = (DEMO_ROOT / "post" / f"{template}.html").read_text()
        html = html.replace(f"/post/{template}.html", path)
        if lang:
            html = html.replace('<html lang="en">', f'<html lang="{lang}">', 1)
        if thread_attrs:
            html = html.replace(
                '<div id="parley-thread">', f'<div id="parley-thread" {thread_attrs}>'
            )
        (extra_pages / "post").mkdir(exist_ok=True)
        (extra_pages / "post" / f"{slug}.html").write_text(html)
        page.goto(f"{demo.origin}{path}{hash}")
        page.locator("#parley-thread h2").filter(has_not_text="Loading").wait_for()
        return page

    return opener


@pytest.fixture
def post_url(demo: DemoServer, request: pytest.FixtureRequest) -> Callable[[str], str]:
    return lambda slug: f"{demo.origin}/post/{slug}.html"


@pytest.fixture
def axe(page: Page, demo: DemoServer) -> Callable[[], list[dict[str, Any]]]:
    """Run axe-core in the page (served from the blog's own origin, as the CSP requires)."""
    ensure_widget_tools()
    page.route(
        f"{demo.origin}/__axe.js",
        lambda route: route.fulfill(body=AXE_JS.read_bytes(), content_type="text/javascript"),
    )

    def run() -> list[dict[str, Any]]:
        page.add_script_tag(url=f"{demo.origin}/__axe.js")
        result: dict[str, Any] = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]

    return run


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
