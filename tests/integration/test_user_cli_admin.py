"""``hotline-desk user set|limit|enable|unlock``: account changes from the command line, audited as cli."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.__main__ import main
from app.models import AuditLog
from app.services.accounts.auth_service import AuthError, cli_actor
from app.settings import resolve
from tests.sample_office import SAMPLE_INIT, command_line_services

ECONOMY = "Phòng Kinh tế, Hạ tầng và Đô thị"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_set_limit_enable_unlock_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOTLINE_DATA_DIR", str(tmp_path))
    db = f"sqlite:///{tmp_path / 'hotline.db'}"
    assert (
        _run(
            capsys,
            "init",
            "--db",
            db,
            *SAMPLE_INIT,
            "--admin-password",
            "Quantri@2026",
        )[0]
        == 0
    )
    _, out, _ = _run(
        capsys, "user", "add", "lan.pt", "--role", "handler", "--full-name", "Pham Thi Lan", "--db", db
    )
    temporary = out.split("Mật khẩu tạm: ")[1].split()[0]

    code, out, _ = _run(
        capsys, "user", "set", "lan.pt", "--role", "chief", "--full-name", "Phạm Thị Lan", "--db", db
    )
    assert code == 0 and "Đã cập nhật tài khoản lan.pt" in out
    code, out, _ = _run(
        capsys, "user", "limit", "lan.pt", "--departments", f"Công an phường,{ECONOMY}", "--db", db
    )
    assert code == 0 and f"phụ trách: Công an phường; {ECONOMY}" in out
    code, out, _ = _run(capsys, "user", "list", "--db", db)
    assert "Phạm Thị Lan" in out and f"phụ trách: Công an phường; {ECONOMY}" in out
    code, _, err = _run(capsys, "user", "limit", "lan.pt", "--departments", "Phòng Ma", "--db", db)
    assert code == 2 and "Không có đơn vị «Phòng Ma»" in err
    code, _, err = _run(capsys, "user", "set", "admin", "--role", "handler", "--db", db)
    assert code == 2 and "quản trị viên cuối cùng" in err

    services = command_line_services(resolve(db, data_dir=tmp_path))
    try:
        assert len(services.auth.login("lan.pt", temporary).allowed_department_ids) == 2
        for _ in range(5):
            with pytest.raises(AuthError):
                services.auth.login("lan.pt", "sai-mat-khau")
        with pytest.raises(AuthError, match="tạm khóa"):
            services.auth.login("lan.pt", temporary)
    finally:
        services.close()
    assert "tạm khóa đến" in _run(capsys, "user", "list", "--db", db)[1]
    code, out, _ = _run(capsys, "user", "unlock", "lan.pt", "--db", db)
    assert code == 0 and "Đã mở khóa tài khoản lan.pt" in out
    assert _run(capsys, "user", "disable", "lan.pt", "--db", db)[0] == 0
    code, out, _ = _run(capsys, "user", "enable", "lan.pt", "--db", db)
    assert code == 0 and "Đã kích hoạt lại tài khoản lan.pt" in out
    code, out, _ = _run(capsys, "user", "limit", "lan.pt", "--departments", "", "--db", db)
    assert code == 0 and "phụ trách: mọi đơn vị" in out

    services = command_line_services(resolve(db, data_dir=tmp_path))
    try:
        assert services.auth.login("lan.pt", temporary).allowed_department_ids == frozenset()
        with services.sessions() as session:
            rows = set(session.execute(select(AuditLog.username, AuditLog.action, AuditLog.object_id)))
        for action in ("user.update", "user.limit", "user.unlock", "user.disable", "user.enable"):
            assert (cli_actor(), action, "lan.pt") in rows
        assert services.audit.verify().ok
    finally:
        services.close()
