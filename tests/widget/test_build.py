"""The committed embed.js is what widget/src builds to, and it stays within its size budget."""

import gzip
import shutil
import subprocess

from app.web.router import EMBED_PATH
from tests.widget.conftest import WIDGET, ensure_widget_tools

BUDGET_BYTES = 12 * 1024


def test_embed_js_is_built_from_the_current_sources():
    ensure_widget_tools()
    node = shutil.which("node")
    assert node is not None, "node is needed to build the widget"
    result = subprocess.run(
        [node, "build.mjs", "--check"], cwd=WIDGET, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_embed_js_fits_the_budget_css_included():
    code = EMBED_PATH.read_bytes()
    assert len(gzip.compress(code, 9)) <= BUDGET_BYTES
    assert b"adoptedStyleSheets" in code  # the CSS travels inside, applied without <style>


def test_widget_unit_tests_pass():
    """The widget's own pure tests (strings, plurals, language choice) under node's runner."""
    node = shutil.which("node")
    assert node is not None, "node is needed to test the widget"
    result = subprocess.run(
        [node, "--test", "test/"], cwd=WIDGET, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout
