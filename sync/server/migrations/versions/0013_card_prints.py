"""The cards printed for records (issue 49 §2): ``card_prints``.

One row per KTP-el card: the record it was printed for, its chip's UID (unique: a chip
is one card), the day printed, who marked it and when.  A reprint is a new row, so the
history stays.  A new table only.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "card_prints",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=128), nullable=False),
        sa.Column("card_uid", sa.String(length=14), nullable=False),
        sa.Column("printed_on", sa.String(length=10), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("printed_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("card_uid"),
    )
    op.create_index("ix_card_prints_record", "card_prints", ["device_id", "record_id"])


def downgrade() -> None:
    op.drop_index("ix_card_prints_record", table_name="card_prints")
    op.drop_table("card_prints")
