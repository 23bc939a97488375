"""The cards the office printed for this laptop's records (issue 56.1).

The office package's ``printed_cards`` land here, replaced whole by each newer package
that carries them (``fieldkit.office.apply``): a card read at a handover is compared
with the office's UID in or out of a delivery.  A store upgraded from before has none
until its next package.  No names or NIKs.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-28
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
        "office_printed_cards",
        sa.Column("record_id", sa.String(128), primary_key=True),
        sa.Column("card_uid", sa.String(20), nullable=False, unique=True),
    )


def downgrade() -> None:
    op.drop_table("office_printed_cards")
