"""Alembic environment: uses the engine handed over by app.db.migrate, batch mode on SQLite."""

from __future__ import annotations

from alembic import context

from app.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=engine.dialect.name == "sqlite",
        transactional_ddl=True,
        compare_type=True,
    )
    context.run_migrations()
