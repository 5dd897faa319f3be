"""Alembic's entry point for the operational store's migrations (``data.opstore.migrate`` runs them).

The connection comes from the caller (``config.attributes["connection"]``): the store's own engine,
SQLite or PostgreSQL; there is no ``alembic.ini`` and no URL here. Offline (SQL script) mode is not used.
"""

from __future__ import annotations

from alembic import context

from data import opstore

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=opstore.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
