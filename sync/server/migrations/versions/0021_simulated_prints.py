"""Simulated prints never reach a real card (issue 56.2).

``record_places.simulated`` says a simulator took one of the record's kept captures (read
from its header at upload; NULL for records stored before).  ``office_settings.training``
is the office's choice to run this data center as a training one, the only kind that
prints such records.  No personal data.

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("record_places") as batch:
        batch.add_column(sa.Column("simulated", sa.Boolean(), nullable=True))
    with op.batch_alter_table("office_settings") as batch:
        batch.add_column(
            sa.Column("training", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("office_settings") as batch:
        batch.drop_column("training")
    with op.batch_alter_table("record_places") as batch:
        batch.drop_column("simulated")
