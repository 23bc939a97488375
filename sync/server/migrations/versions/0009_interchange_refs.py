"""Each exported record's reference id: the TCN of its ANSI/NIST-ITL file (issue 48).

``interchange_refs`` holds, per record (device and id), the random reference id its
exported file carries instead of anything about the person; the same at every export.
A new table only.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "interchange_refs",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=128), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("made_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "record_id"),
        sa.UniqueConstraint("reference"),
    )


def downgrade() -> None:
    op.drop_table("interchange_refs")
