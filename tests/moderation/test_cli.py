"""`python -m app.cli token create|list|revoke` against the test database."""

import subprocess

from tests.builders import ADMIN, make_site, post_comment
from tests.cli import run_cli
from tests.moderation.conftest import admin_path, bearer


async def _cli(settings, *args: str) -> subprocess.CompletedProcess[str]:
    return await run_cli(settings, "token", *args)


class TestTokenCommands:
    async def test_create_list_revoke(self, client, settings):
        await make_site(client)
        created = await _cli(settings, "create", "--name", "deploy", "--site", "blog")
        assert created.returncode == 0, created.stderr
        token = created.stdout.strip()
        assert "shown once" in created.stderr
        assert (
            await client.get(admin_path("blog", "/comments"), headers=bearer(token))
        ).status_code == 200
        assert (
            await client.get(admin_path("nosuch", "/comments"), headers=bearer(token))
        ).status_code == 403
        listed = await _cli(settings, "list")
        row = listed.stdout.splitlines()[1].split("\t")
        assert row[1:3] == ["deploy", "blog"]
        assert row[4] != "-"  # last used
        assert token not in listed.stdout
        revoked = await _cli(settings, "revoke", row[0])
        assert revoked.returncode == 0, revoked.stderr
        assert (
            await client.get(admin_path("blog", "/comments"), headers=bearer(token))
        ).status_code == 401

    async def test_unknown_site_and_token_fail_cleanly(self, client, settings):
        result = await _cli(settings, "create", "--name", "x", "--site", "nosuch")
        assert result.returncode == 1
        assert "nosuch" in result.stderr
        assert (await _cli(settings, "revoke", "4242")).returncode == 1


class TestCommentCommands:
    async def test_approve_from_the_cli_is_the_queues_action(self, client, settings):
        await make_site(client, moderation="all")
        pending = await post_comment(client)
        result = await run_cli(
            settings, "comment", "approve", "--site", "blog", str(pending["id"]), "4242"
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == [
            f"done\t{pending['id']}",
            "skipped\t-",
            "missing\t4242",
        ]
        read = await client.get(admin_path("blog", f"/comments/{pending['id']}"), headers=ADMIN)
        assert read.json()["status"] == "approved"
        audit = await client.get(admin_path("blog", "/audit"), headers=ADMIN)
        entry = audit.json()["entries"][0]
        assert (entry["actor"], entry["action"]) == ("cli", "comment.approve")
