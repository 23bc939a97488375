"""Penunggalan (issue 48, part 2): the sealed gallery, the candidates, the search's leases.

``dedup_templates`` holds each searched record's templates sealed to the data center's
key; ``dedup_candidates`` what a search found; ``dedup_leases`` which search holds which
record, until when.  New tables only.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "dedup_templates",
        sa.Column("seq", _ID, autoincrement=True, nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=128), nullable=False),
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("made_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("device_id", "record_id", name="uq_dedup_templates_record"),
    )
    op.create_table(
        "dedup_candidates",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=128), nullable=False),
        sa.Column("candidate_device_id", sa.String(length=64), nullable=False),
        sa.Column("candidate_record_id", sa.String(length=128), nullable=False),
        sa.Column("part", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("found_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_dedup_candidates_record", "dedup_candidates", ["device_id", "record_id"])
    op.create_table(
        "dedup_leases",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=128), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("until", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "record_id"),
    )


def downgrade() -> None:
    op.drop_table("dedup_leases")
    op.drop_index("ix_dedup_candidates_record", table_name="dedup_candidates")
    op.drop_table("dedup_candidates")
    op.drop_table("dedup_templates")
