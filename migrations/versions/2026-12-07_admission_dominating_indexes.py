"""admission indexes: the author's, holding the site and status a post's checks filter on

Revision ID: 0014
Revises: 0013_b
Create Date: 2026-12-07 23:05:00+00:00

The admission query's checks on a site's comments (a guest's name owned by a verified commenter
here, "approved here before?" by identity or by email) probe their author's index. These indexes
also hold the site and the status the checks compare, which SQLite probes with them (a covering
index); on PostgreSQL they are filters, and which index it may take at all is settled in the query
(app/comments/admit.py), since with no or stale statistics it rates every probe of two equalities
alike.
`(identity_id, …)` still serves what asked `identity_id` alone (an identity's erasure, its
sessions' comments).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013_b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_comments_identity_site_status", "comments", ["identity_id", "site_id", "status"]
    )
    op.drop_index("ix_comments_identity_id", table_name="comments")
    op.create_index(
        "ix_comments_site_email_status", "comments", ["site_id", "author_email", "status"]
    )
    op.drop_index("ix_comments_site_author_email", table_name="comments")


def downgrade() -> None:
    op.create_index("ix_comments_site_author_email", "comments", ["site_id", "author_email"])
    op.drop_index("ix_comments_site_email_status", table_name="comments")
    op.create_index("ix_comments_identity_id", "comments", ["identity_id"])
    op.drop_index("ix_comments_identity_site_status", table_name="comments")
