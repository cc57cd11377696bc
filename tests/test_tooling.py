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
