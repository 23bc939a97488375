"""The ketua tim's decisions sealed at rest: ``sealed`` and ``kid``; ``document`` may be empty.

A decision's signed document holds the ketua's note about the person; from this revision
it is kept only HPKE-sealed to the data center's own encryption key (``sealed``, the key's
id in ``kid``), and ``document`` and ``note`` stay NULL.

This migration only makes room: it runs wherever the database is opened, also by chores
that hold no keys, so it cannot seal.  Decisions an earlier release kept in the clear are
sealed, and their clear columns emptied, at the first start with the keys
(``sync.server.intake.reviews.seal_plaintext``: ``serve``, ``import``, ``reviews list``).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("record_reviews", sa.Column("sealed", sa.Text(), nullable=True))
    op.add_column("record_reviews", sa.Column("kid", sa.String(length=64), nullable=True))
    # SQLite cannot drop a NOT NULL in place: the batch copies the table (the store's
    # connections have secure_delete on, so the old table's pages are zeroed as they go).
    with op.batch_alter_table("record_reviews") as batch:
        batch.alter_column("document", existing_type=sa.Text(), nullable=True)


def downgrade() -> None:
    # Refused by the database while a decision is sealed (its document is NULL): an
    # earlier release could not read it.
    with op.batch_alter_table("record_reviews") as batch:
        batch.alter_column("document", existing_type=sa.Text(), nullable=False)
    op.drop_column("record_reviews", "kid")
    op.drop_column("record_reviews", "sealed")
