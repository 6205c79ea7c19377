"""Partial indexes (only the rows a condition holds) on SQLite and PostgreSQL alike.

The SQLite form is given when the model is defined; the PostgreSQL form (``postgresql_where``) is
attached when the metadata meets PostgreSQL: before ``create_all`` on a PostgreSQL connection, or
through ``for_postgresql`` (Alembic's environment). Naming ``postgresql_where`` in the model itself
would make SQLAlchemy import its whole PostgreSQL dialect to check the argument, in every process,
the SQLite desk's too (~15-25 ms of each start, issue 18). The schema itself is made by the
migrations, which name both forms.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Index, MetaData, event, text

from app.models.base import Base

WHERE = "hotline_partial_where"
"""``Index.info`` key holding the condition."""


def partial_index(name: str, *columns: Any, where: str, **kw: Any) -> Index:
    """``Index(name, *columns, sqlite_where=…, postgresql_where=…)``, the PostgreSQL part deferred."""
    index = Index(name, *columns, sqlite_where=text(where), **kw)
    index.info[WHERE] = where
    return index


def for_postgresql(metadata: MetaData) -> None:
    """Give every partial index of ``metadata`` its ``postgresql_where`` (imports that dialect)."""
    for table in metadata.tables.values():
        for index in table.indexes:
            where = index.info.get(WHERE)
            if where is not None:
                index.dialect_options["postgresql"]["where"] = text(where)


@event.listens_for(Base.metadata, "before_create")
def _before_create(metadata: MetaData, connection: Any, **_kw: Any) -> None:
    if connection.dialect.name == "postgresql":
        for_postgresql(metadata)
