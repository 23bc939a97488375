"""The card deliveries the office schedules for this laptop's team (issue 49 §2).

The office package's ``deliveries`` land here, replaced whole by each newer package
that carries them (``fieldkit.office.apply``).  A store upgraded from before has none
until its next package.  No names or NIKs: a card names this laptop's record.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "card_deliveries",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("number", sa.String(32), nullable=False),
        sa.Column("delivery_date", sa.Date(), nullable=False),
        sa.Column("desa_code", sa.String(10), nullable=False),
        sa.Column("desa_name", sa.String(120), nullable=False),
        sa.Column("kecamatan_code", sa.String(6), nullable=False),
        sa.Column("team", sa.String(64), nullable=False),
        sa.Column("package_version", sa.Integer(), nullable=False),
    )
    op.create_table(
        "card_delivery_cards",
        sa.Column(
            "delivery_id",
            sa.String(32),
            sa.ForeignKey("card_deliveries.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("record_id", sa.String(128), primary_key=True),
        sa.Column("card_uid", sa.String(20), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_index(
        "ix_card_delivery_cards_record_id", "card_delivery_cards", ["record_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_card_delivery_cards_record_id", table_name="card_delivery_cards")
    op.drop_table("card_delivery_cards")
    op.drop_table("card_deliveries")
