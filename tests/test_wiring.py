"""The domains' wiring (app/db/wiring.py, app/assembly.py): registered once, the same for the app
and the CLI, and a change that nobody wired to be announced raises instead of passing silently."""

import argparse

import pytest
from sqlalchemy import func, select

from app import cli
from app.comments import admit, service
from app.comments.events import CommentListeners
from app.comments.schemas import CommentCreate
from app.config import Settings
from app.db.session import Database
from app.db.wiring import MissingWiring, Wiring
from app.live.models import LiveEvent
from app.net import ClientInfo
from tests.builders import POST_URL, SITE_ID, SITE_ORIGIN, make_site

GUEST = ClientInfo(
    ip="192.0.2.7", ip_hash="0" * 64, network="192.0.2.7", origin=SITE_ORIGIN, base_url=""
)


async def _post(database: Database, settings: Settings, body: str) -> int:
    posted = await service.post_comment(
        database,
        SITE_ID,
        CommentCreate(url=POST_URL, body=body, author_name="Ada", author_email="ada@example.org"),
        viewer=None,
        client=GUEST,
        checks=admit.Checks(secret_key=settings.resolved_secret_key(), akismet_endpoint=""),
    )
    return posted.comment.id


async def _live_events(database: Database) -> int:
    async with database.read_sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(LiveEvent)) or 0)


class TestWiring:
    async def test_a_change_nobody_wired_raises(self, client, settings):
        await make_site(client)
        database = Database.from_settings(settings)  # no wiring registered
        try:
            with pytest.raises(MissingWiring, match="CommentListeners"):
                await _post(database, settings, "Nobody hears this.")
        finally:
            await database.dispose()

    async def test_the_cli_announces_changes_as_the_app_does(self, client, settings):
        await make_site(client)
        seen: dict[str, int] = {}

        async def post_from_cli(_: argparse.Namespace, database: Database, s: Settings) -> None:
            seen["comment"] = await _post(database, s, "Posted from the command line.")
            seen["events"] = await _live_events(database)

        await cli._run(post_from_cli, argparse.Namespace(), settings)
        assert seen["events"] == 1  # the live log's listener ran, as it does in the app
        thread = await client.get(f"/api/v1/sites/{SITE_ID}/comments", params={"url": POST_URL})
        assert [c["id"] for c in thread.json()["comments"]] == [seen["comment"]]

    def test_a_kind_is_registered_once(self):
        wiring = Wiring(CommentListeners())
        with pytest.raises(ValueError, match="already"):
            wiring.register(CommentListeners())
        assert wiring.find(ClientInfo) is None
        with pytest.raises(MissingWiring):
            wiring.require(ClientInfo)
