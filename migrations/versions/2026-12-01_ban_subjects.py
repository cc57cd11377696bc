"""ban subjects: the comment a ban was made from and its author's name (issue 14)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 10:55:00+00:00

A ban row held only a keyed hash, so the moderation page could not say whom it bans. Existing
bans keep an empty name and no comment.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("bans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("comment_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("author_name", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_bans_comment_id_comments"),
            "comments",
            ["comment_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("bans", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_bans_comment_id_comments"), type_="foreignkey")
        batch_op.drop_column("author_name")
        batch_op.drop_column("comment_id")
