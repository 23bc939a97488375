"""The ketua tim's co-sign on the spot (issue 35): one row per flag countersigned.

A capture kept below the threshold or an exception may be countersigned by the ketua
tim present, with their staff card and PIN; the sealed record then carries the
co-sign instead of the flag that would make it wait for the later review.  The row
belongs to the draft and goes with it when the record is sealed.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

ID = 36


def upgrade() -> None:
    op.create_table(
        "enrollment_cosigns",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("enrollment_id", sa.String(ID), sa.ForeignKey("enrollments.id"), nullable=False),
        sa.Column("subject_id", sa.String(ID), nullable=False),
        sa.Column("flag", sa.String(80), nullable=False),
        sa.Column("ketua", sa.String(32), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_enrollment_cosigns_enrollment_id", "enrollment_cosigns", ["enrollment_id"])


def downgrade() -> None:
    op.drop_table("enrollment_cosigns")
