"""Paperwork: officers' NIP and rank, letter numbers, sarpras acceptance, the family's receipt.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ID = 36


def upgrade() -> None:
    with op.batch_alter_table("officers") as batch:
        batch.add_column(sa.Column("nip", sa.String(18), nullable=True))
        batch.add_column(sa.Column("rank", sa.String(80), nullable=True))
    with op.batch_alter_table("sarpras_checklists") as batch:
        batch.add_column(sa.Column("accepted_by_name", sa.String(120), nullable=True))
        batch.add_column(sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("accepted_recorded_by", sa.String(32), nullable=True))
    op.create_table(
        "letter_numbers",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("letter_type", sa.String(24), nullable=False),
        sa.Column("seq", sa.Integer, nullable=True),
        sa.Column("number", sa.String(120), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("ref_id", sa.String(ID), nullable=True),
        sa.Column("letter_date", sa.Date, nullable=False),
        sa.Column("issued_by", sa.String(32), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("year", "letter_type", "seq", name="uq_letter_numbers_seq"),
    )
    op.create_index("ix_letter_numbers_ref_id", "letter_numbers", ["ref_id"])
    op.create_table(
        "record_receipts",
        sa.Column("record_id", sa.String(ID), primary_key=True),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("made_by", sa.String(32), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("record_receipts")
    op.drop_table("letter_numbers")
    with op.batch_alter_table("sarpras_checklists") as batch:
        batch.drop_column("accepted_recorded_by")
        batch.drop_column("accepted_at")
        batch.drop_column("accepted_by_name")
    with op.batch_alter_table("officers") as batch:
        batch.drop_column("rank")
        batch.drop_column("nip")
