"""names compare on their confusable skeleton; email subscriptions are confirmed per thread

Revision ID: 0013_c
Revises: 0012
Create Date: 2026-12-06 03:10:00+00:00

`identities.name_key` changes meaning: it held the lower-cased name, it now holds the name's
confusable skeleton (`app.validation.skeleton`, Unicode TR 39), so that "Аda" with a Cyrillic А
or a fullwidth "Ａｄａ" is the verified "Ada". Existing identities are recomputed here, in batches.

Email subscriptions get a `state` (held until their comment is approved, unconfirmed until the
address confirms for that thread, active), `confirm_by` (when an unconfirmed one's link expires)
and `source_comment_id`. Subscriptions of addresses confirmed under the old per-site rule stay
active; the others become unconfirmed with no link left (they never send anything).
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

import app.db.base
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
    with op.batch_alter_table("email_subscriptions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "state",
                sa.Enum(
                    "held",
                    "unconfirmed",
                    "active",
                    name="subscriptionstate",
                    native_enum=False,
                    length=20,
                ),
                nullable=False,
                server_default="active",
            )
        )
        batch_op.add_column(
            sa.Column("confirm_by", app.db.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("source_comment_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_email_subscriptions_source_comment_id_comments",
            "comments",
            ["source_comment_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index("ix_email_subscriptions_source_comment_id", ["source_comment_id"])
    op.execute(
        "UPDATE email_subscriptions SET state = 'unconfirmed' WHERE address_id IN "
        "(SELECT id FROM email_addresses WHERE confirmed_at IS NULL)"
    )


def downgrade() -> None:
    # Under the old rule a subscription waits for its address's one confirmation: held and
    # unconfirmed ones are dropped rather than let a site-wide confirmation turn them on.
    op.execute("DELETE FROM email_subscriptions WHERE state <> 'active'")
    with op.batch_alter_table("email_subscriptions", schema=None) as batch_op:
        batch_op.drop_index("ix_email_subscriptions_source_comment_id")
        batch_op.drop_constraint(
            "fk_email_subscriptions_source_comment_id_comments", type_="foreignkey"
        )
        batch_op.drop_column("source_comment_id")
        batch_op.drop_column("confirm_by")
        batch_op.drop_column("state")
    _recompute_name_keys(str.lower)
