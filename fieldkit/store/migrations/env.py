"""Alembic environment: always run against the connection the store hands in."""

from __future__ import annotations

from alembic import context

from fieldkit.schema import METADATA

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=METADATA,
    render_as_batch=True,  # SQLite can only alter tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
