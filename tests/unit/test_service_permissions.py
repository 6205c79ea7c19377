"""Every role × every action through the real services: the screen is not the only gate.

Each officer acts on a case in his own scope (he logged it, in his department), so only his
role decides; a refusal is a ``PermissionDenied`` with a Vietnamese message, is audited, and
changes nothing. Scope is then checked separately: lists, search and the case screen.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.bootstrap import Services
from app.domain.enums import CaseKind, CaseStatus, ReplyMethod, Role
from app.domain.periods import month
from app.domain.permissions import MATRIX, Action, Actor
from app.models import AuditLog, Case
from app.services.accounts.auth_service import PermissionDenied
from app.services.audit.audit_query import AuditFilter, AuditQuery
from app.services.cases.dto import CaseFilter, NewCase
from app.services.reports.report_service import ReportOptions, ReportService
from app.settings import resolve
from tests.sample_office import command_line_services

PASSWORD = "Tr@cBan-2026"


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    built = command_line_services(resolve(f"sqlite:///{tmp_path}/t.db", data_dir=tmp_path))
    yield built
    built.close()


def _actor(services: Services, role: Role) -> Actor:
    department = services.catalog.departments()[0]
    name = f"thu.{role.value}"
    services.auth.add_user("cli:test", name, role, f"Cán bộ {role.label}", department.id)
    services.auth.set_password("cli:test", name, PASSWORD)
    return services.auth.login(name, PASSWORD)


def _case(services: Services, actor: Actor, kind: CaseKind = CaseKind.FEEDBACK) -> int:
    """A case the actor logged, in his department (nobody signed in: set up by the system)."""
    services.signed_in.sign_out()
    saved = services.cases.create_case(
        NewCase(content="Đèn đường ngõ 12 hỏng", citizen_name="Trần Thị Bình", phone="0912345678", kind=kind,
                department_id=actor.department_id),
        actor.user_id,
    )  # fmt: skip
    services.signed_in.sign_in(actor)
    return saved.id


def _calls(services: Services, actor: Actor, case_id: int) -> dict[Action, Callable[[], object]]:
    department = actor.department_id or services.catalog.departments()[0].id
    sealed = _case(services, actor, CaseKind.DENUNCIATION)
    approved_case = _case(services, actor)
    services.signed_in.sign_out()
    colleague = services.cases.create_case(NewCase(content="Ngập nước", department_id=department), None).id
    foreign = services.catalog.departments()[-1].id
    elsewhere = services.cases.create_case(NewCase(content="Cây đổ", department_id=foreign), None).id
    services.signed_in.sign_in(actor)
    return {
        Action.LOG_CASE: lambda: services.cases.create_case(
            NewCase(content="Rác thải chưa thu gom"), actor.user_id
        ),
        Action.CLASSIFY: lambda: services.cases.reclassify(
            case_id, kind=CaseKind.PETITION, field_id=None, note="Phân loại lại", user_id=actor.user_id
        ),
        Action.VIEW_OWN: lambda: services.query.page(CaseFilter()),
        Action.VIEW_DEPARTMENT: lambda: services.detail.get(colleague),
        Action.VIEW_ALL: lambda: (services.escalation.report(), services.detail.get(elsewhere)),
        Action.READ_CONTENT: lambda: services.detail.get(case_id),
        Action.ASSIGN: lambda: services.cases.assign(
            case_id, department, actor.user_id, "Giao", actor.user_id
        ),
        Action.CHANGE_STATUS: lambda: services.cases.change_status(
            case_id, CaseStatus.WITHDRAWN, "Công dân rút đơn", actor.user_id
        ),
        Action.REPLY: lambda: services.cases.add_reply(
            case_id,
            ReplyMethod.PHONE,
            date.today(),
            "Đã trả lời qua điện thoại",
            actor.user_id,
            mark_replied=False,
        ),
        Action.APPROVE_REPLY: lambda: _close(services, actor, approved_case),
        Action.EXPORT: lambda: ReportService(
            services.engine, services.office_id, signed_in=services.signed_in
        ).build(ReportOptions(month(date.today().year, date.today().month))),
        Action.MANAGE_USERS: lambda: services.auth.update_account(
            actor, "thu.receiver", full_name="Lê Văn Thử"
        ),
        Action.MANAGE_CATALOGUES: lambda: services.catalog.save_field("Phòng cháy chữa cháy"),
        Action.MANAGE_SETTINGS: lambda: services.work_calendar.add_day_off(
            date(date.today().year + 1, 6, 3), "Nghỉ bù", actor.user_id
        ),
        Action.UNSEAL: lambda: services.seal.unseal(actor, sealed, "Xác minh nội dung tố cáo"),
        Action.VIEW_AUDIT: lambda: AuditQuery(services.sessions, signed_in=services.signed_in).page(
            actor, AuditFilter()
        ),
    }


def _close(services: Services, actor: Actor, case_id: int) -> None:
    """Closing a replied case is the chief approving the answer given to the citizen."""
    services.signed_in.sign_out()
    services.cases.assign(case_id, actor.department_id, actor.user_id, "Giao", None)
    for status in (CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED):
        services.cases.change_status(case_id, status, "", None)
    services.cases.add_reply(case_id, ReplyMethod.PHONE, date.today(), "Đã sửa đèn đường", None)
    services.signed_in.sign_in(actor)
    services.cases.change_status(case_id, CaseStatus.CLOSED, "Duyệt kết quả trả lời", actor.user_id)


def _denials(services: Services) -> int:
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).where(AuditLog.action == "denied")) or 0)


@pytest.mark.parametrize("role", list(Role))
def test_every_service_action_follows_the_matrix_for_every_role(services: Services, role: Role) -> None:
    if role is not Role.RECEIVER:
        _actor(services, Role.RECEIVER)  # the account MANAGE_USERS edits
    actor = _actor(services, role)
    case_id = _case(services, actor)
    calls = _calls(services, actor, case_id)
    assert set(calls) == set(Action), "every action has a service call in this test"
    for action, call in calls.items():
        expected = action in MATRIX[role.value]
        before = _denials(services)
        if expected:
            call()
        else:
            with pytest.raises(PermissionDenied) as refused:
                call()
            message = refused.value.message
            assert "không có quyền" in message or "không thuộc phạm vi" in message, (role, action)
            assert _denials(services) == before + 1, f"refusal of {action} by {role} not audited"


def test_a_refused_action_changes_nothing(services: Services) -> None:
    receiver = _actor(services, Role.RECEIVER)
    case_id = _case(services, receiver)
    with pytest.raises(PermissionDenied, match="không có quyền giao xử lý"):
        services.cases.assign(case_id, receiver.department_id, receiver.user_id, "Tự giao", receiver.user_id)
    with services.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.status == "received" and case.officer_id is None


def test_lists_search_and_the_case_screen_keep_to_the_officers_scope(services: Services) -> None:
    departments = services.catalog.departments()
    receiver, other = _actor(services, Role.RECEIVER), _actor(services, Role.HANDLER)
    mine = _case(services, receiver)
    services.signed_in.sign_out()
    theirs = services.cases.create_case(
        NewCase(content="Đèn đường ngõ 40 hỏng", department_id=departments[-1].id), other.user_id
    ).id
    services.signed_in.sign_in(receiver)
    listed = [row.id for row in services.query.page(CaseFilter()).rows]
    assert mine in listed and theirs not in listed
    assert theirs not in [row.id for row in services.query.page(CaseFilter(text="den duong")).rows]
    services.detail.get(mine)
    with pytest.raises(PermissionDenied, match="không thuộc phạm vi"):
        services.detail.get(theirs)
    with pytest.raises(PermissionDenied, match="không thuộc phạm vi"):
        services.cases.change_status(theirs, CaseStatus.WITHDRAWN, "Rút đơn", receiver.user_id)


def test_a_chief_limited_to_one_department_sees_only_its_cases(services: Services) -> None:
    first, last = services.catalog.departments()[0], services.catalog.departments()[-1]
    services.auth.add_user(
        "cli:test", "truong.phong", Role.CHIEF, "Trưởng phòng", first.id, limited_to=[first.id]
    )
    services.auth.set_password("cli:test", "truong.phong", PASSWORD)
    chief = services.auth.login("truong.phong", PASSWORD)
    assert chief.allowed_department_ids == frozenset({first.id})
    services.signed_in.sign_out()
    inside = services.cases.create_case(
        NewCase(content="Ổ gà đường Lạch Tray", department_id=first.id), None
    ).id
    outside = services.cases.create_case(
        NewCase(content="Ổ gà đường Văn Cao", department_id=last.id), None
    ).id
    services.signed_in.sign_in(chief)
    listed = [row.id for row in services.query.page(CaseFilter()).rows]
    assert inside in listed and outside not in listed
    with pytest.raises(PermissionDenied, match="không thuộc phạm vi"):
        services.cases.assign(outside, last.id, chief.user_id, "Giao", chief.user_id)


def test_setting_and_catalogue_changes_are_audited_with_before_and_after(services: Services) -> None:
    admin = _actor(services, Role.ADMIN)
    services.signed_in.sign_in(admin)
    office = services.catalog.office()
    services.catalog.update_office(dataclasses.replace(office, hotline="0225 3842 123"))
    department = services.catalog.departments()[0]
    services.catalog.save_department("Phòng Nội vụ và Tư pháp", department.code, department.id)
    services.deadlines.set_due_soon_days(5)
    services.work_calendar.add_day_off(
        date(date.today().year + 1, 6, 3), "Nghỉ bù theo văn bản 12/UBND", None
    )
    services.duplicates.set_window_days(45)
    with services.sessions() as session:
        rows = session.execute(
            select(AuditLog.username, AuditLog.action, AuditLog.object_type, AuditLog.before, AuditLog.after)
            .where(AuditLog.action.in_(["settings.change", "catalog.change"]))
            .order_by(AuditLog.id)
        ).all()
    assert [(r.username, r.action, r.object_type) for r in rows] == [
        (admin.username, "settings.change", "office"),
        (admin.username, "catalog.change", "department"),
        (admin.username, "settings.change", "setting"),
        (admin.username, "settings.change", "calendar_day"),
        (admin.username, "settings.change", "setting"),
    ]
    assert "0225 3842 123" in rows[0].after and department.name in rows[1].before
    assert rows[2].before == '{"value":3}' and rows[2].after == '{"value":5}'


def test_backups_are_the_administrators_and_leave_a_trace_even_after_a_restore(
    services: Services, tmp_path: Path
) -> None:
    from app.services.backup.backup_service import BackupService

    receiver, admin = _actor(services, Role.RECEIVER), _actor(services, Role.ADMIN)
    backups = BackupService(services.engine, services.settings.data_dir, signed_in=services.signed_in)
    services.signed_in.sign_in(receiver)
    with pytest.raises(PermissionDenied, match="không có quyền thay đổi cài đặt"):
        backups.backup(tmp_path)
    (tmp_path / "usb").mkdir()
    auto = backups.backup(tmp_path / "usb", kind="auto")  # the daily automatic backup runs for anyone
    services.signed_in.sign_in(admin)
    made = backups.backup(tmp_path)
    backups.restore(made.path)
    with services.sessions() as session:
        trail = session.execute(
            select(AuditLog.username, AuditLog.action, AuditLog.object_id).where(
                AuditLog.action.like("backup.%")
            )
        ).all()
    # the restored file holds what happened up to its backup, plus the restore itself
    assert [tuple(r) for r in trail] == [
        ("system", "backup.key_create", auto.manifest.key_fingerprint),  # the first backup made the key
        ("system", "backup.create", auto.path.name),
        (admin.username, "backup.restore", made.path.name),
    ]


def test_an_unredacted_copy_needs_the_right_to_unseal(services: Services) -> None:
    from app.services.reports.forms_service import FormKind, FormOptions, FormsService
    from app.services.reports.register_service import RegisterOptions, RegisterService

    admin, handler = _actor(services, Role.ADMIN), _actor(services, Role.HANDLER)
    case_id = _case(services, handler, CaseKind.DENUNCIATION)
    forms = FormsService(services.sessions, services.office_id, signed_in=services.signed_in)
    redacted = forms.build(FormKind.SHEET, case_id)
    assert "Trần Thị Bình" not in repr(redacted)
    with pytest.raises(PermissionDenied, match="không có quyền xem danh tính người tố cáo"):
        forms.build(FormKind.SHEET, case_id, FormOptions(unredacted=True))
    services.signed_in.sign_in(admin)  # prints reports, but reads no identity
    register = RegisterService(services.engine, services.office_id, signed_in=services.signed_in)
    period = month(date.today().year, date.today().month)
    register.build(RegisterOptions(period))
    with pytest.raises(PermissionDenied, match="không có quyền xem danh tính"):
        register.build(RegisterOptions(period, unredacted=True))


def test_the_dashboard_counts_only_the_officers_scope(services: Services) -> None:
    receiver, other = _actor(services, Role.RECEIVER), _actor(services, Role.HANDLER)
    mine = _case(services, receiver)
    services.signed_in.sign_out()
    last = services.catalog.departments()[-1].id
    for n in range(3):
        services.cases.create_case(NewCase(content=f"Rác thải điểm {n}", department_id=last), other.user_id)
    office = services.dashboard.load()
    services.signed_in.sign_in(receiver)
    seen = services.dashboard.load()
    assert office.today_received == office.open == 4
    assert (seen.today_received, seen.open) == (1, 1)
    assert [c.id for c in seen.today_cases] == [mine]


def test_escalation_and_reminders_keep_to_the_officers_scope(services: Services) -> None:
    first, last = services.catalog.departments()[0], services.catalog.departments()[-1]
    services.auth.add_user(
        "cli:test", "truong.phong", Role.CHIEF, "Trưởng phòng", first.id, limited_to=[first.id]
    )
    services.auth.set_password("cli:test", "truong.phong", PASSWORD)
    chief = services.auth.login("truong.phong", PASSWORD)
    services.signed_in.sign_out()
    long_ago = datetime(2025, 1, 6, 9, 0)
    inside = services.cases.create_case(
        NewCase(content="Ổ gà đường Lạch Tray", department_id=first.id, received_at=long_ago), None
    ).id
    outside = services.cases.create_case(
        NewCase(content="Ổ gà đường Văn Cao", department_id=last.id, received_at=long_ago), None
    ).id
    assert {c.id for c in services.escalation.overdue()} == {inside, outside}
    services.signed_in.sign_in(chief)
    assert [c.id for c in services.escalation.overdue()] == [inside]
    report = services.escalation.report()
    assert [d.department_id for d in report.departments] == [first.id] and report.overdue == 1
