"""The laptop's signing key, data-center keys and the sealed-record outbox.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ID = 36


def upgrade() -> None:
    op.create_table(
        "device_identity",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("signing_key", sa.LargeBinary, nullable=False),
        sa.Column("next_seq", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "datacenter_keys",
        sa.Column("kid", sa.String(64), primary_key=True),
        sa.Column("public_key", sa.LargeBinary, nullable=False),
        sa.Column("demo", sa.Boolean, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sealed_records",
        sa.Column("record_id", sa.String(ID), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False, unique=True),
        sa.Column("kid", sa.String(64), nullable=False),
        sa.Column("demo", sa.Boolean, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("envelope", sa.LargeBinary, nullable=True),
        sa.Column("signature", sa.LargeBinary, nullable=False),
        sa.Column("visit_id", sa.String(ID), nullable=True),
        sa.Column("state", sa.String(24), nullable=False),
        sa.Column("server_state", sa.String(24), nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("receipt", sa.Text, nullable=True),
        sa.Column("sealed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_sealed_records_visit_id", "sealed_records", ["visit_id"])
    op.create_index("ix_sealed_records_state", "sealed_records", ["state"])


def downgrade() -> None:
    op.drop_table("sealed_records")
    op.drop_table("datacenter_keys")
    op.drop_table("device_identity")
