"""The committed clients are what the pinned generators make of the committed document."""

import filecmp
import subprocess
import sys
from pathlib import Path

from tests.live import ROOT

CLIENTS = ROOT / "clients"


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ, or exist on one side only, under two directories (caches ignored)."""
    compared = filecmp.dircmp(left, right, ignore=[".ruff_cache", "__pycache__"])
    found: list[str] = []

    def walk(node: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(f"{prefix}{name}" for name in node.left_only + node.right_only)
        _, mismatch, errors = filecmp.cmpfiles(
            node.left, node.right, node.common_files, shallow=False
        )
        found.extend(f"{prefix}{name}" for name in mismatch + errors)
        for name, child in node.subdirs.items():
            walk(child, f"{prefix}{name}/")

    walk(compared, "")
    return found


def test_regenerating_the_clients_changes_nothing(tmp_path, typescript_tools):
    subprocess.run(
        [sys.executable, str(CLIENTS / "generate.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    python = tmp_path / "python" / "parley_client"
    assert differences(python, CLIENTS / "python" / "parley_client") == [], "run `make clients`"
    schema = (tmp_path / "typescript" / "src" / "schema.d.ts").read_text()
    assert schema == (CLIENTS / "typescript" / "src" / "schema.d.ts").read_text(), (
        "run `make clients`"
    )


def test_the_drift_check_sees_a_changed_file(tmp_path):
    """The comparison itself can fail: one changed byte in a copy is reported."""
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(CLIENTS / "python" / "parley_client", copy)
    client = copy / "client.py"
    client.write_text(client.read_text() + "\n")
    assert differences(copy, CLIENTS / "python" / "parley_client") == ["client.py"]
