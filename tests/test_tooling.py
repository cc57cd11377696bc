"""The test set-up itself: what `make test` runs and in which order, the one live-server harness,
and the tool check that stops a fresh machine with one clear line."""

import re
import shutil
import subprocess
from pathlib import Path

from tests.live import ROOT


class TestMakeTest:
    def test_lint_types_openapi_then_the_whole_suite(self):
        make = shutil.which("make")
        assert make is not None
        dry_run = subprocess.run(
            [make, "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.splitlines()
        wanted = [
            ".ci/test-tools",
            "uv sync --frozen",
            "ruff check app tests migrations bench",
            "ruff format --check app tests migrations bench",
            "mypy app tests",
            "-m app.openapi --check",
            "-m pytest",
        ]
        positions = [next(i for i, line in enumerate(dry_run) if step in line) for step in wanted]
        assert positions == sorted(positions), dry_run
        # Nothing may turn a failure (or pytest's exit code 5, no tests collected) into success.
        suite = next(line for line in dry_run if "-m pytest" in line)
        assert "||" not in suite
        assert ";" not in suite


class TestLiveServers:
    def test_only_tests_live_starts_server_processes(self):
        own_server = re.compile(r'sys\.executable,\s*"-m",\s*"(uvicorn|app\.serve)"')
        offenders = [
            str(path.relative_to(ROOT))
            for path in sorted((ROOT / "tests").rglob("*.py"))
            if path.name != "live.py" and own_server.search(path.read_text())
        ]
        assert offenders == []


class TestToolCheck:
    def test_a_missing_tool_stops_with_one_line(self, tmp_path: Path):
        # A PATH without node, npm or apt-get: nothing can be installed, so the check must stop.
        for tool in ("bash", "id", "awk"):
            found = shutil.which(tool)
            assert found is not None
            (tmp_path / tool).symlink_to(found)
        result = subprocess.run(
            [str(tmp_path / "bash"), str(ROOT / ".ci" / "test-tools")],
            env={"PATH": str(tmp_path)},
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert result.returncode == 1
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("make test: missing Node >= 20 with npm")

    def test_a_machine_with_everything_passes_silently(self):
        result = subprocess.run(
            [str(ROOT / ".ci" / "test-tools")], capture_output=True, text=True, timeout=60
        )
        assert (result.returncode, result.stderr) == (0, "")


# Fixed waits that ARE the scenario, each with why; everything else polls for its condition with
# tests/waiting.py (or Playwright's expect / wait_for_function). Counts are exact, so a new fixed
# wait in a listed file fails too, and so does an entry left behind.
FIXED_WAIT = re.compile(r"\b(?:sleep|wait_for_timeout)\(")
ALLOWED_FIXED_WAITS: dict[str, tuple[int, str]] = {
    "tests/waiting.py": (2, "the interval between two checks of the awaited condition"),
    "tests/moderation/akismet_stub.py": (1, "the stub Akismet's deliberate latency"),
    "tests/notifications/test_webhooks.py": (1, "the stub receiver's deliberate latency"),
    "tests/scaleout/test_faults.py": (1, "the load generator's pace between its requests"),
    "tests/test_shared_runs.py": (2, "sleeping 0 s yields one loop turn: the interleaving tested"),
    "tests/test_group_commit.py": (1, "sleeping 0 s lets every write queue: the grouping tested"),
    "tests/test_wal_checkpoints.py": (
        1,
        "sleeping 0 s starts the checkpoint's thread: the cancellation under way tested",
    ),
    "tests/notifications/test_outbox.py": (
        1,
        "outlasting the 2 s lease shows no second send: an absence has no condition to poll",
    ),
    "tests/widget/test_thread.py": (1, "the real clock passing the 3 s edit window is the test"),
    "tests/widget/test_imported_links.py": (
        1,
        "after a click on a defused javascript: link, nothing may happen: an absence",
    ),
    "tests/widget/test_takeover.py": (
        2,
        "layout shifts: late layout work gets time to be recorded; nothing marks its end",
    ),
    "tests/widget/webkit_flows.py": (
        1,
        "WebKitWebDriver has no init script to watch the stream open (tests/widget/streams.py)",
    ),
}


class TestNoFixedWaits:
    def test_tests_poll_for_conditions_instead_of_sleeping(self):
        found: dict[str, int] = {}
        for path in sorted((ROOT / "tests").rglob("*.py")):
            count = len(FIXED_WAIT.findall(path.read_text()))
            if count:
                found[str(path.relative_to(ROOT))] = count
        allowed = {path: count for path, (count, _why) in ALLOWED_FIXED_WAITS.items()}
        assert found == allowed, (
            "a fixed wait in tests/: poll for the condition (tests/waiting.py, Playwright's "
            "expect) or, if the wait is the scenario, list it in ALLOWED_FIXED_WAITS with why"
        )
