"""The office's time zone (issue 59 §9).

``office_settings.time_zone`` is ``WIB``, ``WITA`` or ``WIT`` as the office set it; NULL
until then, when the office code's province decides.  Times stay stored in UTC.

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("office_settings") as batch:
        batch.add_column(sa.Column("time_zone", sa.String(8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("office_settings") as batch:
        batch.drop_column("time_zone")
