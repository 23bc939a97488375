"""The records' blind index (issue 49 §3): search by name, NIK and officer, never in clear.

``record_search`` holds, per record (device and id), one row per searchable term of its
sealed header: the NIK, each word of the person's name, the officer's user name.  Each
term is kept only as an HMAC under a key derived from the data center's own keys
(``sync.server.intake.record_search``), so the table gives a search its records and a copy of it
gives no one a name.  A new table only: records stored before it are indexed by
``fieldkit-datacenter records reindex``.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_search",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "record_id", "kind", "mac"),
    )
    op.create_index("ix_record_search_mac", "record_search", ["kind", "mac"])


def downgrade() -> None:
    op.drop_index("ix_record_search_mac", table_name="record_search")
    op.drop_table("record_search")
