"""Issue 25.6: the widget's core flows in the engines readers use besides Chromium. Firefox ESR
(Debian's firefox-esr) is driven over WebDriver BiDi by puppeteer-core from npm, no driver binary
(widget/engines/firefox_flows.mjs); WebKit (Safari's engine) by Selenium through Debian's
WebKitWebDriver and MiniBrowser under xvfb-run (webkit_flows.py). Skipped, saying why, only where the browser is not installed (CI
installs it: .ci/test-tools)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.widget.conftest import SITE, WIDGET, ensure_widget_tools

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PAGE_TITLE = "Hello again, world: this blog has comments again"
FIREFOX = "/usr/bin/firefox-esr"
FLOWS = WIDGET / "engines" / "firefox_flows.mjs"
LOGIN = WIDGET / "engines" / "firefox_login.mjs"


def copy_of_the_article(demo, extra_pages, name: str) -> str:
    """A copy of the demo article at /post/<name>.html; answers its URL."""
    html = (ROOT / "app/web/demo/post/hello-world.html").read_text()
    (extra_pages / "post").mkdir(exist_ok=True)
    (extra_pages / "post" / f"{name}.html").write_text(
        html.replace("/post/hello-world.html", f"/post/{name}.html")
    )
    return f"{demo.origin}/post/{name}.html"


def assert_logged_in_and_posted(result: dict, user: str) -> None:
    """What the login flows of both engines print: the popup closed, the widget names the
    identity instead of asking for a name, no cookie on the blog, the comment is theirs, and a
    reload is still logged in."""
    assert "failed" not in result, result
    steps = result.get("steps", result)
    assert steps["popupClosed"] is True
    assert (
        steps["me"]
        == f"Test User {user} You are commenting using your Test OP account. Log Out / Change"
    )
    assert steps["nameField"] == 0
    assert steps["cookies"] == ""
    assert steps["author"] == {"name": f"Test User {user}", "badge": "verified via Test OP"}
    assert steps["afterReload"] == f"Test User {user}"


@pytest.mark.skipif(not Path(FIREFOX).is_file(), reason="firefox-esr is not installed")
class TestFirefox:
    def test_thread_guest_post_keyboard_and_live_update(self, api, demo, extra_pages):
        ensure_widget_tools()
        if not (WIDGET / "node_modules" / "puppeteer-core").is_dir():
            pytest.fail("puppeteer-core is missing from widget/node_modules: run npm ci in widget/")
        url = f"{demo.origin}/post/firefox.html"
        api.post_comment(url, "Seeded for Firefox", name="Ada")
        html = (
            Path(__file__).resolve().parents[2] / "app/web/demo/post/hello-world.html"
        ).read_text()
        (extra_pages / "post").mkdir(exist_ok=True)
        (extra_pages / "post" / "firefox.html").write_text(
            html.replace("/post/hello-world.html", "/post/firefox.html")
        )
        node = shutil.which("node")
        assert node is not None
        run = subprocess.run(
            [
                node,
                str(FLOWS),
                json.dumps({"page": url, "api": api.base, "site": SITE, "origin": demo.origin}),
            ],
            cwd=WIDGET,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        result = json.loads(run.stdout.strip().splitlines()[-1])
        assert "failed" not in result, result
        assert result["errors"] == []
        steps = result["steps"]
        assert (
            steps["heading"] == "One thought on “Hello again, world: this blog has comments again”"
        )
        assert steps["comments"] == 1
        assert steps["posted"] == "2 thoughts on “Hello again, world: this blog has comments again”"
        assert steps["keyboard"] is True
        assert steps["elsewhere"] == 201
        assert steps["live"] is True

    def test_login_popup_with_total_cookie_protection(self, api, demo, extra_pages, request):
        """The provider's popup in Firefox's default cookie policy (Total Cookie Protection:
        cookieBehavior 5, which puppeteer's profile turns off unless asked)."""
        ensure_widget_tools()
        url = copy_of_the_article(demo, extra_pages, "firefox-login")
        node = shutil.which("node")
        assert node is not None
        run = subprocess.run(
            [node, str(LOGIN), json.dumps({"page": url, "user": "fiona"})],
            cwd=WIDGET,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        result = json.loads(run.stdout.strip().splitlines()[-1])
        assert result["errors"] == [], result
        assert_logged_in_and_posted(result, "fiona")


WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"


@pytest.mark.skipif(
    not Path(WEBKIT_DRIVER).is_file()
    or not Path(MINIBROWSER).is_file()
    or shutil.which("xvfb-run") is None,
    reason="webkit2gtk-driver (WebKitWebDriver, MiniBrowser) or xvfb is not installed",
)
# One pytest-xdist worker runs them all: two `xvfb-run -a` at the same moment can pick the same
# free display number, and the second X server then fails to start.
@pytest.mark.xdist_group("xvfb")
class TestWebKit:
    def test_thread_and_guest_post(self, api, demo, extra_pages):
        url = f"{demo.origin}/post/webkit.html"
        api.post_comment(url, "Seeded for WebKit", name="Ada")
        html = (ROOT / "app/web/demo/post/hello-world.html").read_text()
        (extra_pages / "post").mkdir(exist_ok=True)
        (extra_pages / "post" / "webkit.html").write_text(
            html.replace("/post/hello-world.html", "/post/webkit.html")
        )
        run = subprocess.run(
            [
                "xvfb-run",
                "-a",
                sys.executable,
                "-m",
                "tests.widget.webkit_flows",
                json.dumps({"page": url}),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        assert run.returncode == 0, run.stderr[-3000:]
        steps = json.loads(run.stdout.strip().splitlines()[-1])
        assert steps["heading"] == f"One thought on “{PAGE_TITLE}”"
        assert steps["comments"] == 1
        assert steps["posted"] == f"2 thoughts on “{PAGE_TITLE}”"

    def test_live_update(self, api, demo, extra_pages):
        url = copy_of_the_article(demo, extra_pages, "webkit-live")
        api.post_comment(url, "Seeded for WebKit live", name="Ada")
        steps = run_webkit(
            {"flow": "live", "page": url, "api": api.base, "site": SITE, "origin": demo.origin}
        )
        assert steps["elsewhere"] == 201
        assert steps["live"] is True
        assert steps["comments"] == 1  # waiting behind the polite button, not yet drawn

    def test_login_popup(self, api, demo, extra_pages):
        url = copy_of_the_article(demo, extra_pages, "webkit-login")
        api.post_comment(url, "Seeded for WebKit login", name="Ada")
        steps = run_webkit({"flow": "login", "page": url, "user": "wendy"})
        assert_logged_in_and_posted(steps, "wendy")


def run_webkit(args: dict) -> dict:
    run = subprocess.run(
        ["xvfb-run", "-a", sys.executable, "-m", "tests.widget.webkit_flows", json.dumps(args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result: dict = json.loads(run.stdout.strip().splitlines()[-1])
    return result
