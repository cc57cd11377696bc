"""identity name key: the guest-name check as an index probe (issue 11)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 15:10:00+00:00

Every guest comment asks whether a verified commenter already uses the name; that compared
`lower(display_name)` and so read every identity. `name_key` holds the name as Python lowercases
it (SQLite's lower() folds ASCII only, so the old check missed "Ärger" against "ärger") and is
indexed. Existing identities are filled in here, in batches.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table("identities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("name_key", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.create_index("ix_identities_name_key", ["name_key"])
    identities = sa.table(
        "identities", sa.column("id", sa.Integer), sa.column("display_name"), sa.column("name_key")
    )
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(identities.c.id, identities.c.display_name)
            .where(identities.c.id > last)
            .order_by(identities.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        connection.execute(
            identities.update()
            .where(identities.c.id == sa.bindparam("row_id"))
            .values(name_key=sa.bindparam("key")),
            [{"row_id": row.id, "key": (row.display_name or "").lower()[:100]} for row in rows],
        )
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("identities", schema=None) as batch_op:
        batch_op.drop_index("ix_identities_name_key")
        batch_op.drop_column("name_key")
