"""Alembic environment: uses the engine handed over by app.db.migrate, batch mode on SQLite."""

from __future__ import annotations

from alembic import context

from app.models import Base
from app.models.partial_index import for_postgresql

config = context.config
engine = config.attributes["engine"]
if engine.dialect.name == "postgresql":
    for_postgresql(Base.metadata)  # the partial indexes' PostgreSQL form, for Alembic's comparisons

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=engine.dialect.name == "sqlite",
        transactional_ddl=True,
        compare_type=True,
    )
    context.run_migrations()
