"""admin sessions: widget logins are commenter sessions; /admin gets cookie sessions (23.4, 26.3)

Revision ID: 0013_b
Revises: 0013_c
Create Date: 2026-12-06 03:15:00+00:00

`auth_sessions.scope` and `login_codes.scope`: "commenter" (a login for a site's page, the
widget's bearer token) or "admin" (a login on /admin, Parley's own origin). Every existing session
and code becomes a commenter one: a moderator logs in again on /admin. `admin_sessions`: /admin
cookie sessions opened with an admin token.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db.base

revision: str = "0013_b"
down_revision: str | None = "0013_c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("auth_sessions", "login_codes"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("scope", sa.String(length=16), nullable=False, server_default="commenter")
            )
    op.create_table(
        "admin_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("credential_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", app.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", app.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", app.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_admin_sessions_token_hash")),
    )
    with op.batch_alter_table("admin_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_admin_sessions_credential_hash", ["credential_hash"])


def downgrade() -> None:
    with op.batch_alter_table("admin_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_admin_sessions_credential_hash")
    op.drop_table("admin_sessions")
    for table in ("login_codes", "auth_sessions"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("scope")
