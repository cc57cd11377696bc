"""Contract C4: the logged-in line (/api/v1/me) and provider avatars on comments, https only."""

from tests.builders import make_site, post_comment, read_thread
from tests.identity.flow import bearer, login_token


class TestReadMe:
    async def test_name_avatar_and_provider_label(self, client, outside, stub):
        await make_site(client)
        body = await login_token(client, outside, "github")
        me = (await client.get("/api/v1/me", headers=bearer(body["token"]))).json()
        assert me["display_name"] == "The Octocat"
        assert me["avatar_url"] == "https://avatars.githubusercontent.com/u/583231?v=4"
        assert me["provider"] == "github"
        assert me["provider_label"] == "GitHub"

    async def test_plain_http_picture_is_not_offered(self, client, outside, stub):
        await make_site(client)
        stub.profiles["github"]["user"]["avatar_url"] = "http://insecure.example/a.png"
        body = await login_token(client, outside, "github")
        me = (await client.get("/api/v1/me", headers=bearer(body["token"]))).json()
        assert me["avatar_url"] is None


class TestCommentAvatars:
    async def test_verified_commenter_gets_the_provider_picture(self, client, outside, stub):
        await make_site(client)
        body = await login_token(client, outside, "github")
        await post_comment(client, headers=bearer(body["token"]), author_name=None)
        await post_comment(client, "A guest")
        comments = (await read_thread(client))["comments"]
        by_name = {c["author"]["name"]: c["author"]["avatar_url"] for c in comments}
        assert by_name["The Octocat"] == "https://avatars.githubusercontent.com/u/583231?v=4"
        assert by_name["Ada"].endswith(".svg")

    async def test_http_picture_falls_back_to_the_identicon(self, client, outside, stub):
        await make_site(client)
        stub.profiles["github"]["user"]["avatar_url"] = "http://insecure.example/a.png"
        body = await login_token(client, outside, "github")
        await post_comment(client, headers=bearer(body["token"]), author_name=None)
        author = (await read_thread(client))["comments"][0]["author"]
        assert author["avatar_url"].startswith("http://testserver/api/v1/avatars/")
