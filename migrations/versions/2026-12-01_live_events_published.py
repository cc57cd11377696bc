"""live events published: PostgreSQL posts stop holding their thread's lock (issue 11)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 16:30:00+00:00

On PostgreSQL a post's live event is written unpublished in the post's transaction and gets its
final id after the commit, under the thread's advisory lock (app/live/publish.py); readers see only
published events. Every existing event is published. The index finds what a writer that died
after its commit left unpublished.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("live_events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.create_index("ix_live_events_published_created_at", ["published", "created_at"])


def downgrade() -> None:
    with op.batch_alter_table("live_events", schema=None) as batch_op:
        batch_op.drop_index("ix_live_events_published_created_at")
        batch_op.drop_column("published")
