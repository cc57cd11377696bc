"""webhook secret rotation: the previous secret keeps signing for a grace period

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 19:40:00+00:00

`POST /webhooks/{id}/secret` gives a webhook a new signing secret; until `previous_secret_until`
deliveries carry a signature by the old one too (Standard Webhooks allows several), so the
receiver can switch without losing a delivery.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db.base

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("previous_secret", sa.String(length=100), nullable=True))
        batch_op.add_column(
            sa.Column(
                "previous_secret_until", app.db.base.UTCDateTime(timezone=True), nullable=True
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.drop_column("previous_secret_until")
        batch_op.drop_column("previous_secret")
