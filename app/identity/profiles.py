"""Pure mapping of each provider's documented profile JSON to one identity shape. No I/O here."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

MAX_NAME = 100
MAX_SUBJECT = 255
MAX_URL = 1000
MAX_EMAIL = 254


class ProfileError(ValueError):
    """The provider's answer lacks what an identity needs (a stable subject)."""


@dataclass(frozen=True)
class Profile:
    """What Parley keeps of a profile; `email` only when the provider says it is verified."""

    provider: str
    subject: str
    name: str
    avatar_url: str | None = None
    profile_url: str | None = None
    email: str | None = None


def _text(value: Any) -> str:
    return "".join(ch for ch in str(value) if ch.isprintable()).strip() if value else ""


def _web_url(value: Any) -> str | None:
    """Keep only http(s) URLs: they end up in `src` and `href` attributes of somebody's blog."""
    text = _text(value)
    if not text or len(text) > MAX_URL:
        return None
    parts = urlsplit(text)
    return text if parts.scheme in ("http", "https") and parts.netloc else None


def _email(value: Any, verified: Any) -> str | None:
    text = _text(value)
    if not (verified is True or verified == "true") or "@" not in text or len(text) > MAX_EMAIL:
        return None
    return text


def make_profile(
    provider: str,
    subject: Any,
    names: Sequence[Any],
    *,
    avatar_url: Any = None,
    profile_url: Any = None,
    email: str | None = None,
) -> Profile:
    """A cleaned profile: the first non-empty name, bounded lengths, only web URLs."""
    sub = _text(subject)
    if not sub or len(sub) > MAX_SUBJECT:
        raise ProfileError(f"{provider}: the profile has no usable subject id")
    name = next((text for text in map(_text, names) if text), "") or f"{provider} user"
    return Profile(
        provider=provider,
        subject=sub,
        name=name[:MAX_NAME],
        avatar_url=_web_url(avatar_url),
        profile_url=_web_url(profile_url),
        email=email,
    )


def _as_mapping(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ProfileError(f"{what}: expected a JSON object")
    return value


def map_github(user: Any, emails: Any) -> Profile:
    """GitHub `GET /user` and `GET /user/emails`: the primary address, if verified."""
    user = _as_mapping(user, "github /user")
    primary = next(
        (
            entry
            for entry in (emails if isinstance(emails, list) else [])
            if isinstance(entry, Mapping) and entry.get("primary")
        ),
        {},
    )
    return make_profile(
        "github",
        user.get("id"),
        [user.get("name"), user.get("login")],
        avatar_url=user.get("avatar_url"),
        profile_url=user.get("html_url"),
        email=_email(primary.get("email"), primary.get("verified")),
    )


def map_oidc(provider: str, claims: Any) -> Profile:
    """Standard OpenID Connect claims (id_token and/or userinfo)."""
    claims = _as_mapping(claims, f"{provider} claims")
    full_name = " ".join(_text(claims.get(k)) for k in ("given_name", "family_name")).strip()
    return make_profile(
        provider,
        claims.get("sub"),
        [claims.get("name"), full_name, claims.get("preferred_username"), claims.get("nickname")],
        avatar_url=claims.get("picture"),
        profile_url=claims.get("profile"),
        email=_email(claims.get("email"), claims.get("email_verified")),
    )


def map_google(claims: Any) -> Profile:
    """Google's id_token claims: `sub`, `name`, `picture`, `email` + `email_verified`."""
    return map_oidc("google", claims)


def map_microsoft(claims: Any) -> Profile:
    """Microsoft identity platform v2 id_token claims.

    Its `email` claim is not verified by default; keep it only when the optional `xms_edov`
    (email domain owner verified) or a standard `email_verified` claim vouches for it.
    """
    claims = _as_mapping(claims, "microsoft claims")
    verified = claims.get("email_verified") is True or claims.get("xms_edov") in (True, "1", 1)
    return make_profile(
        "microsoft",
        claims.get("sub"),
        [claims.get("name"), claims.get("preferred_username")],
        email=_email(claims.get("email"), verified),
    )


def map_facebook(me: Any) -> Profile:
    """Graph API `GET /me?fields=id,name,picture,link`.

    Facebook does not say whether the `email` field was verified, so it is never kept.
    """
    me = _as_mapping(me, "facebook /me")
    picture = me.get("picture")
    data = picture.get("data") if isinstance(picture, Mapping) else None
    return make_profile(
        "facebook",
        me.get("id"),
        [me.get("name")],
        avatar_url=data.get("url") if isinstance(data, Mapping) else None,
        profile_url=me.get("link"),
    )


def map_twitter(body: Any) -> Profile:
    """X API v2 `GET /2/users/me?user.fields=profile_image_url`: `{"data": {...}}`; no email."""
    data = _as_mapping(_as_mapping(body, "x users/me").get("data"), "x users/me data")
    username = _text(data.get("username"))
    return make_profile(
        "twitter",
        data.get("id"),
        [data.get("name"), username],
        avatar_url=data.get("profile_image_url"),
        profile_url=f"https://x.com/{quote(username, safe='')}" if username else None,
    )


def map_wordpress(me: Any) -> Profile:
    """WordPress.com REST v1 `GET /me`: `ID`, `display_name`, `avatar_URL`, `email_verified`."""
    me = _as_mapping(me, "wordpress /me")
    return make_profile(
        "wordpress",
        me.get("ID"),
        [me.get("display_name"), me.get("username")],
        avatar_url=me.get("avatar_URL"),
        profile_url=me.get("profile_URL"),
        email=_email(me.get("email"), me.get("email_verified")),
    )
