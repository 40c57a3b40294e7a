"""Alembic environment: always run on the connection handed over by app.db.migrate."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - command-line alembic is not supported
    raise RuntimeError("Run migrations through app.db.migrate (python -m app selftest or start the app).")

context.configure(
    connection=connection,
    target_metadata=None,
    render_as_batch=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
