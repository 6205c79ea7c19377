"""Tampering with the audit log directly in SQLite or PostgreSQL is detected and the row named."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app.bootstrap import Services
from app.settings import resolve
from tests.sample_office import command_line_services

_UNGUARD = {
    "sqlite": ("DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"),
    "postgresql": ("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",),
}
_TAMPER = {
    "edit": 'UPDATE audit_log SET after = \'{"x":"sửa"}\' WHERE id = 5',
    "delete": "DELETE FROM audit_log WHERE id = 5",
    "delete_tail": "DELETE FROM audit_log WHERE id >= 9",
    "insert": "INSERT INTO audit_log SELECT id + 100, at, user_id, username, action, object_type, object_id,"
    " before, after, prev_hash, row_hash FROM audit_log WHERE id = 10",
}
_EXPECTED = {
    "edit": (5, "bị sửa"),
    "delete": (5, "bị xóa"),
    "delete_tail": (9, "bị xóa"),
    "insert": (110, "bị chèn"),
}


@pytest.fixture(params=["sqlite", "postgresql"])
def logged(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    url = (
        f"sqlite:///{tmp_path / 'hotline.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    services = command_line_services(resolve(url, data_dir=tmp_path))
    for i in range(10):
        services.audit.record_standalone(
            "cli:test", "export", "report", f"2026-{i:02}", None, {"tệp": f"bc{i}.xlsx"}
        )
    yield services
    services.close()


def _tamper(services: Services, how: str) -> None:
    with services.engine.begin() as conn:
        for sql in _UNGUARD[services.engine.dialect.name]:
            conn.execute(text(sql))
        conn.execute(text(_TAMPER[how]))


@pytest.mark.parametrize("how", list(_TAMPER))
def test_tampering_is_found_and_the_first_broken_row_named(logged: Services, how: str) -> None:
    assert logged.audit.verify().ok
    _tamper(logged, how)
    report = logged.audit.verify()
    row, words = _EXPECTED[how]
    assert not report.ok and report.broken_id == row and words in report.problem
    assert not logged.audit.quick_check().ok


def test_a_plain_update_is_refused_by_the_database(logged: Services) -> None:
    with pytest.raises(Exception, match="append-only"), logged.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE id = 3"))
    assert logged.audit.verify().ok


def test_cli_verify_exits_non_zero_naming_the_row(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hotline.db'}"
    services = command_line_services(resolve(url, data_dir=tmp_path))
    for i in range(10):
        services.audit.record_standalone("cli:test", "export", "report", str(i))
    env = {**os.environ, "HOTLINE_DATA_DIR": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    ok = subprocess.run([sys.executable, "-m", "app", "audit", "verify", "--db", url, "--quiet"],
                        capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert ok.returncode == 0 and "toàn vẹn" in ok.stdout
    _tamper(services, "edit")
    services.close()
    bad = subprocess.run([sys.executable, "-m", "app", "audit", "verify", "--db", url, "--quiet"],
                         capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert bad.returncode != 0
    assert "dòng nhật ký số 5 đã bị sửa" in bad.stderr


def test_check_command_reports_a_tampered_audit_log(tmp_path: Path) -> None:
    """``hotline-desk check`` covers the audit chain too (issue 6: 'audit chain if present')."""
    import sqlite3

    from app.services.cases.dto import NewCase
    from app.services.maintenance.integrity_service import check_database

    services = command_line_services(resolve(f"sqlite:///{tmp_path / 'c.db'}", data_dir=tmp_path))
    services.cases.create_case(NewCase(content="Cống tắc"), None)
    services.cases.create_case(NewCase(content="Đèn hỏng"), None)
    assert check_database(services.engine).ok
    services.engine.dispose()
    raw = sqlite3.connect(tmp_path / "c.db")
    for (name,) in raw.execute(
        "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_log'"
    ):
        raw.execute(f"DROP TRIGGER {name}")
    raw.execute("UPDATE audit_log SET action = 'sửa trộm' WHERE id = (SELECT min(id) FROM audit_log)")
    raw.commit()
    raw.close()
    report = check_database(services.engine)
    assert not report.ok and any("can thiệp" in p for p in report.problems)
    services.close()
