"""Field enrollment: visit GPS and closing, drafts, captures, exceptions, outcomes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ID = 36


def upgrade() -> None:
    op.create_table(
        "visit_field_info",
        sa.Column("visit_id", sa.String(ID), sa.ForeignKey("visits.id"), primary_key=True),
        sa.Column("walk_in", sa.Boolean, nullable=False),
        sa.Column("gps_lat", sa.Float, nullable=True),
        sa.Column("gps_lon", sa.Float, nullable=True),
        sa.Column("gps_accuracy_m", sa.Float, nullable=True),
        sa.Column("gps_source", sa.String(8), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(32), nullable=True),
    )
    op.create_table(
        "enrollments",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("visit_id", sa.String(ID), sa.ForeignKey("visits.id"), nullable=False),
        sa.Column("target_id", sa.String(ID), sa.ForeignKey("targets.id"), nullable=False),
        sa.Column("officer", sa.String(32), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("current_step", sa.String(16), nullable=False),
        sa.Column("step_status", sa.Text, nullable=False),
        sa.Column("finger_mode", sa.String(8), nullable=False),
        sa.Column("signature_mode", sa.String(12), nullable=False),
        sa.Column("signature_mode_reason", sa.Text, nullable=True),
        sa.Column("nik", sa.String(16), nullable=False),
        sa.Column("kk", sa.String(16), nullable=True),
        sa.Column("name", sa.String(160), nullable=False),
        sa.Column("birth_place", sa.String(80), nullable=True),
        sa.Column("birth_date", sa.Date, nullable=True),
        sa.Column("sex", sa.String(1), nullable=True),
        sa.Column("address", sa.Text, nullable=True),
        sa.Column("rt", sa.String(3), nullable=True),
        sa.Column("rw", sa.String(3), nullable=True),
        sa.Column("desa", sa.String(120), nullable=True),
        sa.Column("desa_code", sa.String(13), nullable=True),
        sa.Column("categories", sa.String(80), nullable=False),
        sa.Column("disability_kind", sa.String(80), nullable=True),
        sa.Column("category_note", sa.Text, nullable=True),
        sa.Column("warnings", sa.Text, nullable=False),
        sa.Column("consent_by", sa.String(16), nullable=True),
        sa.Column("consenter_name", sa.String(160), nullable=True),
        sa.Column("consenter_relation", sa.String(40), nullable=True),
        sa.Column("consenter_nik", sa.String(16), nullable=True),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("chain_head", sa.String(64), nullable=False),
        sa.Column("chain_length", sa.Integer, nullable=False),
        sa.Column("timing", sa.Text, nullable=False),
        sa.Column("active_step", sa.String(16), nullable=True),
        sa.Column("active_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_enrollments_visit_id", "enrollments", ["visit_id"])
    op.create_index("ix_enrollments_target_id", "enrollments", ["target_id"])
    op.create_table(
        "enrollment_attempts",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("enrollment_id", sa.String(ID), sa.ForeignKey("enrollments.id"), nullable=False),
        sa.Column("slot", sa.String(24), nullable=False),
        sa.Column("attempt", sa.Integer, nullable=False),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("quality", sa.Text, nullable=False),
        sa.Column("device", sa.Text, nullable=False),
        sa.Column("chain_index", sa.Integer, nullable=False),
        sa.Column("previous_hash", sa.String(64), nullable=False),
        sa.Column("payload_hash", sa.String(64), nullable=False),
        sa.Column("link_hash", sa.String(64), nullable=False),
        sa.Column("link_metadata", sa.Text, nullable=False),
        sa.Column("forced_code", sa.String(24), nullable=True),
        sa.Column("forced_text", sa.Text, nullable=True),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_enrollment_attempts_enrollment_id", "enrollment_attempts", ["enrollment_id"]
    )
    op.create_table(
        "enrollment_images",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column(
            "attempt_id", sa.String(ID), sa.ForeignKey("enrollment_attempts.id"), nullable=False
        ),
        sa.Column("part", sa.String(16), nullable=False),
        sa.Column("media_type", sa.String(40), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_enrollment_images_attempt_id", "enrollment_images", ["attempt_id"])
    op.create_table(
        "enrollment_documents",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("enrollment_id", sa.String(ID), sa.ForeignKey("enrollments.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("media_type", sa.String(40), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_enrollment_documents_enrollment_id", "enrollment_documents", ["enrollment_id"]
    )
    op.create_table(
        "enrollment_exceptions",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("enrollment_id", sa.String(ID), sa.ForeignKey("enrollments.id"), nullable=False),
        sa.Column("part", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(24), nullable=False),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("permanence", sa.String(10), nullable=False),
        sa.Column(
            "proof_id", sa.String(ID), sa.ForeignKey("enrollment_documents.id"), nullable=False
        ),
        sa.Column("recorded_by", sa.String(32), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_enrollment_exceptions_enrollment_id", "enrollment_exceptions", ["enrollment_id"]
    )
    op.create_table(
        "target_outcomes",
        sa.Column("target_id", sa.String(ID), sa.ForeignKey("targets.id"), primary_key=True),
        sa.Column("visit_id", sa.String(ID), sa.ForeignKey("visits.id"), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("revisit_date", sa.Date, nullable=True),
        sa.Column("record_id", sa.String(ID), nullable=True),
        sa.Column("seconds_total", sa.Integer, nullable=True),
        sa.Column("step_seconds", sa.Text, nullable=True),
        sa.Column("review_flags", sa.Text, nullable=False),
        sa.Column("decided_by", sa.String(32), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_target_outcomes_visit_id", "target_outcomes", ["visit_id"])


def downgrade() -> None:
    op.drop_table("target_outcomes")
    op.drop_table("enrollment_exceptions")
    op.drop_table("enrollment_documents")
    op.drop_table("enrollment_images")
    op.drop_table("enrollment_attempts")
    op.drop_table("enrollments")
    op.drop_table("visit_field_info")
