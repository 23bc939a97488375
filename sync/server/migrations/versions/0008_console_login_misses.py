"""Failed console logins under names with no active account, counted as a real one's.

``console_login_misses`` holds, per SHA-256 of a name typed at the console's login that
has no active account, its failures in a row and its lock, so an unknown name is
"locked" after five wrong passwords exactly as a real account is (issue 46): the login's
answers no longer tell which names exist.  A new table only.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "console_login_misses",
        sa.Column("name_hash", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.Float(), nullable=True),
        sa.Column("last_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name_hash"),
    )
    op.create_index("ix_console_login_misses_last_at", "console_login_misses", ["last_at"])


def downgrade() -> None:
    op.drop_index("ix_console_login_misses_last_at", table_name="console_login_misses")
    op.drop_table("console_login_misses")
