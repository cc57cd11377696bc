"""Each built-in provider, end to end against a local HTTP stub serving its documented JSON."""

from typing import Any

import pytest
from sqlalchemy import select

from app.db.session import Database
from app.identity.deps import IdentityRuntime
from app.identity.models import Identity
from app.identity.providers import build_registry
from tests.builders import make_site
from tests.identity.flow import bearer, login, login_token, new_verifier
from tests.identity.stub_providers import CLIENT_ID, TOKEN_AUTH
from tests.parts import part, replace_part


async def stored_identity(app, provider: str) -> Identity:
    async with part(app, Database).read_sessions() as session:
        query = select(Identity).where(Identity.provider == provider)
        identity: Identity = (await session.scalars(query)).one()
        return identity


def token_request(stub, provider: str) -> dict[str, Any]:
    return next(r for r in stub.requests if r["path"] == f"/{provider}/token")


class TestBuiltInProfiles:
    @pytest.mark.parametrize(
        ("provider", "expected"),
        [
            (
                "github",
                {
                    "subject": "583231",
                    "display_name": "The Octocat",
                    "avatar_url": "https://avatars.githubusercontent.com/u/583231?v=4",
                    "profile_url": "https://github.com/octocat",
                    "email": "octocat@github.com",
                },
            ),
            (
                "google",
                {
                    "subject": "110169484474386276334",
                    "display_name": "Jane Doe",
                    "avatar_url": "https://lh3.googleusercontent.com/a/ACg8ocJ=s96-c",
                    "profile_url": None,
                    "email": "jane.doe@gmail.com",
                },
            ),
            (
                "facebook",
                {
                    "subject": "10158291234567890",
                    "display_name": "Sam Page",
                    "avatar_url": "https://platform-lookaside.fbsbx.com/platform/profilepic/?asid=1",
                    "profile_url": "https://www.facebook.com/app_scoped_user_id/10158291234567890/",
                    "email": None,  # Facebook never says the address was verified
                },
            ),
            (
                "twitter",
                {
                    "subject": "2244994945",
                    "display_name": "Developers",
                    "avatar_url": "https://pbs.twimg.com/profile_images/1/dev_normal.jpg",
                    "profile_url": "https://x.com/XDevelopers",
                    "email": None,
                },
            ),
            (
                "wordpress",
                {
                    "subject": "18342963",
                    "display_name": "Matt Press",
                    "avatar_url": "https://0.gravatar.com/avatar/abc?s=96&d=identicon",
                    "profile_url": "https://gravatar.com/mattpress",
                    "email": "matt@example.com",
                },
            ),
            (
                "microsoft",
                {
                    "subject": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
                    "display_name": "Megan Bowen",
                    "avatar_url": None,
                    "profile_url": None,
                    "email": None,  # Microsoft's email claim is unverified unless xms_edov says so
                },
            ),
        ],
    )
    async def test_profile_mapping(self, app, client, outside, stub, provider, expected):
        await make_site(client)
        body = await login_token(client, outside, provider)
        identity = await stored_identity(app, provider)
        assert {key: getattr(identity, key) for key in expected} == expected
        assert body["identity"] == {
            "id": identity.id,
            "provider": provider,
            "name": expected["display_name"],
            "avatar_url": expected["avatar_url"],
            "profile_url": expected["profile_url"],
        }
        me = await client.get("/api/v1/me", headers=bearer(body["token"]))
        assert me.json()["provider"] == provider

    @pytest.mark.parametrize("provider", sorted(TOKEN_AUTH))
    async def test_pkce_and_client_authentication(self, client, outside, stub, provider):
        await make_site(client)
        await login_token(client, outside, provider)
        authorize = next(r for r in stub.requests if r["path"] == f"/{provider}/authorize")
        assert authorize["query"]["code_challenge_method"] == "S256"
        assert authorize["query"]["client_id"] == CLIENT_ID
        assert authorize["query"]["redirect_uri"] == f"http://testserver/auth/{provider}/callback"
        assert token_request(stub, provider)["auth_method"] == TOKEN_AUTH[provider]
        assert token_request(stub, provider)["form"]["code_verifier"]

    async def test_github_unverified_primary_email_is_dropped(self, app, client, outside, stub):
        stub.profiles["github"]["emails"] = [
            {"email": "octocat@github.com", "verified": False, "primary": True},
            {"email": "other@example.com", "verified": True, "primary": False},
        ]
        stub.profiles["github"]["user"]["name"] = None
        await make_site(client)
        await login_token(client, outside, "github")
        identity = await stored_identity(app, "github")
        assert identity.email is None
        assert identity.display_name == "octocat"  # falls back to the login

    async def test_google_unverified_email_is_dropped(self, app, client, outside, stub):
        stub.profiles["google"]["email_verified"] = False
        await make_site(client)
        await login_token(client, outside, "google")
        assert (await stored_identity(app, "google")).email is None

    async def test_microsoft_email_kept_when_domain_owner_verified(
        self, app, client, outside, stub
    ):
        stub.profiles["microsoft"]["xms_edov"] = True
        await make_site(client)
        await login_token(client, outside, "microsoft")
        assert (await stored_identity(app, "microsoft")).email == "megan@contoso.example"

    async def test_wordpress_unverified_email_is_dropped(self, app, client, outside, stub):
        stub.profiles["wordpress"]["email_verified"] = False
        await make_site(client)
        await login_token(client, outside, "wordpress")
        assert (await stored_identity(app, "wordpress")).email is None

    async def test_facebook_asks_only_for_kept_fields(self, client, outside, stub):
        await make_site(client)
        await login_token(client, outside, "facebook")
        me = next(r for r in stub.requests if r["path"] == "/facebook/api/me")
        assert me["query"]["fields"] == "id,name,picture,link"

    async def test_profile_refreshed_on_next_login(self, app, client, outside, stub):
        await make_site(client)
        first = await login_token(client, outside, "twitter")
        stub.profiles["twitter"]["data"]["name"] = "Renamed"
        second = await login_token(client, outside, "twitter")
        assert second["identity"]["id"] == first["identity"]["id"]
        assert second["identity"]["name"] == "Renamed"
        assert (await stored_identity(app, "twitter")).display_name == "Renamed"

    async def test_script_urls_are_never_kept(self, app, client, outside, stub):
        stub.profiles["wordpress"]["profile_URL"] = "javascript:alert(1)"
        stub.profiles["wordpress"]["avatar_URL"] = "data:image/svg+xml,<svg onload=alert(1)>"
        await make_site(client)
        body = await login_token(client, outside, "wordpress")
        assert body["identity"]["profile_url"] is None
        assert body["identity"]["avatar_url"] is None


class TestProviderFailures:
    @pytest.mark.parametrize(
        ("provider", "failure", "error"),
        [
            ("github", "token", "provider_error"),
            ("twitter", "profile", "provider_unavailable"),
            ("google", "id_token_nonce", "provider_error"),
            ("google", "id_token_issuer", "provider_error"),
            ("microsoft", "id_token_issuer", "provider_error"),
        ],
    )
    async def test_provider_failure_is_a_login_error(
        self, app, client, outside, stub, provider, failure, error
    ):
        stub.failures[provider] = failure
        await make_site(client)
        popup = await login(client, outside, provider, verifier=new_verifier())
        assert popup.response.status_code == 400
        assert popup.message == {"type": "parley:login-error", "error": error}
        async with part(app, Database).read_sessions() as session:
            assert (await session.scalars(select(Identity))).all() == []

    async def test_profile_without_subject_is_a_login_error(self, client, outside, stub):
        del stub.profiles["facebook"]["id"]
        await make_site(client)
        popup = await login(client, outside, "facebook", verifier=new_verifier())
        assert popup.message == {"type": "parley:login-error", "error": "provider_error"}

    async def test_unreachable_provider(self, app, client, stub):
        await make_site(client)
        runtime = part(app, IdentityRuntime)
        endpoints = stub.endpoints()
        endpoints["google"] = {"server_metadata_url": "http://127.0.0.1:9/.well-known/x"}
        registry = build_registry(runtime.settings, endpoints=endpoints)
        replace_part(app, IdentityRuntime(runtime.settings, registry))
        started = await client.get(
            "/auth/google/login",
            params={"site": "blog", "origin": "https://blog.example", "challenge": "a" * 43},
        )
        assert started.status_code == 502
        assert "cannot be reached" in started.text
