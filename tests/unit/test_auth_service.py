"""Accounts: scrypt hashes, lock-out after 5 failures, must-change, reset, disable, all audited."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app.bootstrap import Services
from app.domain.enums import Role
from app.domain.passwords import hash_password, verify_password, weakness
from app.models import AuditLog
from app.services.accounts.auth_service import AuthError, AuthService
from app.services.core.errors import ServiceError, ValidationError

NOW = datetime(2026, 11, 20, 9, 30)


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
    service.set_password("cli:test", "admin", "Quantri@2026")
    return service


def _actions(services: Services) -> list[str]:
    with services.sessions() as session:
        return list(session.scalars(select(AuditLog.action).order_by(AuditLog.id)))


def test_hash_keeps_parameters_and_salt_and_rejects_others() -> None:
    stored = hash_password("mật khẩu dài")
    assert stored.startswith("scrypt$16384$8$1$") and stored != hash_password("mật khẩu dài")
    assert verify_password("mật khẩu dài", stored) and not verify_password("mat khau dai", stored)
    assert not verify_password("x", "") and not verify_password("x", "md5$abc")
    assert weakness("ngắn") == "Mật khẩu phải có ít nhất 8 ký tự."


def test_login_success_is_audited_and_returns_the_actor(auth: AuthService, services: Services) -> None:
    actor = auth.login(" Admin ", "Quantri@2026")
    assert (actor.username, actor.role, actor.must_change) == ("admin", "admin", False)
    assert _actions(services)[-1] == "login"
    assert auth.needs_setup() is False


def test_five_wrong_passwords_lock_the_account_for_15_minutes(
    auth: AuthService, services: Services, clock: Clock
) -> None:
    for left in (4, 3, 2, 1):
        with pytest.raises(AuthError, match=f"Sai tên đăng nhập hoặc mật khẩu. Còn {left} lần thử"):
            auth.login("admin", "sai-mat-khau")
    with pytest.raises(AuthError, match="bị khóa 15 phút"):
        auth.login("admin", "sai-mat-khau")
    with pytest.raises(AuthError, match=r"tạm khóa.*09:45"):
        auth.login("admin", "Quantri@2026")
    clock.now = NOW + timedelta(minutes=15, seconds=1)
    assert auth.login("admin", "Quantri@2026").username == "admin"
    assert _actions(services).count("login.failed") == 6
    assert services.audit.verify().ok


def test_unknown_user_gets_the_same_message(auth: AuthService) -> None:
    with pytest.raises(AuthError) as error:
        auth.login("khongco", "Quantri@2026")
    assert error.value.message == "Sai tên đăng nhập hoặc mật khẩu."


def test_reset_forces_a_change_and_the_new_password_must_be_valid(auth: AuthService) -> None:
    admin = auth.login("admin", "Quantri@2026")
    temporary = auth.admin_reset(admin, "trucban")
    officer = auth.login("trucban", temporary)
    assert officer.must_change and officer.role == "receiver"
    with pytest.raises(ValidationError, match="ít nhất 8"):
        auth.change_password(officer, temporary, "abc")
    with pytest.raises(ValidationError, match="không đúng"):
        auth.change_password(officer, "nhầm-mật-khẩu", "Moi@20261")
    changed = auth.change_password(officer, temporary, "Moi@20261")
    assert not changed.must_change
    assert not auth.login("trucban", "Moi@20261").must_change
    with pytest.raises(ServiceError, match="Chỉ quản trị viên"):
        auth.admin_reset(changed, "admin")


def test_disabled_and_passwordless_users_are_refused(auth: AuthService) -> None:
    with pytest.raises(AuthError, match="chưa có mật khẩu"):
        auth.login("trucban", "")
    admin = auth.login("admin", "Quantri@2026")
    temporary = auth.add_user(admin, "hoa.nt", Role.HANDLER, "Nguyễn Thị Hoa")
    auth.disable(admin, "hoa.nt")
    with pytest.raises(AuthError, match="vô hiệu hóa"):
        auth.login("hoa.nt", temporary)
    with pytest.raises(ServiceError, match="tự vô hiệu hóa"):
        auth.disable(admin, "admin")
    listed = {a.username: a for a in auth.accounts()}
    assert listed["hoa.nt"].active is False and listed["hoa.nt"].full_name == "Nguyễn Thị Hoa"


def test_unseal_needs_a_reason_and_the_right_is_audited(auth: AuthService, services: Services) -> None:
    from app.domain.enums import CaseKind
    from app.services.cases.dto import NewCase
    from app.services.cases.seal_service import SealService

    seal = SealService(services.sessions, services.audit, signed_in=services.signed_in)
    saved = services.cases.create_case(
        NewCase(content="Tố cáo cán bộ nhận tiền", kind=CaseKind.DENUNCIATION, citizen_name="Trần Văn Bình"),
        None,
    )
    admin = auth.login("admin", "Quantri@2026")
    auth.add_user(admin, "truong.phong", Role.CHIEF, "Phạm Thị Lan")
    handler_password = auth.add_user(admin, "xu.ly", Role.HANDLER, "Đỗ Văn Nam")
    auth.set_password("cli:test", "truong.phong", "Truong@2026")
    chief = auth.login("truong.phong", "Truong@2026")
    handler = auth.login("xu.ly", handler_password)
    with pytest.raises(ValidationError, match="lý do"):
        seal.unseal(chief, saved.id, "")
    assert seal.unseal(chief, saved.id, "Xác minh nội dung tố cáo").full_name == "Trần Văn Bình"
    with pytest.raises(ServiceError, match="không có quyền xem danh tính"):
        seal.unseal(handler, saved.id, "Xác minh nội dung tố cáo")
    with pytest.raises(ServiceError, match="không có quyền"):
        seal.unseal(admin, saved.id, "Xác minh nội dung tố cáo")
    seal.grant(chief, saved.id, handler.user_id)
    assert seal.unseal(handler, saved.id, "Người được giao xác minh").full_name == "Trần Văn Bình"
    assert _actions(services).count("case.unseal") == 2 and "case.grant" in _actions(services)
