"""Permission policy: every role × action, and case scope (own, department, chief, grants)."""

from __future__ import annotations

import pytest

from app.domain.enums import Role
from app.domain.permissions import MATRIX, Action, Actor, CaseScope, NotPermitted, allowed, authorize
from app.services.accounts.auth_service import Guard, PermissionDenied
from app.services.core.errors import ServiceError

EXPECTED = {
    Role.RECEIVER: "log_case classify view_own read_content change_status reply",
    Role.HANDLER: "log_case classify view_own view_department read_content change_status reply",
    Role.CHIEF: "log_case classify view_own view_department view_all read_content assign change_status reply "
    "approve_reply export unseal view_audit",
    Role.ADMIN: "export manage_users manage_catalogues manage_settings view_audit",
}


def _actor(
    role: Role, user_id: int = 7, department: int | None = 2, allowed_ids: frozenset[int] = frozenset()
) -> Actor:
    return Actor(user_id, f"u{user_id}", "Cán bộ", role.value, department, allowed_ids)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_matrix_for_every_role_and_action(role: Role, action: Action) -> None:
    expected = action.value in EXPECTED[role].split()
    assert allowed(_actor(role), action) is expected
    if expected:
        authorize(_actor(role), action)
    else:
        with pytest.raises(NotPermitted, match="không có quyền"):
            authorize(_actor(role), action)


def test_every_role_is_in_the_matrix_and_admin_reads_no_case_content() -> None:
    assert set(MATRIX) == {r.value for r in Role}
    with pytest.raises(NotPermitted) as error:
        authorize(_actor(Role.ADMIN), Action.READ_CONTENT)
    assert error.value.message == "Tài khoản «u7» không có quyền đọc nội dung vụ việc."


def test_scope_receiver_own_handler_department_chief_limited() -> None:
    mine, department, other = CaseScope(7, None), CaseScope(9, 2), CaseScope(9, 3)
    authorize(_actor(Role.RECEIVER), Action.READ_CONTENT, mine)
    with pytest.raises(NotPermitted, match="không thuộc phạm vi"):
        authorize(_actor(Role.RECEIVER), Action.READ_CONTENT, department)
    authorize(_actor(Role.HANDLER), Action.REPLY, department)
    with pytest.raises(NotPermitted, match="không thuộc phạm vi"):
        authorize(_actor(Role.HANDLER), Action.REPLY, other)
    authorize(_actor(Role.CHIEF), Action.ASSIGN, other)
    limited = _actor(Role.CHIEF, allowed_ids=frozenset({2}))
    authorize(limited, Action.UNSEAL, department)
    with pytest.raises(NotPermitted):
        authorize(limited, Action.UNSEAL, other)


def test_an_explicit_grant_allows_unsealing_that_case_only() -> None:
    handler = _actor(Role.HANDLER)
    authorize(handler, Action.UNSEAL, CaseScope(9, 3, frozenset({7})))
    with pytest.raises(NotPermitted):
        authorize(handler, Action.UNSEAL, CaseScope(9, 3))


def test_guard_raises_a_service_error_with_the_vietnamese_message() -> None:
    with pytest.raises(PermissionDenied, match="không có quyền quản lý tài khoản") as error:
        Guard.check(_actor(Role.HANDLER), Action.MANAGE_USERS)
    assert isinstance(error.value, ServiceError)
