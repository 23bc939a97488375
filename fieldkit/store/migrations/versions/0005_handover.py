"""Card handover (bindings, signatures, handovers) and Dinsos referral marks.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ID = 36


def upgrade() -> None:
    op.create_table(
        "card_bindings",
        sa.Column("record_id", sa.String(ID), primary_key=True),
        sa.Column("card_uid", sa.String(20), nullable=False, unique=True),
        sa.Column("bound_by", sa.String(32), nullable=False),
        sa.Column("bound_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "handover_signatures",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("media_type", sa.String(60), nullable=False),
        sa.Column("samples", sa.LargeBinary, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("units_per_mm", sa.Float, nullable=False),
        sa.Column("quality_score", sa.Float, nullable=True),
        sa.Column("quality_passed", sa.Boolean, nullable=False),
        sa.Column("device", sa.Text, nullable=False),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "handovers",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("record_id", sa.String(ID), nullable=False),
        sa.Column("target_id", sa.String(ID), nullable=True),
        sa.Column("visit_id", sa.String(ID), nullable=True),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("batch_id", sa.String(ID), nullable=True),
        sa.Column("card_uid", sa.String(20), nullable=True),
        sa.Column("recipient_name", sa.String(160), nullable=False),
        sa.Column("relation", sa.String(24), nullable=False),
        sa.Column("organisation", sa.String(160), nullable=True),
        sa.Column(
            "signature_id",
            sa.String(ID),
            sa.ForeignKey("handover_signatures.id"),
            nullable=True,
        ),
        sa.Column("source", sa.String(24), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("handed_by", sa.String(32), nullable=False),
        sa.Column("handed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_handovers_record_id", "handovers", ["record_id"])
    op.create_index("ix_handovers_batch_id", "handovers", ["batch_id"])
    op.create_index("ix_handovers_handed_at", "handovers", ["handed_at"])
    op.create_table(
        "referrals",
        sa.Column("target_id", sa.String(ID), sa.ForeignKey("targets.id"), primary_key=True),
        sa.Column("visit_id", sa.String(ID), nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("marked_by", sa.String(32), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_referrals_visit_id", "referrals", ["visit_id"])


def downgrade() -> None:
    op.drop_table("referrals")
    op.drop_table("handovers")
    op.drop_table("handover_signatures")
    op.drop_table("card_bindings")
