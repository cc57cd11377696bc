"""Pure profile mapping: edge cases of each provider's JSON, without any HTTP."""

import pytest

from app.identity.pages import message_page
from app.identity.profiles import (
    ProfileError,
    map_facebook,
    map_github,
    map_microsoft,
    map_oidc,
    map_twitter,
    map_wordpress,
)


class TestMapping:
    def test_github_without_emails(self):
        profile = map_github({"id": 1, "login": "mona", "name": ""}, [])
        assert (profile.subject, profile.name, profile.email) == ("1", "mona", None)

    def test_github_subject_is_the_numeric_id_not_the_login(self):
        assert map_github({"id": 42, "login": "renamable"}, []).subject == "42"

    def test_oidc_name_fallbacks(self):
        assert map_oidc("kc", {"sub": "s", "given_name": "Ada", "family_name": "L"}).name == "Ada L"
        assert map_oidc("kc", {"sub": "s", "preferred_username": "ada"}).name == "ada"
        assert map_oidc("kc", {"sub": "s"}).name == "kc user"

    @pytest.mark.parametrize("verified", [False, None, "false", 1])
    def test_oidc_email_needs_an_explicit_true(self, verified):
        claims = {"sub": "s", "email": "a@example.org", "email_verified": verified}
        assert map_oidc("kc", claims).email is None

    def test_oidc_email_verified_as_string_true(self):
        claims = {"sub": "s", "email": "a@example.org", "email_verified": "true"}
        assert map_oidc("kc", claims).email == "a@example.org"

    def test_microsoft_xms_edov(self):
        claims = {"sub": "s", "name": "M", "email": "m@contoso.example"}
        assert map_microsoft(claims).email is None
        assert map_microsoft({**claims, "xms_edov": "1"}).email == "m@contoso.example"

    def test_facebook_without_picture_or_link(self):
        profile = map_facebook({"id": "7", "name": "F"})
        assert (profile.avatar_url, profile.profile_url, profile.email) == (None, None, None)

    def test_facebook_email_is_never_kept(self):
        assert map_facebook({"id": "7", "name": "F", "email": "f@example.org"}).email is None

    def test_twitter_username_is_escaped_in_profile_url(self):
        profile = map_twitter({"data": {"id": "1", "username": "a/b", "name": "N"}})
        assert profile.profile_url == "https://x.com/a%2Fb"

    def test_long_and_control_characters_are_trimmed(self):
        profile = map_wordpress({"ID": 5, "display_name": "x\u0000y" + "z" * 300})
        assert profile.name.startswith("xy")
        assert len(profile.name) == 100

    @pytest.mark.parametrize(
        ("mapper", "payload"),
        [
            (lambda p: map_github(p, []), {"login": "no-id"}),
            (lambda p: map_github(p, []), ["not", "an", "object"]),
            (map_twitter, {"errors": [{"title": "Unauthorized"}]}),
            (map_wordpress, {"ID": "x" * 300}),
            (lambda p: map_oidc("kc", p), {"name": "no sub"}),
        ],
    )
    def test_unusable_profiles(self, mapper, payload):
        with pytest.raises(ProfileError):
            mapper(payload)

    @pytest.mark.parametrize(
        "url", ["javascript:alert(1)", "data:text/html,x", "//evil.example/x", "https://", ""]
    )
    def test_only_web_urls_are_kept(self, url):
        profile = map_oidc("kc", {"sub": "s", "picture": url, "profile": url})
        assert (profile.avatar_url, profile.profile_url) == (None, None)


class TestPages:
    def test_message_json_cannot_close_its_script_element(self):
        page = message_page(
            "https://blog.example",
            {"type": "parley:login-error", "error": "</script><script>alert(1)</script>"},
            title="<b>t</b>",
            text="<i>x</i>",
        )
        body = bytes(page.body).decode()
        assert body.count("</script>") == 2  # the data element's and callback.js's own
        assert "<b>" not in body
        assert "<i>" not in body
