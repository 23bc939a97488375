"""The ketua tim's review of flagged records, and the revisit list.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ID = 36


def upgrade() -> None:
    op.create_table(
        "record_reviews",
        sa.Column("record_id", sa.String(ID), primary_key=True),
        sa.Column("target_id", sa.String(ID), nullable=True),
        sa.Column("visit_id", sa.String(ID), nullable=True),
        sa.Column("flags", sa.Text, nullable=False),
        sa.Column("details", sa.Text, nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(32), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
    )
    op.create_index("ix_record_reviews_target_id", "record_reviews", ["target_id"])
    op.create_index("ix_record_reviews_visit_id", "record_reviews", ["visit_id"])
    op.create_index("ix_record_reviews_state", "record_reviews", ["state"])
    op.create_table(
        "review_photos",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.String(ID), nullable=False),
        sa.Column("part", sa.String(24), nullable=False),
        sa.Column("media_type", sa.String(60), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_review_photos_record_id", "review_photos", ["record_id"])
    op.create_table(
        "revisits",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("target_id", sa.String(ID), nullable=False),
        sa.Column("visit_id", sa.String(ID), nullable=True),
        sa.Column("record_id", sa.String(ID), nullable=True),
        sa.Column("source", sa.String(24), nullable=False),
        sa.Column("reason_code", sa.String(64), nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("revisit_date", sa.Date, nullable=True),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("planned_visit_id", sa.String(ID), nullable=True),
        sa.Column("contact", sa.String(16), nullable=True),
        sa.Column("contact_note", sa.Text, nullable=True),
        sa.Column("contacted_by", sa.String(32), nullable=True),
        sa.Column("contacted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_revisits_target_id", "revisits", ["target_id"])
    op.create_index("ix_revisits_visit_id", "revisits", ["visit_id"])
    op.create_index("ix_revisits_record_id", "revisits", ["record_id"])
    op.create_index("ix_revisits_state", "revisits", ["state"])


def downgrade() -> None:
    op.drop_table("revisits")
    op.drop_table("review_photos")
    op.drop_table("record_reviews")
