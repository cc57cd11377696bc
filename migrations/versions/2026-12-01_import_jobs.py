"""issue 12: import jobs (schema changes of that issue, if any)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 07:20:00+00:00
"""

from collections.abc import Sequence

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
