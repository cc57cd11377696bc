"""Security fixtures: two sites and one credential of every kind the authorization table names."""

from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI

from tests.builders import ADMIN, make_site
from tests.moderation.conftest import bearer, make_identity, make_moderator, make_token

OTHER_ORIGIN = "https://other.example"


@dataclass
class Credentials:
    """Authorization headers by kind, for site 'blog' (and 'other', the foreign site)."""

    headers: dict[str, dict[str, str]]
    blog_moderator_id: int
    commenter_id: int
    other_moderator_id: int
    widget_moderator_id: int


@pytest.fixture
async def creds(app: FastAPI, client: httpx.AsyncClient) -> Credentials:
    await make_site(client, "blog")
    await make_site(client, "other", origins=[OTHER_ORIGIN])
    blog_token = (await make_token(client, "blog owner", "blog"))["token"]
    other_token = (await make_token(client, "other owner", "other"))["token"]
    moderator_id, moderator = await make_identity(app, "blog", name="Mo", email="mo@example.org")
    await make_moderator(app, "blog", moderator_id)
    foreign_id, foreign = await make_identity(app, "other", name="Fo", email="fo@example.org")
    await make_moderator(app, "other", foreign_id)
    commenter_id, commenter = await make_identity(
        app, "blog", name="Cy", email="cy@example.org", scope="commenter"
    )
    # 23.4: the blog's moderator, logged in through the comment widget (a commenter session).
    widget_id, widget = await make_identity(
        app, "blog", name="Wi", email="wi@example.org", scope="commenter"
    )
    await make_moderator(app, "blog", widget_id)
    return Credentials(
        headers={
            "none": {},
            "malformed": {"Authorization": "Bearer not-a-token"},
            "other_site_token": bearer(other_token),
            "commenter": bearer(commenter),
            "widget_moderator": bearer(widget),
            "moderator": bearer(moderator),
            "other_site_moderator": bearer(foreign),
            "site_token": bearer(blog_token),
            "root": ADMIN,
        },
        blog_moderator_id=moderator_id,
        commenter_id=commenter_id,
        other_moderator_id=foreign_id,
        widget_moderator_id=widget_id,
    )
