"""admission indexes: the lookups every new comment makes (issue 11)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 10:40:00+00:00

"Approved here before?" by email and the per-IP rate check scanned the site's comments on each
post; these make them index probes.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_comments_site_author_email", "comments", ["site_id", "author_email"])
    op.create_index("ix_comments_site_ip", "comments", ["site_id", "author_ip_hash", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_comments_site_ip", table_name="comments")
    op.drop_index("ix_comments_site_author_email", table_name="comments")
