"""Alembic environment: always run against the connection the store hands in.

The tables to compare with (``target_metadata``, for autogenerate) are handed in
too, by whoever compares: ``fieldkit.schema.METADATA`` gathers every feature's
tables, and the store sits below the features, so it never imports them here.
An upgrade runs the revision scripts and compares nothing: it hands in none.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=context.config.attributes.get("target_metadata"),
    render_as_batch=True,  # SQLite can only alter tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
