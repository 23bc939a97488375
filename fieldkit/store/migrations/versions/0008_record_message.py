"""The data center's message beside its reason code, in a column of its own.

Until now the outbox kept ``"reason: message"`` in ``sealed_records.reason``
and the sync screen split it again at the first ``": "``.  The split is made
once here, the same way, so an upgraded laptop shows what it showed before.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sealed_records") as batch:
        batch.add_column(sa.Column("message", sa.Text, nullable=True))
    op.execute(
        "UPDATE sealed_records"
        " SET message = NULLIF(substr(reason, instr(reason, ': ') + 2), ''),"
        " reason = NULLIF(substr(reason, 1, instr(reason, ': ') - 1), '')"
        " WHERE instr(reason, ': ') > 0"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE sealed_records SET reason = coalesce(reason, '') || ': ' || message"
        " WHERE message IS NOT NULL"
    )
    with op.batch_alter_table("sealed_records") as batch:
        batch.drop_column("message")
