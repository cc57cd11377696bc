"""issue 15: live events — the event log that Last-Event-ID replays from

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 07:20:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "live_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_live_events_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_events")),
    )
    op.create_index("ix_live_events_thread_id_id", "live_events", ["thread_id", "id"])
    op.create_index("ix_live_events_created_at", "live_events", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_live_events_created_at", table_name="live_events")
    op.drop_index("ix_live_events_thread_id_id", table_name="live_events")
    op.drop_table("live_events")
