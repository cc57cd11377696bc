"""`python -m app.cli site show|set|origins|spam`: every setting from the command line, run for real."""

import json
import subprocess

from tests.builders import ADMIN, SITE_ID, make_site
from tests.cli import run_cli


async def _site(settings, *args: str) -> subprocess.CompletedProcess[str]:
    return await run_cli(settings, "site", *args)


async def _read(client) -> dict:
    response = await client.get(f"/api/v1/admin/sites/{SITE_ID}", headers=ADMIN)
    assert response.status_code == 200
    return response.json()


class TestSiteShow:
    async def test_prints_every_setting_as_json(self, client, settings):
        await make_site(client)
        shown = await _site(settings, "show", SITE_ID)
        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout) == await _read(client)

    async def test_unknown_site_is_an_error(self, client, settings):
        shown = await _site(settings, "show", "nope")
        assert shown.returncode == 1
        assert "nope" in shown.stderr


class TestSiteSet:
    async def test_sets_many_settings_at_once_and_audits(self, client, settings):
        await make_site(client)
        done = await _site(
            settings,
            "set",
            SITE_ID,
            "moderation=all",
            "guest_policy=anonymous",
            "edit_window_seconds=60",
            "max_depth=2",
            "closed=true",
            "name=My Blog",
            "notify_emails=a@example.org,b@example.org",
            "notify_on=all",
            "disabled_providers=github",
        )
        assert done.returncode == 0, done.stderr
        site = await _read(client)
        assert (site["moderation"], site["guest_policy"], site["closed"]) == (
            "all",
            "anonymous",
            True,
        )
        assert (site["edit_window_seconds"], site["max_depth"], site["name"]) == (60, 2, "My Blog")
        assert site["notify_emails"] == ["a@example.org", "b@example.org"]
        assert site["notify_on"] == "all"
        assert site["disabled_providers"] == ["github"]
        audit = await client.get(f"/api/v1/admin/sites/{SITE_ID}/audit", headers=ADMIN)
        entry = audit.json()["entries"][0]
        assert (entry["action"], entry["actor"]) == ("site.update", "cli")

    async def test_bad_values_and_keys_are_refused_with_a_line(self, client, settings):
        await make_site(client)
        bad = await _site(settings, "set", SITE_ID, "moderation=sometimes")
        assert bad.returncode == 2
        assert "moderation" in bad.stderr
        unknown = await _site(settings, "set", SITE_ID, "colour=blue")
        assert unknown.returncode == 1
        assert "Unknown setting 'colour'" in unknown.stderr
        assert (await _read(client))["moderation"] == "none"

    async def test_oauth_only_without_a_provider_is_refused(self, client, settings):
        await make_site(client)
        refused = await _site(settings, "set", SITE_ID, "guest_policy=oauth_only")
        assert refused.returncode == 1
        assert "login provider" in refused.stderr

    async def test_a_mistyped_provider_is_refused_as_by_the_api(self, client, settings):
        await make_site(client)
        typo = await _site(settings, "set", SITE_ID, "disabled_providers=githbu")
        assert typo.returncode == 1
        assert "Unknown login provider 'githbu'" in typo.stderr
        assert (await _read(client))["disabled_providers"] == []


class TestSiteOrigins:
    async def test_add_and_remove(self, client, settings):
        await make_site(client)
        added = await _site(settings, "origins", "add", SITE_ID, "https://www.blog.example")
        assert added.returncode == 0, added.stderr
        assert (await _read(client))["origins"] == [
            "https://blog.example",
            "https://www.blog.example",
        ]
        removed = await _site(settings, "origins", "remove", SITE_ID, "https://blog.example")
        assert removed.returncode == 0, removed.stderr
        assert (await _read(client))["origins"] == ["https://www.blog.example"]
        last = await _site(settings, "origins", "remove", SITE_ID, "https://www.blog.example")
        assert last.returncode == 1
        assert "at least one origin" in last.stderr


class TestSiteSpam:
    async def test_changes_checks_and_keeps_the_rest(self, client, settings):
        await make_site(client)
        done = await _site(
            settings,
            "spam",
            SITE_ID,
            "links.max_links=1",
            "duplicates.enabled=true",
            'blocked_words.words=["casino"]',
        )
        assert done.returncode == 0, done.stderr
        spam = (await _read(client))["spam_settings"]
        assert spam["links"]["max_links"] == 1
        assert spam["duplicates"]["enabled"] is True
        assert spam["blocked_words"]["words"] == ["casino"]
        assert spam["honeypot"]["enabled"] is True
        unknown = await _site(settings, "spam", SITE_ID, "links.colour=1")
        assert unknown.returncode == 1
