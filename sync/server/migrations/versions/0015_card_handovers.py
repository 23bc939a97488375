"""Each printed card's handover, reported back by the laptop (issue 49 §2).

``card_handovers`` keeps what the laptop's Serah terima recorded of a card: who it
went to (the owner, a family member, a courier, the kecamatan or the desa), the
receiver's role in words, the day and the courier's receipt; never a receiver's name.
New table only.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "card_handovers",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=128), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("receiver_role", sa.String(length=80), nullable=False),
        sa.Column("handed_over_on", sa.String(length=10), nullable=False),
        sa.Column("courier_receipt", sa.String(length=64), nullable=True),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "event_id"),
    )
    op.create_index("ix_card_handovers_record", "card_handovers", ["device_id", "record_id"])


def downgrade() -> None:
    op.drop_index("ix_card_handovers_record", table_name="card_handovers")
    op.drop_table("card_handovers")
