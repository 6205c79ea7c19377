"""Migration 0017: on SQLite ix_case_month replaces ix_case_report and the carried-over indexes
cover the report's columns; downgrade restores 0015's indexes; PostgreSQL is left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text

from app.bootstrap import command_line_services
from app.db import migrate
from app.settings import resolve


def _sqlite_indexes(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'case_file'")).all()
    return {name: sql or "" for name, sql in rows}


def _pg_indexes(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(
            conn.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'case_file'")).scalars()
        )


def test_sqlite_up_and_down(tmp_path: Path) -> None:
    services = command_line_services(resolve(f"sqlite:///{tmp_path / 't.db'}", data_dir=tmp_path))
    try:
        engine = services.engine
        indexes = _sqlite_indexes(engine)
        assert "ix_case_report" not in indexes
        assert "substr(received_at, 1, 7)" in indexes["ix_case_month"]
        assert "substr(closed_at, 1, 10) <= due_date" in indexes["ix_case_month"]
        assert (
            "department_id" in indexes["ix_case_open"]
            and "WHERE closed_at IS NULL" in indexes["ix_case_open"]
        )
        assert "department_id" in indexes["ix_case_closed"]
        command.downgrade(migrate.alembic_config(engine), "0016")
        indexes = _sqlite_indexes(engine)
        assert "ix_case_month" not in indexes and "ix_case_report" in indexes
        assert "department_id" not in indexes["ix_case_open"] + indexes["ix_case_closed"]
        migrate.upgrade(engine)
        assert "ix_case_month" in _sqlite_indexes(engine)
    finally:
        services.close()


@pytest.mark.postgres
def test_postgres_keeps_its_indexes(pg_url: str, tmp_path: Path) -> None:
    services = command_line_services(resolve(pg_url, data_dir=tmp_path))
    try:
        engine = services.engine
        before = _pg_indexes(engine)
        assert {
            "ix_case_report",
            "ix_case_open",
            "ix_case_closed",
        } <= before and "ix_case_month" not in before
        command.downgrade(migrate.alembic_config(engine), "0016")
        assert _pg_indexes(engine) == before
        migrate.upgrade(engine)
    finally:
        services.close()
