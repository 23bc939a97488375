"""The office's holiday list (issue 49 §1): the days off the promise date skips.

``office_holiday_years`` names each year the office imported (``fieldkit-datacenter
holidays import``), its source and whether it is the year's whole SKB;
``office_holidays`` holds that year's days (national holidays and cuti bersama).  A year
the office never imported is counted with the list FieldKit ships.  New tables only.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_holiday_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("year"),
    )
    op.create_table(
        "office_holidays",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_index("ix_office_holidays_year", "office_holidays", ["year"])


def downgrade() -> None:
    op.drop_index("ix_office_holidays_year", table_name="office_holidays")
    op.drop_table("office_holidays")
    op.drop_table("office_holiday_years")
