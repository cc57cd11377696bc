"""The full authorization-code + PKCE flow against a real OpenID Connect provider."""

from tests.builders import SITE_ORIGIN, make_site, post_comment, read_thread
from tests.identity.flow import bearer, login, login_token, new_verifier, redeem


class TestFullFlow:
    async def test_login_comment_logout(self, client, outside):
        await make_site(client)
        verifier = new_verifier()
        popup = await login(client, outside, "testop", verifier=verifier, as_user="alice")
        assert popup.response.status_code == 200
        assert popup.origin == SITE_ORIGIN
        token_response = await redeem(client, popup.code, verifier)
        assert token_response.status_code == 200, token_response.text
        body = token_response.json()
        assert body["identity"]["provider"] == "testop"
        assert body["identity"]["name"] == "Test User alice"
        token = body["token"]

        me = await client.get("/api/v1/me", headers=bearer(token))
        assert me.status_code == 200, me.text
        assert me.json()["site"] == "blog"
        assert me.json()["moderator"] is False

        comment = await post_comment(client, "Logged in!", headers=bearer(token))
        assert comment["author"]["verified"] is True
        assert comment["author"]["provider"] == "testop"
        assert comment["author"]["name"] == "Test User alice"
        thread = await read_thread(client)
        assert thread["comments"][0]["author"]["identity_id"] == body["identity"]["id"]

        assert (await client.post("/api/v1/auth/logout", headers=bearer(token))).status_code == 204
        after = await client.get("/api/v1/me", headers=bearer(token))
        assert after.status_code == 401
        assert after.json()["type"] == "/problems/unauthorized"

    async def test_returning_user_is_the_same_identity(self, client, outside):
        await make_site(client)
        first = await login_token(client, outside, as_user="bob")
        second = await login_token(client, outside, as_user="bob")
        assert first["identity"]["id"] == second["identity"]["id"]
        assert first["token"] != second["token"]
