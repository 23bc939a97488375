"""The distribution schedule: printed cards grouped by desa into a delivery (issue 49 §2).

``card_deliveries`` keeps each delivery the office schedules (its number, the laptop
whose team takes it, the desa, the day, the team's words, who made it); and
``card_delivery_cards`` its cards, a record's card in one delivery at most.  New tables
only; no personal data.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "card_deliveries",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("desa_code", sa.String(length=16), nullable=False),
        sa.Column("kecamatan_code", sa.String(length=16), nullable=False),
        sa.Column("delivery_date", sa.String(length=10), nullable=False),
        sa.Column("team", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    op.create_index("ix_card_deliveries_device", "card_deliveries", ["device_id", "delivery_date"])
    op.create_table(
        "card_delivery_cards",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=128), nullable=False),
        sa.Column("delivery_id", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "record_id"),
    )
    op.create_index("ix_card_delivery_cards_delivery", "card_delivery_cards", ["delivery_id"])


def downgrade() -> None:
    op.drop_index("ix_card_delivery_cards_delivery", table_name="card_delivery_cards")
    op.drop_table("card_delivery_cards")
    op.drop_index("ix_card_deliveries_device", table_name="card_deliveries")
    op.drop_table("card_deliveries")
