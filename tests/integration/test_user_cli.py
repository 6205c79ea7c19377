"""``hotline-desk init --admin-password`` and ``user add|list|reset-password|disable``, audited as cli:<user>."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.__main__ import main
from app.models import AuditLog
from app.services.accounts.auth_service import AuthError, cli_actor
from app.settings import resolve
from tests.sample_office import SAMPLE_INIT, command_line_services


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_accounts_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOTLINE_DATA_DIR", str(tmp_path))
    db = f"sqlite:///{tmp_path / 'hotline.db'}"
    code, out, _ = _run(
        capsys,
        "init",
        "--db",
        db,
        *SAMPLE_INIT,
        "--admin-password",
        "Quantri@2026",
    )
    assert code == 0 and "Đã đặt mật khẩu cho tài khoản quản trị admin" in out
    code, out, _ = _run(
        capsys, "user", "add", "hoa.nt", "--role", "handler", "--full-name", "Nguyễn Thị Hoa", "--db", db
    )
    assert code == 0
    temporary = out.split("Mật khẩu tạm: ")[1].split()[0]
    code, out, _ = _run(capsys, "user", "list", "--db", db)
    assert "hoa.nt" in out and "Cán bộ xử lý" in out and "Nguyễn Thị Hoa" in out
    code, out, _ = _run(capsys, "user", "reset-password", "hoa.nt", "--db", db)
    second = out.split("Mật khẩu tạm: ")[1].split()[0]
    assert second != temporary
    code, _, err = _run(
        capsys, "user", "add", "x", "--role", "handler", "--department", "Không có", "--db", db
    )
    assert code == 2 and "Không có đơn vị «Không có»" in err

    services = command_line_services(resolve(db, data_dir=tmp_path))
    try:
        actor = services.auth.login("hoa.nt", second)
        assert actor.must_change and actor.full_name == "Nguyễn Thị Hoa"
        assert services.auth.login("admin", "Quantri@2026").role == "admin"
    finally:
        services.close()
    code, out, _ = _run(capsys, "user", "disable", "hoa.nt", "--db", db)
    assert code == 0 and "Đã vô hiệu hóa" in out
    services = command_line_services(resolve(db, data_dir=tmp_path))
    try:
        with pytest.raises(AuthError, match="vô hiệu hóa"):
            services.auth.login("hoa.nt", second)
        with services.sessions() as session:
            rows = session.execute(select(AuditLog.username, AuditLog.action, AuditLog.object_id)).all()
        assert (cli_actor(), "user.add", "hoa.nt") in rows
        assert (cli_actor(), "user.disable", "hoa.nt") in rows
        assert services.audit.verify().ok
    finally:
        services.close()
