"""Partial indexes keep their condition on both databases, without importing SQLAlchemy's
PostgreSQL dialect into a SQLite process (issue 18: ~15-25 ms of every start)."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import MetaData
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex

from app.models import Base
from app.models.partial_index import WHERE, for_postgresql

PARTIAL = {
    "ix_case_external", "ix_case_closed", "ix_case_open", "uq_case_source_external_ref",
    "ix_case_merged_into", "ix_case_import_batch", "ix_phone_log_entry_callback",
}  # fmt: skip


def _partial(metadata: MetaData) -> dict[str, object]:
    return {i.name: i for t in metadata.tables.values() for i in t.indexes if WHERE in i.info}


def test_every_partial_index_is_created_with_its_condition_on_sqlite_and_postgresql() -> None:
    indexes = _partial(Base.metadata)
    assert set(indexes) == PARTIAL
    for_postgresql(Base.metadata)
    for name, index in indexes.items():
        where = index.info[WHERE]  # type: ignore[attr-defined]
        for dialect in (sqlite.dialect(), postgresql.dialect()):
            ddl = str(CreateIndex(index).compile(dialect=dialect))  # type: ignore[arg-type]
            assert ddl.rstrip().endswith(f"WHERE {where}"), (name, dialect.name, ddl)


def test_the_models_load_without_the_postgresql_dialect() -> None:
    code = "import sys, app.models, sqlalchemy.dialects.sqlite; print('sqlalchemy.dialects.postgresql' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
