"""Migrations build the same schema on SQLite and PostgreSQL, and a second start is a no-op."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect

from app.db import migrate
from app.db.engine import make_engine
from app.services.cases.dto import CaseFilter, NewCase
from app.services.core.errors import DatabaseError
from app.settings import resolve
from tests.sample_office import command_line_services

EXPECTED_TABLES = {"office", "department", "field", "user_account", "citizen", "case_file",
                   "case_event", "reply", "attachment", "case_counter", "setting"}  # fmt: skip


def test_first_start_creates_and_migrates_the_sqlite_file(tmp_path: Path) -> None:
    services = command_line_services(resolve(f"sqlite:///{tmp_path / 'new.db'}", data_dir=tmp_path))
    try:
        tables = set(inspect(services.engine).get_table_names())
        assert tables >= EXPECTED_TABLES and "case_fts" in tables
        assert migrate.current_revision(services.engine) == migrate.head_revision(services.engine)
        with services.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        services.close()
    again = command_line_services(resolve(f"sqlite:///{tmp_path / 'new.db'}", data_dir=tmp_path))
    assert len(again.catalog.fields()) >= 20  # seeded once, not twice
    again.close()


def test_a_file_that_is_not_a_database_gives_a_clear_message(tmp_path: Path) -> None:
    bad = tmp_path / "hotline.db"
    bad.write_bytes(b"this is a spreadsheet, not a database" * 100)
    with pytest.raises(DatabaseError) as info:
        command_line_services(resolve(f"sqlite:///{bad}", data_dir=tmp_path))
    assert "hỏng" in info.value.message


def test_database_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    command_line_services(resolve(url, data_dir=tmp_path)).close()
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num='9999'")
    engine.dispose()
    with pytest.raises(DatabaseError) as info:
        command_line_services(resolve(url, data_dir=tmp_path))
    assert "phiên bản chương trình mới hơn" in info.value.message


@pytest.mark.postgres
def test_same_migrations_and_services_run_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    services = command_line_services(resolve(pg_url, data_dir=tmp_path))
    try:
        assert set(inspect(services.engine).get_table_names()) >= EXPECTED_TABLES
        first = services.cases.create_case(NewCase(content="Đường ngập nước", phone="0912345678"), None)
        second = services.cases.create_case(NewCase(content="Cây đổ", phone="+84 912 345 678"), None)
        year = date.today().year
        assert (first.number, second.number) == (f"{year}-00001", f"{year}-00002")
        history = services.query.caller_history("0912.345.678")
        assert history is not None and len(history.cases) == 2
        rows = services.query.page(CaseFilter(text="0912345678")).rows
        assert {r.id for r in rows} == {first.id, second.id}
    finally:
        services.close()


@pytest.mark.postgres
def test_demo_data_on_postgresql_is_searchable(pg_url: str, tmp_path: Path) -> None:
    from app.services.demo.demo_service import DemoService

    services = command_line_services(resolve(pg_url, data_dir=tmp_path))
    try:
        DemoService(
            services.engine,
            services.sessions,
            services.office_id,
            services.due_policy,
            signed_in=services.signed_in,
        ).generate(300, seed=5)
        rows = services.query.page(CaseFilter(text="cong thoat nuoc")).rows
        assert rows and all("Cống thoát nước" in r.excerpt for r in rows)
    finally:
        services.close()


def test_reading_never_blocks_an_officer_saving(tmp_path: Path) -> None:
    """A long read (a report export) must not hold the write lock an intake save needs."""
    from sqlalchemy import text

    services = command_line_services(resolve(f"sqlite:///{tmp_path / 'h.db'}", data_dir=tmp_path))
    try:
        services.cases.create_case(NewCase(content="Trước khi xuất báo cáo"), None)
        with services.sessions() as reader:
            reader.execute(text("SELECT count(*) FROM case_file")).scalar()
            saved = services.cases.create_case(NewCase(content="Trong lúc xuất báo cáo"), None)
        assert saved.number.endswith("00002")
    finally:
        services.close()


def test_a_read_session_uses_one_connection_for_all_its_statements(tmp_path: Path) -> None:
    from sqlalchemy import text

    services = command_line_services(resolve(f"sqlite:///{tmp_path / 'h.db'}", data_dir=tmp_path))
    try:
        with services.sessions() as session:
            first = session.connection()
            session.execute(text("SELECT 1"))
            session.execute(text("SELECT 2"))
            assert session.connection() is first
    finally:
        services.close()
