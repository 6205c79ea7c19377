"""Permissions fail closed: a desktop process with nobody signed in may do nothing guarded, every
service comes from the composition root, and no module outside it builds one.

The register is set up through a command-line process (``cli:<user>``, allowed to act without an
officer); the same file is then opened as the desktop opens it (``command_line=None``) and every
guarded call is tried before anyone has logged in.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Callable, Iterator
from datetime import date
from functools import cached_property
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.bootstrap import Services
from app.domain.enums import CaseKind, CaseStatus, ReplyMethod, Role
from app.domain.periods import month
from app.models import AuditLog
from app.services.accounts.guard import PermissionDenied
from app.services.cases.dto import CaseFilter, NewCase
from app.services.consolidation.consolidated import ConsolidationOptions
from app.services.reports.forms_service import FormKind
from app.services.reports.register_service import RegisterOptions
from app.services.reports.report_service import ReportOptions
from app.settings import Settings, resolve
from tests.sample_office import build_services, command_line_services

APP = Path(__file__).resolve().parents[2] / "app"
PASSWORD = "Tr@cBan-2026"
NOBODY = "Chưa có cán bộ nào đăng nhập"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return resolve(f"sqlite:///{tmp_path}/t.db", data_dir=tmp_path)


@pytest.fixture
def case_id(settings: Settings) -> int:
    """One case of each kind the calls need, logged by a command-line process."""
    cli = command_line_services(settings)
    try:
        department = cli.catalog.departments()[0].id
        new = NewCase(content="Đèn đường ngõ 12 hỏng", citizen_name="Trần Thị Bình", phone="0912345678",
                      kind=CaseKind.DENUNCIATION, department_id=department)  # fmt: skip
        return cli.cases.create_case(new, None).id
    finally:
        cli.close()


@pytest.fixture
def desktop(settings: Settings, case_id: int) -> Iterator[Services]:
    """The register as the desktop opens it: nobody signed in until the login screen says so."""
    built = build_services(settings, command_line=None)
    yield built
    built.close()


def _guarded_calls(s: Services, case_id: int, tmp_path: Path) -> dict[str, Callable[[], object]]:
    """One call per guarded method of every service the root builds (reads of lists excepted)."""
    department = s.catalog.departments()[0].id
    period = month(date.today().year, date.today().month)
    office = s.catalog.office()
    (tmp_path / "usb").mkdir(exist_ok=True)
    attachment = tmp_path / "don.txt"
    attachment.write_text("Đơn tố cáo", encoding="utf-8")
    return {
        "cases.create_case": lambda: s.cases.create_case(NewCase(content="Rác thải chưa thu gom"), None),
        "cases.assign": lambda: s.cases.assign(case_id, department, None, "Giao", None),
        "cases.change_status": lambda: s.cases.change_status(case_id, CaseStatus.WITHDRAWN, "Rút đơn", None),
        "cases.add_reply": lambda: s.cases.add_reply(
            case_id, ReplyMethod.PHONE, date.today(), "Đã trả lời", None
        ),
        "cases.reclassify": lambda: s.cases.reclassify(
            case_id, kind=CaseKind.PETITION, field_id=None, note="Phân loại lại", user_id=None
        ),
        "detail.get": lambda: s.detail.get(case_id),
        "attachments.attach": lambda: s.attachments.attach(case_id, attachment, None),
        "duplicates.set_window_days": lambda: s.duplicates.set_window_days(45),
        "duplicates.link_repeat": lambda: s.duplicates.link_repeat(
            case_id, NewCase(content="Gọi lại lần hai"), None, "Phản ánh lại"
        ),
        "merges.merge": lambda: s.merges.merge(case_id, case_id + 1, "Trùng", None),
        "catalog.update_office": lambda: s.catalog.update_office(
            dataclasses.replace(office, hotline="0225 1")
        ),
        "catalog.save_department": lambda: s.catalog.save_department("Phòng Nội vụ", "NV"),
        "catalog.save_field": lambda: s.catalog.save_field("Phòng cháy chữa cháy"),
        "deadlines.set_due_soon_days": lambda: s.deadlines.set_due_soon_days(5),
        "deadlines.reset_rules": lambda: s.deadlines.reset_rules(None),
        "deadlines.case_deadlines": lambda: s.deadlines.case_deadlines(case_id),
        "work_calendar.add_day_off": lambda: s.work_calendar.add_day_off(
            date(date.today().year + 1, 6, 3), "Nghỉ bù", None
        ),
        "targets.delete_profile": lambda: s.targets.delete_profile(1),
        "case_clock.view": lambda: s.case_clock.view(case_id),
        "case_clock.recompute": lambda: s.case_clock.recompute(case_id, None),
        "escalation.report": lambda: s.escalation.report(),
        "reports.build": lambda: s.reports.build(ReportOptions(period)),
        "registers.build": lambda: s.registers.build(RegisterOptions(period)),
        "forms.build": lambda: s.forms.build(FormKind.SHEET, case_id),
        "backups.set_folder": lambda: s.backups.set_folder(tmp_path / "usb"),
        "backups.backup": lambda: s.backups.backup(tmp_path / "usb"),
        "demo.generate": lambda: s.demo.generate(10),
        "reentry.export": lambda: s.reentry.export(tmp_path / "out.xlsx"),
        "consolidation.consolidate": lambda: s.consolidation.consolidate(
            [tmp_path / "usb"], ConsolidationOptions(period)
        ),
        "consolidation.add_units": lambda: s.consolidation.add_units(["Xã Mới"]),
        "consolidation.office_list": lambda: s.consolidation.office_list(),
        "calls.import_file": lambda: s.calls.import_file(tmp_path / "calls.xml"),
        "calls.unmatched": lambda: s.calls.unmatched(),
        "calls.dismiss": lambda: s.calls.dismiss(1, "wrong_number"),
        "calls.counts": lambda: s.calls.counts(period.start, period.end),
    }


def _rows(s: Services, table: type) -> int:
    with s.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def _denied(s: Services) -> list[tuple[str | None, str]]:
    with s.sessions() as session:
        rows = session.execute(select(AuditLog.username, AuditLog.after).where(AuditLog.action == "denied"))
        return [(r.username, r.after or "") for r in rows]


def test_a_desktop_process_with_nobody_signed_in_refuses_every_guarded_call(
    desktop: Services, case_id: int, tmp_path: Path
) -> None:
    calls = _guarded_calls(desktop, case_id, tmp_path)
    for name, call in calls.items():
        before = len(_denied(desktop))
        with pytest.raises(PermissionDenied) as refused:
            call()
        assert refused.value.message.startswith(NOBODY), (name, refused.value.message)
        denied = _denied(desktop)
        assert len(denied) == before + 1, f"{name}: the refusal is not in the audit log"
        assert denied[-1][0] in (None, "system") and NOBODY in denied[-1][1], name
    from app.models import Case

    assert _rows(desktop, Case) == 1, "nothing was written by a refused call"
    assert not list((tmp_path / "usb").iterdir()), "no backup was written"


def test_with_nobody_signed_in_the_lists_refuse_and_after_login_they_show_the_register(
    desktop: Services, case_id: int
) -> None:
    with pytest.raises(PermissionDenied, match=NOBODY):
        desktop.query.page(CaseFilter())
    desktop.auth.add_user("cli:test", "lanh.dao", Role.CHIEF, "Lãnh đạo", None)
    desktop.auth.set_password("cli:test", "lanh.dao", PASSWORD)
    desktop.signed_in.sign_in(desktop.auth.login("lanh.dao", PASSWORD))
    assert [row.id for row in desktop.query.page(CaseFilter()).rows] == [case_id]
    assert desktop.dashboard.load().open == 1
    desktop.signed_in.sign_out()
    with pytest.raises(PermissionDenied, match=NOBODY):
        desktop.detail.get(case_id)


def test_the_command_line_acts_without_an_officer_and_is_audited_under_its_name(
    settings: Settings, tmp_path: Path
) -> None:
    cli = command_line_services(settings)
    try:
        made = cli.backups.backup(tmp_path)
        with cli.sessions() as session:
            who = session.scalar(select(AuditLog.username).where(AuditLog.action == "backup.create"))
        assert who == cli.signed_in.command_line and who is not None and who.startswith("cli:")
        assert made.path.exists()
    finally:
        cli.close()


def _service_classes() -> set[str]:
    """Every class in app/services whose constructor takes the signed-in officer, plus the ones the
    root's ``Services`` holds: the services of the house."""
    names: set[str] = set()
    for path in (APP / "services").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                        params = [a.arg for a in (*item.args.args, *item.args.kwonlyargs)]
                        if "signed_in" in params:
                            names.add(node.name)
    held = [str(f.type) for f in dataclasses.fields(Services)]
    held += [
        str(a.func.__annotations__["return"])
        for part in Services.__mro__  # the capability parts of app/root/ hold the lazy ones
        for a in vars(part).values()
        if isinstance(a, cached_property)
    ]
    names |= {t for t in held if t in _classes_of_services()}
    names.discard("SignedIn")  # the identity, not a service: ``as_actor`` derives a copy of itself
    return names


def _classes_of_services() -> set[str]:
    return {
        node.name
        for path in (APP / "services").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef)
    }


def test_no_module_outside_the_composition_root_constructs_a_service() -> None:
    services = _service_classes()
    assert {
        "CaseService",
        "ReportService",
        "BackupService",
        "FormsService",
        "AuditQuery",
        "DemoService",
    } <= services
    offenders = []
    for path in APP.rglob("*.py"):
        if path == APP / "bootstrap.py" or path.parent == APP / "root":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = (
                    func.id
                    if isinstance(func, ast.Name)
                    else func.attr
                    if isinstance(func, ast.Attribute)
                    else ""
                )
                if name in services:
                    offenders.append(f"{path.relative_to(APP.parent)}:{node.lineno} {name}(…)")
    built_in = "services are built only in app/bootstrap.py and app/root/:\n"
    assert offenders == [], built_in + "\n".join(offenders)


def test_every_service_of_the_root_is_reachable_and_checks_the_same_officer(desktop: Services) -> None:
    lazy = ("query", "cases", "duplicates", "catalog", "outputs", "imports", "reentry", "reports",
            "registers", "forms", "backups", "audit_query", "demo", "consolidation", "calls", "detail", "dashboard", "attachments", "merges", "seal", "deadlines",
            "work_calendar", "case_clock", "escalation", "targets")  # fmt: skip
    for name in lazy:
        service = getattr(desktop, name)
        assert service._signed_in is desktop.signed_in, name
