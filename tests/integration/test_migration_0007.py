"""Migration 0007: the rarely-set case columns get partial indexes, still used by their queries."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text

from app.db import migrate
from app.services.cases.dto import NewCase
from app.settings import resolve
from tests.sample_office import command_line_services


def _plan(engine: Engine, sql: str) -> str:
    with engine.connect() as conn:
        return " ".join(str(row[-1]) for row in conn.execute(text("EXPLAIN QUERY PLAN " + sql)))


def _index_sql(engine: Engine, name: str) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": name}).scalar())


def test_partial_indexes_hold_no_new_case_and_still_serve_their_lookups(tmp_path: Path) -> None:
    services = command_line_services(resolve(f"sqlite:///{tmp_path}/t.db", data_dir=tmp_path))
    try:
        engine = services.engine
        assert migrate.current_revision(engine) == migrate.head_revision()
        for name, where in (
            ("ix_case_external", "external_ref <> ''"),
            ("ix_case_merged_into", "merged_into_id IS NOT NULL"),
            ("ix_case_import_batch", "import_batch_id IS NOT NULL"),
            ("ix_case_closed", "closed_at IS NOT NULL"),
        ):
            assert f"WHERE {where}" in _index_sql(engine, name)
        services.cases.create_case(NewCase(content="Đèn đường hỏng"), None)
        with engine.connect() as conn:  # the new case is in the table, not in the partial index
            held = "SELECT count(*) FROM case_file INDEXED BY ix_case_merged_into WHERE merged_into_id IS NOT NULL"
            assert conn.execute(text(held)).scalar() == 0
            assert conn.execute(text("SELECT count(*) FROM case_file")).scalar() == 1
        assert "ix_case_merged_into" in _plan(engine, "SELECT id FROM case_file WHERE merged_into_id = 5")
        assert "ix_case_closed" in _plan(
            engine,
            "SELECT count(*) FROM case_file WHERE closed_at >= '2026-01-01' AND closed_at < '2026-02-01'",
        )
        assert "ix_case_external" in _plan(
            engine,
            "SELECT id FROM case_file WHERE external_ref <> '' AND external_ref IN ('1022-1', '1022-2')",
        )
    finally:
        services.close()


def test_downgrade_restores_the_full_indexes(tmp_path: Path) -> None:
    services = command_line_services(resolve(f"sqlite:///{tmp_path}/t.db", data_dir=tmp_path))
    engine = services.engine
    try:
        from alembic import command

        command.downgrade(migrate.alembic_config(engine), "0006")
        assert "WHERE" not in _index_sql(engine, "ix_case_external")
        with engine.connect() as conn:
            assert (
                conn.execute(
                    text("SELECT count(*) FROM sqlite_master WHERE name = 'ix_case_closed'")
                ).scalar()
                == 0
            )
        migrate.upgrade(engine)
        assert "WHERE external_ref <> ''" in _index_sql(engine, "ix_case_external")
    finally:
        services.close()
