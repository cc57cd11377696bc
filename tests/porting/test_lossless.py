"""Guards: every column of what a site owns is either in the export or deliberately left out,
so a column added later cannot silently fall out of exports."""

import pytest
from pydantic import BaseModel
from sqlalchemy import inspect

from app.admission.models import Ban
from app.comments.models import Comment, Thread, Vote
from app.db.base import Base
from app.identity.models import Identity, Moderator
from app.porting.parley_json import (
    AuditDoc,
    BanDoc,
    CommentDoc,
    IdentityDoc,
    ModeratorDoc,
    SiteDoc,
    ThreadDoc,
    VoteDoc,
)
from app.sites.audit import AuditEntry
from app.sites.models import Site

# column → how the export carries it (or why it does not)
REPLACED = {
    "id": "database ids are not exported; references use keys",
    "site_id": "the site is the document",
    "thread_id": "comments follow their thread record",
    "parent_id": "parent (a comment key)",
    "root_id": "derived from parent",
    "depth": "derived from parent",
    "identity_id": "identity (provider:subject)",
    "source_id": "key",
    "comment_id": "comment (a key) / the comment a vote belongs to",
    "pinned_comment_id": "pinned (a comment key)",
    "version": "a cache key, recomputed",
    "updated_at": "bookkeeping, not content",
    "voter_key": "voter",
    "name_key": "derived from display_name",
}
CASES: list[tuple[type[Base], type[BaseModel]]] = [
    (Site, SiteDoc),
    (Identity, IdentityDoc),
    (Moderator, ModeratorDoc),
    (Ban, BanDoc),
    (Thread, ThreadDoc),
    (Comment, CommentDoc),
    (Vote, VoteDoc),
    (AuditEntry, AuditDoc),
]


@pytest.mark.parametrize(("model", "doc"), CASES, ids=[m.__name__ for m, _ in CASES])
def test_every_column_is_exported_or_accounted_for(model: type[Base], doc: type[BaseModel]) -> None:
    columns = {column.key for column in inspect(model).columns}
    missing = columns - set(doc.model_fields) - set(REPLACED)
    assert not missing, f"{model.__name__} columns not in the export format: {missing}"
