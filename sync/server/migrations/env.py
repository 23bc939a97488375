"""Alembic environment for the data center: always run on the connection the store hands in."""

from __future__ import annotations

from alembic import context

from sync.server.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying
)
with context.begin_transaction():
    context.run_migrations()
