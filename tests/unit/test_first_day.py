"""A new office's first day: a blank install, the setup that names it, and no printing before it (issue 12)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.bootstrap import Services, build_services, command_line_services
from app.domain.enums import Role
from app.domain.first_day import FirstAccount, FirstDay
from app.domain.office_kind import OfficeKind
from app.domain.periods import month
from app.models import AuditLog, Department, Setting, User
from app.services.accounts.guard import PermissionDenied
from app.services.catalog.first_day_service import FirstDayInvalid
from app.services.core.errors import ValidationError
from app.services.core.json_settings import HOTLINES_KEY, PAGE_NAMES_KEY
from app.services.reports.register_service import RegisterOptions
from app.services.reports.report_service import ReportOptions
from app.settings import resolve

PASSWORD = "Qu@nTri-2026"


@pytest.fixture
def blank(tmp_path: Path) -> Iterator[Services]:
    """A fresh install as the app makes it: no sample office (the real ``command_line_services``)."""
    services = command_line_services(resolve(f"sqlite:///{tmp_path / 'hotline.db'}", data_dir=tmp_path))
    yield services
    services.close()


def commune(**changes: object) -> FirstDay:
    values: dict[str, object] = dict(
        name="Ủy ban nhân dân xã Cẩm Giàng", kind=OfficeKind.COMMUNE, leader_name="Phạm Thị Lan",
        leader_title="Chủ tịch", address="Thôn Đông, xã Cẩm Giàng", hotlines=("0225 3841 234", "0912.345.678"),
        facebook_pages=("UBND xã Cẩm Giàng",), departments=("Văn phòng HĐND và UBND", "Công an xã", "Phòng Kinh tế"),
        officer=FirstAccount("thu.tn", "Nguyễn Thu"), chief=FirstAccount("lanh.dao", "Phạm Thị Lan"),
    )  # fmt: skip
    values.update(changes)
    return FirstDay(**values)  # type: ignore[arg-type]


def test_a_fresh_install_is_no_sample_office(blank: Services) -> None:
    office = blank.catalog.office()
    assert office.name == "" and office.leader_name == ""
    assert blank.catalog.departments() == []
    assert [u.username for u in blank.catalog.users(include_inactive=True)] == ["admin"]
    assert blank.first_day.needed()


def test_nothing_prints_before_the_office_has_a_name_and_a_signer(blank: Services) -> None:
    with pytest.raises(ValidationError, match=r"cơ quan chưa có tên.*Danh mục › Cơ quan"):
        blank.reports.build(ReportOptions(period=month(2026, 11)))
    with pytest.raises(ValidationError, match="cơ quan chưa có tên"):
        blank.registers.build(RegisterOptions(period=month(2026, 11)))
    with pytest.raises(FirstDayInvalid):  # a name without a signer cannot be saved either
        blank.first_day.apply(commune(leader_name=" "))
    with pytest.raises(ValidationError, match="cơ quan chưa có tên"):
        blank.reports.build(ReportOptions(period=month(2026, 11)))


def test_the_setup_names_the_office_in_one_audited_step(blank: Services) -> None:
    issued = blank.first_day.apply(commune())
    office = blank.catalog.office()
    assert office.name == "Ủy ban nhân dân xã Cẩm Giàng" and office.leader_name == "Phạm Thị Lan"
    assert office.address == "Thôn Đông, xã Cẩm Giàng" and office.hotline == "0225 3841 234"
    assert sorted(d.name for d in blank.catalog.departments()) == sorted(
        [
            "Văn phòng HĐND và UBND",
            "Công an xã",
            "Phòng Kinh tế",
        ]
    )
    assert {(a.username, a.role) for a in issued} == {("thu.tn", Role.RECEIVER), ("lanh.dao", Role.CHIEF)}
    with blank.sessions() as session:
        settings = {k: v for k, v in session.execute(select(Setting.key, Setting.value))}
        users = {u.username: u for u in session.scalars(select(User))}
        actions = list(session.scalars(select(AuditLog.action).order_by(AuditLog.id)))
    assert json.loads(settings[HOTLINES_KEY]) == ["0225 3841 234", "0912 345 678"]
    assert json.loads(settings[PAGE_NAMES_KEY]) == ["UBND xã Cẩm Giàng"]
    assert users["thu.tn"].must_change and users["lanh.dao"].must_change
    assert "office.setup" in actions and actions.count("user.add") == 2
    # each temporary password signs in (and must be changed)
    officer = next(a for a in issued if a.username == "thu.tn")
    assert blank.auth.login("thu.tn", officer.temporary_password).must_change
    assert not blank.first_day.needed()
    report = blank.reports.build(ReportOptions(period=month(2026, 11)))
    assert report.signature.signer_name == "Phạm Thị Lan"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"name": "  "}, "name", "Tên cơ quan không được để trống"),
        ({"leader_name": ""}, "leader_name", "người ký"),
        ({"departments": ("Công an xã", "công an xã")}, "departments", "bị trùng tên"),
        ({"departments": ()}, "departments", "ít nhất một đơn vị"),
        ({"hotlines": ("0912 34",)}, "hotlines", "không hợp lệ"),
        ({"chief": FirstAccount("admin", "Ai đó")}, "chief", "đã được dùng"),
        ({"officer": FirstAccount("Thu TN", "Thu")}, "officer", "chữ thường không dấu"),
    ],
)
def test_a_wrong_field_is_named_and_nothing_changes(
    blank: Services, change: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(FirstDayInvalid) as raised:
        blank.first_day.apply(commune(**change))
    assert field in raised.value.problems and words in raised.value.problems[field]
    assert blank.catalog.office().name == ""
    with blank.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Department)) == 0
        assert session.scalar(select(func.count()).select_from(User)) == 1


def test_only_the_administrator_sets_the_office_up(tmp_path: Path) -> None:
    settings = resolve(f"sqlite:///{tmp_path / 'hotline.db'}", data_dir=tmp_path)
    cli = command_line_services(settings)
    cli.auth.set_password("cli:test", "admin", PASSWORD)
    cli.first_day.apply(commune(chief=None))
    cli.close()
    desktop = build_services(settings, command_line=None)
    try:
        receiver = desktop.auth.login("thu.tn", _temporary(settings))
        desktop.signed_in.sign_in(receiver)
        with pytest.raises(PermissionDenied):
            desktop.first_day.apply(commune(name="Ủy ban nhân dân xã Khác", officer=None, chief=None))
        desktop.signed_in.sign_in(desktop.auth.login("admin", PASSWORD))
        desktop.first_day.apply(commune(name="Ủy ban nhân dân xã Khác", officer=None, chief=None))
        assert desktop.catalog.office().name == "Ủy ban nhân dân xã Khác"
    finally:
        desktop.close()


def _temporary(settings: object) -> str:
    """Reset thu.tn's password from the command line and return it (the first one went to the console)."""
    services = command_line_services(settings)  # type: ignore[arg-type]
    try:
        return services.auth.admin_reset("cli:test", "thu.tn")
    finally:
        services.close()


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOTLINE_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    db = f"sqlite:///{tmp_path / 'hotline.db'}"
    return subprocess.run(
        [sys.executable, "-m", "app", "--db", db, *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_init_has_no_office_default_and_takes_the_setup_as_options(tmp_path: Path) -> None:
    bare = _cli(tmp_path, "init", "--admin-password", PASSWORD)
    assert bare.returncode == 0, bare.stderr
    assert "Nhị Chiểu" not in bare.stdout and "chưa khai báo" in bare.stdout
    refused = _cli(tmp_path, "init", "--office", "Ủy ban nhân dân xã Cẩm Giàng")
    assert refused.returncode == 2 and "--leader" in refused.stderr
    done = _cli(
        tmp_path, "init", "--office", "Ủy ban nhân dân xã Cẩm Giàng", "--leader", "Phạm Thị Lan",
        "--hotline", "0225 3841 234", "--facebook-page", "UBND xã Cẩm Giàng", "--user", "thu.tn",
        "--chief", "lanh.dao", "--chief-name", "Phạm Thị Lan",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Cơ quan: Ủy ban nhân dân xã Cẩm Giàng" in done.stdout and "Công an xã" in done.stdout
    assert "Tài khoản thu.tn" in done.stdout and "Tài khoản lanh.dao" in done.stdout
    again = _cli(
        tmp_path, "init", "--office", "Ủy ban nhân dân xã Khác", "--leader", "Ai Đó", "--department", "X"
    )
    assert (
        again.returncode == 0 and "init không thay đổi" in again.stdout
    )  # a declared office is kept as it is
    assert "Cơ quan: Ủy ban nhân dân xã Cẩm Giàng" in again.stdout and "Công an xã" in again.stdout
    report = _cli(
        tmp_path, "report", "--period", "2026-11", "--format", "pdf", "--out", str(tmp_path / "r.pdf")
    )
    assert report.returncode == 0, report.stderr


def test_the_demo_names_a_blank_office_with_its_sample(tmp_path: Path) -> None:
    assert _cli(tmp_path, "init", "--admin-password", PASSWORD).returncode == 0
    demo = _cli(tmp_path, "demo", "--cases", "20", "--quiet")
    assert demo.returncode == 0, demo.stderr
    services = command_line_services(resolve(f"sqlite:///{tmp_path / 'hotline.db'}", data_dir=tmp_path))
    try:
        assert services.catalog.office().name == "Ủy ban nhân dân phường Nhị Chiểu"
        assert services.catalog.office().leader_name and services.catalog.departments()
    finally:
        services.close()
