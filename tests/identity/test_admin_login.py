"""Moderators log in to /admin through the same OAuth popup as commenters: Parley's own origin
is accepted for the popup's postMessage, and the session token then acts as a moderator's."""

from app.identity.models import Moderator
from tests.builders import make_site
from tests.identity.conftest import PARLEY_BASE_URL
from tests.identity.flow import bearer, login, new_verifier, open_login, redeem


class TestAdminPopupLogin:
    async def test_parley_origin_gets_the_code_and_a_moderator_session(self, app, client, outside):
        await make_site(client)
        verifier = new_verifier()
        popup = await login(client, outside, "testop", verifier=verifier, origin=PARLEY_BASE_URL)
        assert popup.origin == PARLEY_BASE_URL
        token = (await redeem(client, popup.code, verifier)).json()
        async with app.state.database.write_sessions() as session:
            session.add(Moderator(site_id="blog", identity_id=token["identity"]["id"]))
            await session.commit()
        me = await client.get("/api/v1/admin/me", headers=bearer(token["token"]))
        assert me.status_code == 200, me.text
        assert me.json()["role"] == "moderator"
        assert me.json()["site_ids"] == ["blog"]

    async def test_other_origins_are_still_refused(self, client):
        await make_site(client)
        response = await open_login(client, "testop", origin="https://testserver.evil.example")
        assert response.status_code == 403
