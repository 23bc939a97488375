"""Each laptop's name and team as the office calls them (issue 49 §3).

``laptop_labels`` holds, per enrolled laptop, the name the office gave it ("Laptop Tim 1")
and its team, shown everywhere in the console and the CLI instead of the laptop's own
hostname (which the laptop reports and anyone installing Windows may have left as
``DESKTOP-8F2K1QX``).  Who set it and when are kept with it.  A new table only.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "laptop_labels",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("name_key", sa.String(length=40), nullable=False),
        sa.Column("team", sa.String(length=40), nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=False),
        sa.Column("set_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("device_id"),
        sa.UniqueConstraint("name_key", name="uq_laptop_labels_name_key"),
    )


def downgrade() -> None:
    op.drop_table("laptop_labels")
