"""issue 13: notifications: the outbox, email addresses and subscriptions, site notify settings

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 07:20:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = app.db.base.UTCDateTime(timezone=True)


def _outbox() -> None:
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=True),
        sa.Column("ref", sa.String(length=100), nullable=True),
        sa.Column(
            "status",
            sa.Enum("pending", "done", "dead", name="outboxstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTC, nullable=False),
        sa.Column("claim_token", sa.String(length=64), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("delivered_at", UTC, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_messages_dedupe_key")),
    )
    with op.batch_alter_table("outbox_messages") as batch_op:
        batch_op.create_index("ix_outbox_messages_due", ["status", "next_attempt_at"])
        batch_op.create_index("ix_outbox_messages_ref", ["ref"])


def _email() -> None:
    op.create_table(
        "email_addresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("confirmed_at", UTC, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["sites.id"],
            name=op.f("fk_email_addresses_site_id_sites"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_addresses")),
        sa.UniqueConstraint("site_id", "email", name=op.f("uq_email_addresses_site_id_email")),
    )
    op.create_table(
        "email_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column(
            "scope",
            sa.Enum("replies", "thread", name="subscriptionscope", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("identity_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["address_id"],
            ["email_addresses.id"],
            name=op.f("fk_email_subscriptions_address_id_email_addresses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_email_subscriptions_comment_id_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["identity_id"],
            ["identities.id"],
            name=op.f("fk_email_subscriptions_identity_id_identities"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_email_subscriptions_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_subscriptions")),
    )
    with op.batch_alter_table("email_subscriptions") as batch_op:
        batch_op.create_index("ix_email_subscriptions_address_id", ["address_id"])
        batch_op.create_index("ix_email_subscriptions_comment_id", ["comment_id"])
        batch_op.create_index("ix_email_subscriptions_thread_id", ["thread_id"])


def _site_settings() -> None:
    with op.batch_alter_table("sites") as batch_op:
        batch_op.add_column(
            sa.Column("notify_emails", sa.JSON(), nullable=False, server_default="[]")
        )
        batch_op.add_column(
            sa.Column(
                "notify_on",
                sa.Enum("pending", "all", "none", name="notifyon", native_enum=False, length=20),
                nullable=False,
                server_default="pending",
            )
        )
        batch_op.add_column(
            sa.Column("language", sa.String(length=8), nullable=False, server_default="en")
        )
    # The defaults served only to fill existing rows; the model sets them on insert.
    with op.batch_alter_table("sites") as batch_op:
        batch_op.alter_column("notify_emails", server_default=None)
        batch_op.alter_column("notify_on", server_default=None)
        batch_op.alter_column("language", server_default=None)


def upgrade() -> None:
    _outbox()
    _email()
    _site_settings()


def downgrade() -> None:
    with op.batch_alter_table("sites") as batch_op:
        batch_op.drop_column("language")
        batch_op.drop_column("notify_on")
        batch_op.drop_column("notify_emails")
    op.drop_table("email_subscriptions")
    op.drop_table("email_addresses")
    with op.batch_alter_table("outbox_messages") as batch_op:
        batch_op.drop_index("ix_outbox_messages_ref")
        batch_op.drop_index("ix_outbox_messages_due")
    op.drop_table("outbox_messages")
