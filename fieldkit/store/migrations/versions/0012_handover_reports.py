"""Which handovers the data center confirmed it keeps (issue 49 §2).

The push sends every handover of Serah terima that has no row in ``handover_reports``
(``sync.client.handovers``) and writes one for each the data center answers as kept.
A store upgraded from before has none: its handovers all go with the next push, once.

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
        "handover_reports",
        sa.Column("handover_id", sa.String(36), sa.ForeignKey("handovers.id"), primary_key=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("handover_reports")
