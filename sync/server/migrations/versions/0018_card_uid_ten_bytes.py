"""A card's chip UID may be 10 bytes (20 hex digits), as the laptop has always read it.

``card_prints.card_uid`` was made for 4 and 7 bytes (14 characters).  ISO/IEC 14443-3
gives a triple-size UID of 10 bytes, which the laptop binds (``fieldkit.card_uid``); the
office marks such a card printed by the same rule now, and PostgreSQL would refuse its
20 characters.  Widened in place; the UID stays unique.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("card_prints") as table:
        table.alter_column(
            "card_uid", existing_type=sa.String(length=14), type_=sa.String(length=20)
        )


def downgrade() -> None:
    with op.batch_alter_table("card_prints") as table:
        table.alter_column(
            "card_uid", existing_type=sa.String(length=20), type_=sa.String(length=14)
        )
