"""The office steers its laptops (issue 38): settings, officers, regions, plan, health.

``office_settings`` (one row, the settings revision ``version``), ``office_officers``,
``office_regions``, ``plan_requests``, ``plan_visits``, ``plan_targets`` (target lists
HPKE-sealed to the data center's key), ``recorded_niks`` (HMAC of each accepted NIK,
never the NIK) and ``laptop_health`` (each laptop's last report).  New tables only:
records accepted before this revision have no MAC.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_settings",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("office_code", sa.String(length=8), nullable=True),
        sa.Column("office_name", sa.Text(), nullable=True),
        sa.Column("rules", sa.Text(), nullable=True),
        sa.Column("min_version", sa.String(length=40), nullable=True),
        sa.Column("changed_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "office_officers",
        sa.Column("username", sa.String(length=32), nullable=False),
        sa.Column("full_name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("nip", sa.String(length=18), nullable=True),
        sa.Column("rank", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("first_login", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("changed_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("username"),
    )
    op.create_table(
        "office_regions",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "plan_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "plan_visits",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=True),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "plan_targets",
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("visit_id"),
    )
    op.create_table(
        "recorded_niks",
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.Column("recorded_on", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("mac"),
    )
    op.create_table(
        "laptop_health",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("package_key", sa.String(length=64), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.Column("via", sa.String(length=8), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("device_id"),
    )


def downgrade() -> None:
    for table in (
        "laptop_health",
        "recorded_niks",
        "plan_targets",
        "plan_visits",
        "plan_requests",
        "office_regions",
        "office_officers",
        "office_settings",
    ):
        op.drop_table(table)
