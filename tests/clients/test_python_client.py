"""The generated Python client (clients/python) against a live server: the README's calls."""

import json

from parley_client import AuthenticatedClient, Client
from parley_client.api.comments import (
    comments_create_comment,
    comments_read_counts,
    comments_read_thread,
)
from parley_client.api.moderation import (
    moderation_act_on_comment,
    moderation_create_ban,
    moderation_list_queue,
)
from parley_client.api.porting import porting_export_file
from parley_client.api.sites import sites_create_site
from parley_client.models import (
    Action,
    BanCreate,
    BanKind,
    CommentCreate,
    CommentCreated,
    CommentStatus,
    CountsRead,
    ForbiddenProblemType,
    ModerationMode,
    NotFoundProblemType,
    Problem,
    QueuePage,
    SiteCreate,
    SiteRead,
    ThreadPage,
)

from tests.clients.conftest import ADMIN_TOKEN

ORIGIN = "https://py.example"


def test_the_readme_walkthrough(server):
    with (
        AuthenticatedClient(base_url=server, token=ADMIN_TOKEN) as admin,
        Client(base_url=server) as public,
    ):
        walkthrough(admin, public)


def walkthrough(admin: AuthenticatedClient, public: Client) -> None:
    site = sites_create_site.sync(
        client=admin,
        body=SiteCreate(id="py-blog", name="Py", origins=[ORIGIN], moderation=ModerationMode.ALL),
    )
    assert isinstance(site, SiteRead)
    assert site.moderation == ModerationMode.ALL

    created = comments_create_comment.sync(
        "py-blog",
        client=public,
        body=CommentCreate(
            url=f"{ORIGIN}/hello", body="First!", author_name="Ann", author_email="ann@py.example"
        ),
    )
    assert isinstance(created, CommentCreated)
    assert created.status == CommentStatus.PENDING
    assert created.edit_token

    queue = moderation_list_queue.sync("py-blog", client=admin, status=CommentStatus.PENDING)
    assert isinstance(queue, QueuePage)
    assert [item.id for item in queue.comments] == [created.id]
    approved = moderation_act_on_comment.sync("py-blog", created.id, Action.APPROVE, client=admin)
    assert approved is not None and not isinstance(approved, Problem)

    thread = comments_read_thread.sync("py-blog", client=public, url_query=f"{ORIGIN}/hello")
    assert isinstance(thread, ThreadPage)
    assert [c.body_html for c in thread.comments] == ["<p>First!</p>"]

    urls = [f"{ORIGIN}/hello", f"{ORIGIN}/other"]
    counts = comments_read_counts.sync("py-blog", client=public, url_query=urls)
    assert isinstance(counts, CountsRead)
    assert counts.counts.to_dict() == {f"{ORIGIN}/hello": 1, f"{ORIGIN}/other": 0}

    ban = moderation_create_ban.sync(
        "py-blog", client=admin, body=BanCreate(kind=BanKind.EMAIL, email="ann@py.example")
    )
    assert ban is not None and not isinstance(ban, Problem)
    refused = comments_create_comment.sync_detailed(
        "py-blog",
        client=public,
        body=CommentCreate(
            url=f"{ORIGIN}/hello", body="Again", author_name="Ann", author_email="ann@py.example"
        ),
    )
    assert refused.status_code == 403
    assert isinstance(refused.parsed, Problem)
    assert refused.parsed.type_ == ForbiddenProblemType.BANNED

    export = porting_export_file.sync_detailed("py-blog", client=admin)
    assert export.status_code == 200
    document = json.loads(export.content)
    assert "ann@py.example" in json.dumps(document)  # the comment's author and the ban


def test_problems_are_matched_by_their_named_types(server):
    with Client(base_url=server) as public:
        missing = comments_read_thread.sync_detailed(
            "no-such-site", client=public, url_query="https://x.example/p"
        )
    assert missing.status_code == 404
    assert isinstance(missing.parsed, Problem)
    assert missing.parsed.type_ == NotFoundProblemType.NOT_FOUND
