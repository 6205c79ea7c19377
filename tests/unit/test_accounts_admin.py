"""Account administration: edit, limit a chief to departments, enable, unlock; guarded and audited."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.bootstrap import Services
from app.domain.enums import Role
from app.domain.permissions import Actor, CaseScope, in_scope
from app.models import AuditLog
from app.services.accounts.auth_service import AuthError, AuthService, PermissionDenied
from app.services.core.errors import ServiceError, ValidationError

NOW = datetime(2026, 11, 20, 9, 30)
ADMIN_PASSWORD = "Quantri@2026"


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def auth(services: Services, clock: Clock) -> AuthService:
    service = AuthService(services.sessions, services.audit, clock)
    service.set_password("cli:test", "admin", ADMIN_PASSWORD)
    return service


@pytest.fixture
def admin(auth: AuthService) -> Actor:
    return auth.login("admin", ADMIN_PASSWORD)


@pytest.fixture
def departments(services: Services) -> dict[str, int]:
    return {d.name: d.id for d in services.catalog.departments()}


def _last_audit(services: Services, action: str) -> tuple[str, Any, Any]:
    with services.sessions() as session:
        row = session.execute(
            select(AuditLog.username, AuditLog.before, AuditLog.after)
            .where(AuditLog.action == action)
            .order_by(AuditLog.id.desc())
        ).first()
    assert row is not None, f"no audit row {action}"
    return row.username, json.loads(row.before or "null"), json.loads(row.after or "null")


def _account(auth: AuthService, username: str) -> Any:
    return {a.username: a for a in auth.accounts()}[username]


def test_update_account_changes_name_role_department_and_audits_only_what_changed(
    auth: AuthService, admin: Actor, services: Services, departments: dict[str, int]
) -> None:
    culture = departments["Phòng Văn hóa - Xã hội"]
    auth.add_user(admin, "hoa.nt", Role.RECEIVER, "Nguyen Thi Hoa")
    auth.update_account(admin, "hoa.nt", full_name="Nguyễn Thị Hoa", role=Role.HANDLER, department=culture)
    account = _account(auth, "hoa.nt")
    assert (account.full_name, account.role, account.department_id) == ("Nguyễn Thị Hoa", "handler", culture)
    assert account.department == "Phòng Văn hóa - Xã hội"
    who, before, after = _last_audit(services, "user.update")
    assert who == "admin"
    assert before == {"full_name": "Nguyen Thi Hoa", "role": "receiver", "department_id": None}
    assert after == {"full_name": "Nguyễn Thị Hoa", "role": "handler", "department_id": culture}
    auth.update_account(admin, "hoa.nt", department="")  # "" clears the department
    assert _account(auth, "hoa.nt").department_id is None
    assert _last_audit(services, "user.update")[1:] == ({"department_id": culture}, {"department_id": None})
    with pytest.raises(ValidationError, match="Không có đơn vị «Phòng Ma»"):
        auth.update_account(admin, "hoa.nt", department="Phòng Ma")
    with pytest.raises(ValidationError, match="Họ tên"):
        auth.update_account(admin, "hoa.nt", full_name="   ")
    assert services.audit.verify().ok


def test_a_limited_chief_gets_his_departments_at_login_and_nothing_else_is_in_scope(
    auth: AuthService, admin: Actor, services: Services, departments: dict[str, int]
) -> None:
    economy, culture = departments["Phòng Kinh tế, Hạ tầng và Đô thị"], departments["Phòng Văn hóa - Xã hội"]
    auth.add_user(admin, "lan.pt", Role.CHIEF, "Phạm Thị Lan")
    auth.set_password("cli:test", "lan.pt", "Truong@2026")
    assert auth.login("lan.pt", "Truong@2026").allowed_department_ids == frozenset()  # no limit = all
    stored = auth.set_chief_departments(admin, "lan.pt", [economy, "Phòng Văn hóa - Xã hội"])
    assert stored == tuple(sorted({economy, culture}))
    chief = auth.login("lan.pt", "Truong@2026")
    assert chief.allowed_department_ids == frozenset({economy, culture})
    assert in_scope(chief, CaseScope(logged_by=None, department_id=economy))
    assert not in_scope(chief, CaseScope(logged_by=None, department_id=departments["Công an phường"]))
    account = _account(auth, "lan.pt")
    assert set(account.limited_to) == {economy, culture}
    assert set(account.limited_names) == {"Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Văn hóa - Xã hội"}
    _, before, after = _last_audit(services, "user.limit")
    assert before == {"limited_to": []} and after == {"limited_to": sorted([economy, culture])}
    auth.set_chief_departments(admin, "lan.pt", [])
    assert auth.login("lan.pt", "Truong@2026").allowed_department_ids == frozenset()


def test_only_a_chief_can_be_limited_and_a_new_role_drops_the_limits(
    auth: AuthService, admin: Actor, departments: dict[str, int]
) -> None:
    police = departments["Công an phường"]
    auth.add_user(admin, "nam.dv", Role.HANDLER, "Đỗ Văn Nam")
    with pytest.raises(ValidationError, match="Chỉ tài khoản lãnh đạo"):
        auth.set_chief_departments(admin, "nam.dv", [police])
    auth.add_user(admin, "lan.pt", Role.CHIEF, "Phạm Thị Lan", limited_to=[police])
    assert _account(auth, "lan.pt").limited_to == (police,)
    auth.update_account(
        admin, "lan.pt", full_name="Phạm Thị Lan (PCT)", limited_to=[police, "Ban Chỉ huy quân sự"]
    )
    assert set(_account(auth, "lan.pt").limited_to) == {police, departments["Ban Chỉ huy quân sự"]}
    auth.update_account(admin, "lan.pt", role=Role.HANDLER)
    assert _account(auth, "lan.pt").limited_to == ()
    with pytest.raises(ValidationError, match="Chỉ tài khoản lãnh đạo"):
        auth.add_user(admin, "x.y", Role.RECEIVER, "X Y", limited_to=[police])
    assert "x.y" not in {a.username for a in auth.accounts()}  # nothing half-created


def test_enable_and_unlock_are_audited_and_work_at_the_next_login(
    auth: AuthService, admin: Actor, services: Services, clock: Clock
) -> None:
    temporary = auth.add_user(admin, "hoa.nt", Role.HANDLER, "Nguyễn Thị Hoa")
    auth.disable(admin, "hoa.nt")
    assert _last_audit(services, "user.disable")[1:] == ({"active": True}, {"active": False})
    auth.enable(admin, "hoa.nt")
    assert _last_audit(services, "user.enable")[1:] == ({"active": False}, {"active": True})
    for _ in range(5):
        with pytest.raises(AuthError):
            auth.login("hoa.nt", "sai-mat-khau")
    account = _account(auth, "hoa.nt")
    assert account.locked and account.locked_until == NOW + timedelta(minutes=15)
    auth.unlock(admin, "hoa.nt")
    _, before, after = _last_audit(services, "user.unlock")
    assert before == {"locked_until": "2026-11-20T09:45", "failed_count": 0}
    assert after == {"locked_until": None, "failed_count": 0}
    assert auth.login("hoa.nt", temporary).username == "hoa.nt"
    clock.now = NOW + timedelta(hours=1)
    assert not _account(auth, "hoa.nt").locked


def test_reset_audits_the_forced_change_and_never_the_password(
    auth: AuthService, admin: Actor, services: Services
) -> None:
    temporary = auth.admin_reset(admin, "trucban")
    who, before, after = _last_audit(services, "password.reset")
    assert who == "admin" and before["must_change"] is True  # the seeded officer had to change anyway
    assert after == {"must_change": True, "locked_until": None}
    with services.sessions() as session:
        texts = [f"{b}{a}" for b, a in session.execute(select(AuditLog.before, AuditLog.after))]
    assert not any(temporary in t for t in texts)


def test_new_account_rows_are_validated_and_created_in_one_audited_step(
    auth: AuthService, admin: Actor, services: Services
) -> None:
    with pytest.raises(ValidationError, match="chữ không dấu"):
        auth.add_user(admin, "hòa", Role.HANDLER, "Hòa")
    with pytest.raises(ValidationError, match="đã được dùng"):
        auth.add_user(admin, "TrucBan", Role.HANDLER, "Ai đó")
    auth.add_user(admin, "hoa.nt", Role.HANDLER, "Nguyễn Thị Hoa", department="Công an phường")
    who, before, after = _last_audit(services, "user.add")
    assert who == "admin" and before is None
    assert after["role"] == "handler" and after["full_name"] == "Nguyễn Thị Hoa" and after["active"] is True


@pytest.mark.parametrize(
    "call",
    [
        lambda a, actor: a.update_account(actor, "trucban", full_name="Khác"),
        lambda a, actor: a.set_chief_departments(actor, "trucban", []),
        lambda a, actor: a.enable(actor, "trucban"),
        lambda a, actor: a.unlock(actor, "trucban"),
        lambda a, actor: a.disable(actor, "trucban"),
        lambda a, actor: a.admin_reset(actor, "trucban"),
        lambda a, actor: a.add_user(actor, "moi", Role.HANDLER, "Mới"),
        lambda a, actor: a.accounts(actor),
    ],
    ids=["update", "limit", "enable", "unlock", "disable", "reset", "add", "list"],
)
def test_a_chief_is_refused_every_account_action_with_a_vietnamese_message(
    auth: AuthService, admin: Actor, services: Services, call: Any
) -> None:
    auth.add_user(admin, "lan.pt", Role.CHIEF, "Phạm Thị Lan")
    auth.set_password("cli:test", "lan.pt", "Truong@2026")
    chief = auth.login("lan.pt", "Truong@2026")
    rows_before = services.audit.verify().checked
    with pytest.raises(PermissionDenied) as refused:
        call(auth, chief)
    assert refused.value.message == (
        "Chỉ quản trị viên được quản lý tài khoản; tài khoản «lan.pt» không có quyền này."
    )
    assert services.audit.verify().checked == rows_before + 1  # only the refusal itself
    with services.sessions() as session:
        last = session.execute(
            select(AuditLog.username, AuditLog.action).order_by(AuditLog.id.desc())
        ).first()
    assert tuple(last or ()) == ("lan.pt", "denied")


def test_the_last_active_administrator_can_be_neither_demoted_nor_disabled(
    auth: AuthService, admin: Actor
) -> None:
    with pytest.raises(ServiceError, match="quản trị viên cuối cùng"):
        auth.disable("cli:root", "admin")
    with pytest.raises(ServiceError, match="quản trị viên cuối cùng"):
        auth.update_account("cli:root", "admin", role=Role.CHIEF)
    with pytest.raises(ServiceError, match="tự đổi vai trò"):
        auth.update_account(admin, "admin", role=Role.CHIEF)
    auth.add_user(admin, "admin2", Role.ADMIN, "Quản trị 2")
    auth.disable(admin, "admin2")
    with pytest.raises(ServiceError, match="quản trị viên cuối cùng"):
        auth.disable("cli:root", "admin")  # a disabled administrator does not count
    auth.enable(admin, "admin2")
    auth.update_account("cli:root", "admin", role=Role.CHIEF)
    assert _account(auth, "admin").role == "chief"
    with pytest.raises(ServiceError, match="quản trị viên cuối cùng"):
        auth.disable("cli:root", "admin2")
