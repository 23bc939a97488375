"""Which officer made each record (issue 49 §3): the console's pictures per petugas.

``record_places.officer`` is the username of the officer who recorded it, as its header
named it at upload (``fieldkit/enrollment/canonical_record.py``'s ``officer``): an
office login, not the person recorded.  Records stored before have none.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("record_places") as table:
        table.add_column(sa.Column("officer", sa.String(length=32), nullable=True))
    op.create_index("ix_record_places_officer", "record_places", ["officer"])


def downgrade() -> None:
    op.drop_index("ix_record_places_officer", table_name="record_places")
    with op.batch_alter_table("record_places") as table:
        table.drop_column("officer")
