"""Requests, visits, their teams and targets; the sarpras checklist and overrides.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = 36


def upgrade() -> None:
    op.create_table(
        "plan_requests",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("number", sa.String(80), nullable=False),
        sa.Column("letter_date", sa.Date, nullable=False),
        sa.Column("requester_type", sa.String(24), nullable=False),
        sa.Column("requester_name", sa.String(160), nullable=False),
        sa.Column("region_code", sa.String(13), nullable=False),
        sa.Column("subject", sa.Text, nullable=True),
        sa.Column("created_by", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "visits",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("request_id", sa.String(ID), sa.ForeignKey("plan_requests.id"), nullable=False),
        sa.Column("visit_date", sa.Date, nullable=False),
        sa.Column("start_time", sa.String(5), nullable=False),
        sa.Column("place_type", sa.String(24), nullable=False),
        sa.Column("place_name", sa.String(160), nullable=True),
        sa.Column("desa_name", sa.String(120), nullable=False),
        sa.Column("desa_code", sa.String(13), nullable=True),
        sa.Column("kecamatan_code", sa.String(6), nullable=False),
        sa.Column("terrain", sa.String(12), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_by", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_visits_request_id", "visits", ["request_id"])
    op.create_index("ix_visits_visit_date", "visits", ["visit_date"])
    op.create_table(
        "visit_officers",
        sa.Column("visit_id", sa.String(ID), sa.ForeignKey("visits.id"), primary_key=True),
        sa.Column("username", sa.String(32), primary_key=True),
        sa.Column("team_role", sa.String(16), nullable=False),
    )
    op.create_table(
        "target_imports",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("visit_id", sa.String(ID), sa.ForeignKey("visits.id"), nullable=False),
        sa.Column("file_format", sa.String(8), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("imported_by", sa.String(32), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_target_imports_visit_id", "target_imports", ["visit_id"])
    op.create_table(
        "targets",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("visit_id", sa.String(ID), sa.ForeignKey("visits.id"), nullable=False),
        sa.Column(
            "import_id", sa.String(ID), sa.ForeignKey("target_imports.id"), nullable=True
        ),
        sa.Column("source_row", sa.Integer, nullable=True),
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
        sa.Column("kecamatan", sa.String(120), nullable=True),
        sa.Column("categories", sa.String(80), nullable=False),
        sa.Column("disability_kind", sa.String(80), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("warnings", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_targets_visit_id", "targets", ["visit_id"])
    op.create_index("ix_targets_nik", "targets", ["nik"])
    op.create_table(
        "sarpras_checklists",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("visit_id", sa.String(ID), sa.ForeignKey("visits.id"), nullable=False),
        sa.Column("phase", sa.String(8), nullable=False),
        sa.Column("template_id", sa.String(64), nullable=False),
        sa.Column("template_version", sa.Integer, nullable=False),
        sa.Column("created_by", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("self_test_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("self_test_sim", sa.Boolean, nullable=True),
        sa.Column("signed_by", sa.String(32), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_sarpras_checklists_visit_id", "sarpras_checklists", ["visit_id"])
    op.create_table(
        "sarpras_items",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column(
            "checklist_id", sa.String(ID), sa.ForeignKey("sarpras_checklists.id"), nullable=False
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("section", sa.String(40), nullable=False),
        sa.Column("label", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("modality", sa.String(16), nullable=True),
        sa.Column("unit", sa.String(16), nullable=True),
        sa.Column("expected_quantity", sa.Integer, nullable=True),
        sa.Column("status", sa.String(8), nullable=True),
        sa.Column("quantity", sa.Integer, nullable=True),
        sa.Column("baik", sa.Boolean, nullable=True),
        sa.Column("lengkap", sa.Boolean, nullable=True),
        sa.Column("bersih", sa.Boolean, nullable=True),
        sa.Column("self_test_ok", sa.Boolean, nullable=True),
        sa.Column("self_test_backend", sa.String(16), nullable=True),
        sa.Column("self_test_message", sa.Text, nullable=True),
        sa.Column("notes", sa.Text, nullable=True),
        sa.Column("checked_by", sa.String(32), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_sarpras_items_checklist_id", "sarpras_items", ["checklist_id"])
    op.create_table(
        "sarpras_photos",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("item_id", sa.String(ID), sa.ForeignKey("sarpras_items.id"), nullable=False),
        sa.Column("media_type", sa.String(16), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("added_by", sa.String(32), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sarpras_photos_item_id", "sarpras_photos", ["item_id"])
    op.create_table(
        "recording_overrides",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("visit_id", sa.String(ID), sa.ForeignKey("visits.id"), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("granted_by", sa.String(32), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_recording_overrides_visit_id", "recording_overrides", ["visit_id"])


def downgrade() -> None:
    op.drop_table("recording_overrides")
    op.drop_table("sarpras_photos")
    op.drop_table("sarpras_items")
    op.drop_table("sarpras_checklists")
    op.drop_table("targets")
    op.drop_table("target_imports")
    op.drop_table("visit_officers")
    op.drop_table("visits")
    op.drop_table("plan_requests")
