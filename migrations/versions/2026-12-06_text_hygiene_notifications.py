"""names compare on their confusable skeleton; email subscriptions are confirmed per thread

Revision ID: 0013_c
Revises: 0012
Create Date: 2026-12-06 03:10:00+00:00

`identities.name_key` changes meaning: it held the lower-cased name, it now holds the name's
confusable skeleton (`app.validation.skeleton`, Unicode TR 39), so that "Аda" with a Cyrillic А
or a fullwidth "Ａｄａ" is the verified "Ada". Existing identities are recomputed here, in batches.
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from app.validation import skeleton

revision: str = "0013_c"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000


def _recompute_name_keys(key: Callable[[str], str]) -> None:
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
            [{"row_id": row.id, "key": key(row.display_name or "")[:100]} for row in rows],
        )
        last = rows[-1].id


def upgrade() -> None:
    _recompute_name_keys(skeleton)


def downgrade() -> None:
    _recompute_name_keys(str.lower)
