"""Migration 0016: a case reopened by a call-back before the upgrade keeps counting from that day."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, inspect, text

from app.db import migrate
from app.services.cases.dto import NewCase
from app.settings import resolve
from tests.sample_office import command_line_services

EVENT = (
    "INSERT INTO case_event (case_id, at, user_id, action, from_status, to_status, note, data) "
    "VALUES (:case_id, :at, NULL, 'reopened', 'replied', 'in_progress', :note, :data)"
)
CALLBACK = '{"before": {}, "after": {}, "reason": "callback", "reopen_count": %d}'


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_upgrade_takes_the_last_call_back_reopening_and_downgrade_drops_it(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = f"sqlite:///{tmp_path / 't.db'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    services = command_line_services(resolve(url, data_dir=tmp_path))
    try:
        engine = services.engine
        called, manual, never = (
            services.cases.create_case(
                NewCase(content=f"Đèn đường hỏng {n}", received_at=datetime(2026, 11, 2, 8)), None
            ).id
            for n in range(3)
        )
        command.downgrade(migrate.alembic_config(engine), "0015")
        with engine.begin() as conn:
            assert "reopened_on" not in _columns(conn)
            for case_id, at, data in (
                (called, datetime(2026, 11, 10, 9), CALLBACK % 1),
                (called, datetime(2026, 11, 20, 15, 45), CALLBACK % 2),
                (manual, datetime(2026, 11, 12, 9), ""),  # «Mở lại» by hand: no restart
            ):
                conn.execute(text(EVENT), {"case_id": case_id, "at": at, "note": "Mở lại", "data": data})
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()  # 0016 and those after it
        with engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT id, reopened_on FROM case_file")).all())
        assert {k: _day(v) for k, v in rows.items()} == {
            called: date(2026, 11, 20),
            manual: None,
            never: None,
        }
        command.downgrade(migrate.alembic_config(engine), "0015")
        with engine.connect() as conn:
            assert "reopened_on" not in _columns(conn)
            assert conn.execute(text("SELECT count(*) FROM case_file")).scalar() == 3
        migrate.upgrade(engine)
    finally:
        services.close()


def _columns(conn: Connection) -> list[str]:
    return [c["name"] for c in inspect(conn).get_columns("case_file")]


def _day(value: object) -> date | None:
    """SQLite gives the text back through a raw query, PostgreSQL a date."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
