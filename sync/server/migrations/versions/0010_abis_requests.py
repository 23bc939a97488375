"""The ABIS API folder queue's ledger: each request written, and its answer (issue 48).

``abis_requests`` holds, per ``requestId`` the data center wrote into its ABIS queue,
which operation, which reference (so which record), when, and once answered: when, the
answer's file and SHA-256, what it decided.  A new table only.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "abis_requests",
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("operation", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=128), nullable=False),
        sa.Column("sent_at", sa.String(length=32), nullable=False),
        sa.Column("answered_at", sa.String(length=32), nullable=True),
        sa.Column("answer_file", sa.String(length=255), nullable=True),
        sa.Column("answer_sha256", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("request_id"),
    )
    op.create_index("ix_abis_requests_reference", "abis_requests", ["reference"])
    op.create_index("ix_abis_requests_record", "abis_requests", ["device_id", "record_id"])


def downgrade() -> None:
    op.drop_index("ix_abis_requests_record", table_name="abis_requests")
    op.drop_index("ix_abis_requests_reference", table_name="abis_requests")
    op.drop_table("abis_requests")
