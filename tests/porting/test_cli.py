"""`python -m app.cli` end to end, as a site owner runs it (SQLite). Commands run in a worker
thread with their own event loop and explicit settings; one test runs the real module."""

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.config import Settings
from tests import dbs
from tests.porting.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
WXR = FIXTURES / "wordpress-1.2.xml"


class Cli:
    def __init__(self, directory: Path, url: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.directory, self.url, self.capsys = directory, url, capsys
        self.settings = Settings(
            env="test", database_url=url, data_dir=directory, secret_key="cli-test-secret-key"
        )

    async def __call__(self, *args: str, code: int = 0) -> tuple[str, str]:
        self.capsys.readouterr()
        returned = await asyncio.to_thread(main, list(args), self.settings)
        out, err = self.capsys.readouterr()
        assert returned == code, err
        return out, err


async def fresh_cli(directory: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    await asyncio.to_thread(directory.mkdir)
    return Cli(directory, await dbs.migrated_database("sqlite", directory), capsys)


@pytest.fixture
async def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return await fresh_cli(tmp_path / "one", capsys)


class TestCli:
    async def test_sites_and_tokens(self, cli: Cli) -> None:
        out, _ = await cli("site", "create", "demo", "--origin", "http://localhost:8001")
        assert (json.loads(out)["id"], json.loads(out)["origins"]) == (
            "demo",
            ["http://localhost:8001"],
        )
        assert (await cli("site", "list"))[0] == "demo\tdemo\thttp://localhost:8001\n"
        token, _ = await cli("token", "create", "--name", "ci", "--site", "demo")
        assert len(token.strip()) >= 40
        _, err = await cli("site", "create", "demo", "--origin", "http://localhost:8001", code=1)
        assert err == "error: Site 'demo' already exists.\n"

    async def test_import_twice_and_dry_run(self, cli: Cli) -> None:
        await cli("site", "create", "blog", "--origin", "https://new.example")
        args = [
            "import",
            "wordpress",
            str(WXR),
            "--site",
            "blog",
            "--map-origin",
            "https://old.example=https://new.example",
            "--json",
        ]
        dry = json.loads((await cli(*args, "--dry-run"))[0])
        assert (dry["dry_run"], dry["comments"]) == (True, 10)
        first = json.loads((await cli(*args))[0])
        assert (first["comments"], first["skipped"]) == (10, {"pingback": 1, "trackback": 1})
        second = json.loads((await cli(*args))[0])
        assert (second["comments"], second["skipped"]["already-imported"]) == (0, 10)

    async def test_commento_and_a_readable_report(self, cli: Cli, tmp_path: Path) -> None:
        await cli("site", "create", "blog", "--origin", "https://new.example")
        data = json.loads((FIXTURES / "commento.json").read_text())
        data["comments"].append({**data["comments"][0], "commentHex": "c9", "parentHex": "gone"})
        source = tmp_path / "commento.json"
        await asyncio.to_thread(source.write_text, json.dumps(data))
        mapping = ["--map-origin", "https://old.example=https://new.example"]
        out, _ = await cli("import", "commento", str(source), "--site", "blog", *mapping)
        assert out.splitlines()[:3] == [
            "Imported into site 'blog' from commento (tolerant):",
            "  threads:  2 created, 0 existing, 0 skipped, 0 adjusted",
            "  comments: 7 imported, 0 skipped, 1 adjusted",
        ]
        assert "  comment  parent-missing       1  e.g. commento:c9" in out.splitlines()
        _, err = await cli("import", "remark42", str(source), "--site", "blog", "--strict", code=1)
        assert err.startswith("error: Remark42 backup: line 1: not a Remark42 backup")

    async def test_bad_input_is_an_error_and_writes_nothing(self, cli: Cli, tmp_path: Path) -> None:
        await cli("site", "create", "blog", "--origin", "https://new.example")
        bad = tmp_path / "bad.xml"
        data = WXR.read_bytes().replace(b"<wp:comment_parent>12<", b"<wp:comment_parent>99<")
        await asyncio.to_thread(bad.write_bytes, data)
        _, err = await cli("import", "wordpress", str(bad), "--site", "blog", "--strict", code=1)
        assert err == (
            "error: item 1 ('Hello world & friends'), comment 13: "
            "its parent 99 is not in the file\n"
        )
        assert json.loads((await cli("export", "--site", "blog"))[0])["records"] == []

    async def test_export_restore_export(
        self, cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        await cli("site", "create", "blog", "--origin", "https://new.example")
        await cli(
            "import",
            "wordpress",
            str(WXR),
            "--site",
            "blog",
            "--map-origin",
            "https://old.example=https://new.example",
        )
        saved, again = tmp_path / "blog.json", tmp_path / "again.json"
        await cli("export", "--site", "blog", "--output", str(saved))
        other = await fresh_cli(tmp_path / "two", capsys)
        imported = await other("import", "parley", str(saved), "--site", "blog", "--json")
        report = json.loads(imported[0])
        assert (report["site_created"], report["comments"]) == (True, 10)
        await other("export", "--site", "blog", "--output", str(again))
        assert again.read_bytes() == saved.read_bytes()

    async def test_the_module_runs(self, cli: Cli) -> None:
        env = {**os.environ, "PARLEY_DATABASE_URL": cli.url, "PARLEY_DATA_DIR": str(cli.directory)}
        done = await asyncio.to_thread(
            subprocess.run,
            [
                sys.executable,
                "-m",
                "app.cli",
                "site",
                "create",
                "demo",
                "--origin",
                "http://localhost:8001",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["id"] == "demo"

    async def test_a_progress_bar_on_a_terminal(
        self, cli: Cli, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        await cli("site", "create", "blog", "--origin", "https://new.example")
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
        _, err = await cli("import", "wordpress", str(WXR), "--site", "blog", "--dry-run")
        assert "100%|" in err
        assert f"/{WXR.stat().st_size / 1000:.1f}k" in err
