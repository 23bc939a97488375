"""The office's already-recorded list as one packed value (issue 46, package format 2).

Format 1 of the office package listed a full MAC per recorded NIK, kept here a row
each (``office_recorded``); a regency's million NIKs made a package over the laptop's
cap and a table that took minutes to replace on every package.  Format 2 sends sorted
fixed-width records (``fieldkit.recorded_list``), kept as they came in one row and
looked up by binary search.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_recorded_lists",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("entries", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("office_recorded_lists")
