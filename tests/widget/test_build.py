"""The committed embed.js and embed-more.js are what widget/src builds to; embed.js, the script a
page loads first, stays within its size budget."""

import gzip
import shutil
import subprocess

from app.web.router import EMBED_PATH, MORE_PATH
from tests.widget.conftest import WIDGET, ensure_widget_tools

BUDGET_BYTES = 12 * 1024  # embed.js: all that first paint needs, provider marks included


def test_embed_js_is_built_from_the_current_sources():
    ensure_widget_tools()
    node = shutil.which("node")
    assert node is not None, "node is needed to build the widget"
    result = subprocess.run(
        [node, "build.mjs", "--check"], cwd=WIDGET, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_embed_js_fits_the_budget_css_and_provider_marks_included():
    code = EMBED_PATH.read_bytes()
    assert len(gzip.compress(code, 9)) <= BUDGET_BYTES
    assert b"adoptedStyleSheets" in code  # the CSS travels inside, applied without <style>
    for provider in (b"github", b"google", b"facebook", b"twitter", b"wordpress"):
        assert provider + b":" in code  # its inline SVG mark, drawn with the login button


def test_second_chunk_shares_the_first_ones_modules_instead_of_copying_them():
    more = MORE_PATH.read_bytes()
    assert b'Symbol.for("parley")' in more
    assert b"adoptedStyleSheets" not in more  # ui.js stays in embed.js
    assert b"/api/v1/me" not in more  # thread.js too
    assert b"EventSource" in more and b"EventSource" not in EMBED_PATH.read_bytes()


def test_widget_unit_tests_pass():
    """The widget's own pure tests (strings, plurals, language choice) under node's runner."""
    node = shutil.which("node")
    assert node is not None, "node is needed to test the widget"
    result = subprocess.run(
        [node, "--test", "test/"], cwd=WIDGET, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout
