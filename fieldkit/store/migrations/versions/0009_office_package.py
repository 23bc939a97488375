"""The office package (issue 38): office rules, regions, already-recorded list, first logins.

Officers gain ``source`` ("local" or "office") and ``pending`` (waiting for the first
login with the office's one-time code).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("officers") as batch:
        batch.add_column(
            sa.Column("source", sa.String(8), nullable=False, server_default="local")
        )
        batch.add_column(
            sa.Column("pending", sa.Boolean, nullable=False, server_default=sa.false())
        )
    op.create_table(
        "office_rules",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "office_regions",
        sa.Column("code", sa.String(13), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
    )
    op.create_table(
        "office_recorded",
        sa.Column("mac", sa.String(64), primary_key=True),
        sa.Column("recorded_on", sa.Date, nullable=False),
    )
    op.create_table(
        "office_first_logins",
        sa.Column("username", sa.String(32), primary_key=True),
        sa.Column("salt", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("memory_kib", sa.Integer, nullable=False),
        sa.Column("iterations", sa.Integer, nullable=False),
        sa.Column("lanes", sa.Integer, nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("locked", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("office_first_logins")
    op.drop_table("office_recorded")
    op.drop_table("office_regions")
    op.drop_table("office_rules")
    with op.batch_alter_table("officers") as batch:
        batch.drop_column("pending")
        batch.drop_column("source")
