"""Where and when each officer's first-login code was used (issue 56.4).

A laptop reports a first login in its next health report; the data center then drops the
code from every laptop's package (``first_login`` NULL) and keeps where it was used, for
the console and ``officers list``.  Two nullable columns; no personal data.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("office_officers") as batch:
        batch.add_column(sa.Column("first_login_used_on", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("first_login_used_at", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("office_officers") as batch:
        batch.drop_column("first_login_used_at")
        batch.drop_column("first_login_used_on")
