"""Indexes for the console's counts (issue 46): no page reads every record any more.

The Laptop, Beranda, Petugas and Versi pages read every record into Python to find each
laptop's newest one, and Beranda counted "today" and "waiting" over the whole table: at
100,000 records each page took 2 s.  ``ix_records_device_received`` makes a laptop's
newest record one seek; ``ix_records_received_kid`` and ``ix_records_state_kid`` let
Beranda's two counts read their part of an index alone (the ``kid`` tells a training
record apart).  Indexes only: no row changes, and a downgrade drops them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-16
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_records_device_received", "records", ["device_id", "received_at"])
    op.create_index("ix_records_received_kid", "records", ["received_at", "kid"])
    op.create_index("ix_records_state_kid", "records", ["state", "kid"])


def downgrade() -> None:
    op.drop_index("ix_records_state_kid", table_name="records")
    op.drop_index("ix_records_received_kid", table_name="records")
    op.drop_index("ix_records_device_received", table_name="records")
