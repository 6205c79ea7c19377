"""Migration 0002 upgrades a register full of cases in place, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from app.db import migrate
from app.db.engine import make_engine
from app.settings import resolve
from tests.sample_office import command_line_services

RECEIVED = datetime(2026, 11, 2, 8, 30)
NEW_COLUMNS = {"accepted_on", "acceptance_no", "complex", "very_complex", "remote", "second_instance",
               "target_date", "target_rule"}  # fmt: skip
NEW_TABLES = {"deadline_rule", "calendar_day", "case_extension", "case_suspension", "target_profile"}


def _fill_at_0001(engine: Engine, cases: int = 30) -> None:
    migrate.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO office(id, name, short_name, parent_body, place_name, leader_name, "
                "leader_title, hotline, address) VALUES (1, 'UBND phường Nhị Chiểu', 'UBND', "
                "'UBND thành phố Hải Phòng', 'Hải Phòng', '', 'Chủ tịch', '', '')"
            )
        )
        for i in range(1, cases + 1):
            kind = ("phan_anh", "khieu_nai", "to_cao")[i % 3]
            conn.execute(
                text(
                    "INSERT INTO case_file(id, office_id, year, seq, number, received_at, channel, kind, "
                    "urgency, status, content, request, location, external_ref, due_date, due_rule, "
                    "created_at, updated_at, version) VALUES (:id, 1, 2026, :id, :number, :at, 'letter', "
                    ":kind, 'normal', 'received', 'Nội dung cũ', '', '', '', :due, "
                    "'10 ngày làm việc kể từ ngày tiếp nhận 02/11/2026', :at, :at, 1)"
                ),
                {"id": i, "number": f"2026-{i:05d}", "at": RECEIVED, "kind": kind, "due": date(2026, 11, 16)},
            )
            conn.execute(
                text(
                    "INSERT INTO case_event(case_id, at, action, note, data) "
                    "VALUES (:id, :at, 'created', 'Tiếp nhận', '')"
                ),
                {"id": i, "at": RECEIVED},
            )
        conn.execute(
            text("INSERT INTO case_counter(office_id, year, last_seq) VALUES (1, 2026, :n)"), {"n": cases}
        )


def _check_upgraded(url: str, tmp_path: Path) -> None:
    engine = make_engine(url)
    _fill_at_0001(engine)
    engine.dispose()
    services = command_line_services(
        resolve(url, data_dir=tmp_path),
        clock=lambda: datetime(2026, 11, 20, 9),
        today=lambda: date(2026, 11, 20),
    )
    try:
        inspector = inspect(services.engine)
        assert set(inspector.get_table_names()) >= NEW_TABLES
        assert {c["name"] for c in inspector.get_columns("case_file")} >= NEW_COLUMNS
        with services.engine.connect() as conn:
            row = conn.execute(
                text("SELECT complex, very_complex, remote, second_instance, acceptance_no, target_rule, "
                     "accepted_on, due_rule FROM case_file WHERE id = 2")
            ).one()  # fmt: skip
            assert tuple(bool(x) for x in row[:4]) == (False, False, False, False)
            assert (row[4], row[5], row[6]) == ("", "", None)
            assert row[7].startswith("10 ngày làm việc")  # kept until recomputed
            assert conn.execute(text("SELECT COUNT(*) FROM case_event")).scalar() == 30
            assert conn.execute(text("SELECT COUNT(*) FROM case_file")).scalar() == 30
            assert conn.execute(text("SELECT COUNT(*) FROM deadline_rule")).scalar() > 20
        result = services.deadlines.recompute_open()
        assert result.open_cases == 30 and result.changed == 30 and not result.failed
        complaint = services.deadlines.case_deadlines(1)
        assert complaint.due_date == date(2026, 11, 11) and len(complaint.due_rule) > 200
        changed = services.case_clock.record_acceptance(1, date(2026, 11, 10), "05/TB-UBND", None)
        assert changed.due_date == date(2026, 12, 10)
        assert services.deadlines.case_deadlines(1).due_rule.startswith("Giải quyết khiếu nại lần đầu")
    finally:
        services.close()


def test_upgrade_from_0001_keeps_cases_and_history_on_sqlite(tmp_path: Path) -> None:
    _check_upgraded(f"sqlite:///{tmp_path / 'old.db'}", tmp_path)


def test_0002_downgrades_back_to_0001_without_losing_cases(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'down.db'}")
    try:
        _fill_at_0001(engine, cases=5)
        migrate.upgrade(engine, "0002")
        from alembic import command

        command.downgrade(migrate.alembic_config(engine), "0001")
        assert migrate.current_revision(engine) == "0001"
        assert not NEW_TABLES & set(inspect(engine).get_table_names())
        assert not NEW_COLUMNS & {c["name"] for c in inspect(engine).get_columns("case_file")}
        with engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM case_event")).scalar() == 5
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_upgrade_from_0001_keeps_cases_and_history_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    _check_upgraded(pg_url, tmp_path)
