"""Where each accepted record was made: its visit, its date, its desa and kecamatan.

``record_places`` holds, per record (device and id), the coarse facts of its header's
"visit" read at upload, so the console (issue 34, Rekaman) can list records by desa and
visit without opening a sealed record again.  No NIK, no name, no GPS position.  A new
table only: records stored before it have no row, and the console says "unknown".

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-09
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_places",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=128), nullable=False),
        sa.Column("visit_id", sa.String(length=64), nullable=True),
        sa.Column("visit_date", sa.String(length=10), nullable=True),
        sa.Column("desa_code", sa.String(length=16), nullable=True),
        sa.Column("kecamatan_code", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("device_id", "record_id"),
    )
    op.create_index("ix_record_places_visit", "record_places", ["visit_id"])
    op.create_index("ix_record_places_desa", "record_places", ["desa_code"])


def downgrade() -> None:
    op.drop_index("ix_record_places_desa", table_name="record_places")
    op.drop_index("ix_record_places_visit", table_name="record_places")
    op.drop_table("record_places")
