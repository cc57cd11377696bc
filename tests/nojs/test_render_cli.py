"""`python -m app.cli render`: the fragment for static sites, equal to the endpoint's."""

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.comments import formtoken
from app.comments.html import file_name
from app.config import Settings
from tests import dbs
from tests.builders import POST_URL, SITE_ORIGIN, make_site, post_comment
from tests.conftest import make_settings

TOKEN = re.compile(r'name="parley_token" value="[^"]*"')


@pytest.fixture
def settings(database_url, tmp_path) -> Settings:
    return make_settings(database_url, tmp_path, base_url="http://testserver")


async def _render_cli(settings: Settings, *args: str) -> str:
    done = await run_cli_with_base(settings, "render", "--site", "blog", *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


async def run_cli_with_base(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    """As tests.cli.run_cli, with the public base URL the fragment links to."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env |= {
        "PARLEY_DATABASE_URL": settings.database_url,
        "PARLEY_DATA_DIR": str(settings.data_dir),
        "PARLEY_SECRET_KEY": settings.secret_key.get_secret_value(),
        "PARLEY_BASE_URL": "http://testserver",
    }
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "app.cli", *args],
        cwd=dbs.ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


class TestRender:
    async def test_equals_the_endpoint_but_for_the_token(self, client, settings):
        await make_site(client)
        first = await post_comment(client, "first")
        await post_comment(client, "reply", parent_id=first["id"])
        printed = await _render_cli(settings, "--url", POST_URL)
        served = await client.get("/api/v1/sites/blog/thread.html", params={"url": POST_URL})
        assert TOKEN.sub("", printed) == TOKEN.sub("", served.text)
        (static,) = TOKEN.findall(printed)
        value = static.split('value="')[1].rstrip('"')
        elapsed = formtoken.elapsed_ms(settings.resolved_secret_key(), "blog", value)
        assert elapsed == formtoken.UNTIMED

    async def test_a_static_pages_form_posts(self, client, settings):
        await make_site(client)
        printed = await _render_cli(settings, "--url", POST_URL)
        token = TOKEN.findall(printed)[0].split('value="')[1].rstrip('"')
        response = await client.post(
            "/api/v1/sites/blog/comment-form",
            data={
                "comment": "from a static page",
                "author": "Ada",
                "email": "ada@example.org",
                "post_url": POST_URL,
                "parley_token": token,
            },
        )
        assert response.status_code == 303

    async def test_all_writes_every_thread(self, client, settings, tmp_path):
        await make_site(client)
        await post_comment(client, "one")
        await post_comment(client, "two", url=f"{SITE_ORIGIN}/about")
        await post_comment(client, "home", url=f"{SITE_ORIGIN}/")
        out = tmp_path / "out"
        listing = await _render_cli(settings, "--all", "--out", str(out))
        assert len(listing.splitlines()) == 3
        written = sorted(str(p.relative_to(out)) for p in out.rglob("*.html"))
        assert written == ["2026/hello-world.html", "about.html", "index.html"]
        assert "two" in (out / "about.html").read_text()
        assert 'data-parley-url="https://blog.example/about"' in (out / "about.html").read_text()

    async def test_all_needs_out(self, settings):
        done = await run_cli_with_base(settings, "render", "--site", "blog", "--all")
        assert done.returncode == 2

    async def test_unknown_site(self, settings):
        done = await run_cli_with_base(settings, "render", "--site", "nope", "--url", POST_URL)
        assert done.returncode == 1
        assert "No site" in done.stderr


class TestFileNames:
    def test_names_stay_inside_the_directory(self):
        taken: set[str] = set()
        names = [
            file_name("https://blog.example/a/../../etc/passwd", taken),
            file_name("https://blog.example/%2e%2e/x", taken),
            file_name("https://blog.example/a?p=1", taken),
            file_name("https://other.example/about", taken),
            file_name("https://blog.example/about", taken),
        ]
        for name in names:
            assert not Path(name).is_absolute()
            assert ".." not in Path(name).parts
        assert names[3] == "about.html"
        assert names[4].startswith("about--") and names[4] != names[3]
        assert names[2].startswith("a--")
