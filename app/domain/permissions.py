"""Who may do what (role × action) and on which cases (scope); ``Actor`` is the logged-in officer."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Actor:
    """The officer behind an action, as established at login (a chief's empty department set = all)."""

    user_id: int
    username: str
    full_name: str
    role: str
    department_id: int | None = None
    allowed_department_ids: frozenset[int] = field(default_factory=frozenset)
    must_change: bool = False


class Action(StrEnum):
    """Things an officer can try to do."""

    LOG_CASE = "log_case"
    CLASSIFY = "classify"
    VIEW_OWN = "view_own"
    VIEW_DEPARTMENT = "view_department"
    VIEW_ALL = "view_all"
    READ_CONTENT = "read_content"
    ASSIGN = "assign"
    CHANGE_STATUS = "change_status"
    REPLY = "reply"
    APPROVE_REPLY = "approve_reply"
    EXPORT = "export"
    MANAGE_USERS = "manage_users"
    MANAGE_CATALOGUES = "manage_catalogues"
    MANAGE_SETTINGS = "manage_settings"
    UNSEAL = "unseal"
    VIEW_AUDIT = "view_audit"


ACTION_LABELS: dict[Action, str] = {
    Action.LOG_CASE: "ghi nhận vụ việc",
    Action.CLASSIFY: "phân loại vụ việc",
    Action.VIEW_OWN: "xem vụ việc mình tiếp nhận",
    Action.VIEW_DEPARTMENT: "xem vụ việc của đơn vị",
    Action.VIEW_ALL: "xem mọi vụ việc",
    Action.READ_CONTENT: "đọc nội dung vụ việc",
    Action.ASSIGN: "giao xử lý",
    Action.CHANGE_STATUS: "đổi trạng thái vụ việc",
    Action.REPLY: "trả lời công dân",
    Action.APPROVE_REPLY: "duyệt kết quả trả lời và đóng vụ việc",
    Action.EXPORT: "in, xuất báo cáo",
    Action.MANAGE_USERS: "quản lý tài khoản",
    Action.MANAGE_CATALOGUES: "quản lý danh mục",
    Action.MANAGE_SETTINGS: "thay đổi cài đặt",
    Action.UNSEAL: "xem danh tính người tố cáo",
    Action.VIEW_AUDIT: "xem nhật ký hệ thống",
}

_A = Action
MATRIX: dict[str, frozenset[Action]] = {
    "receiver": frozenset(
        {_A.LOG_CASE, _A.CLASSIFY, _A.VIEW_OWN, _A.READ_CONTENT, _A.CHANGE_STATUS, _A.REPLY}
    ),
    "handler": frozenset(
        {
            _A.LOG_CASE,
            _A.CLASSIFY,
            _A.VIEW_OWN,
            _A.VIEW_DEPARTMENT,
            _A.READ_CONTENT,
            _A.CHANGE_STATUS,
            _A.REPLY,
        }
    ),
    "chief": frozenset(set(Action) - {_A.MANAGE_USERS, _A.MANAGE_CATALOGUES, _A.MANAGE_SETTINGS}),
    "admin": frozenset({_A.EXPORT, _A.MANAGE_USERS, _A.MANAGE_CATALOGUES, _A.MANAGE_SETTINGS, _A.VIEW_AUDIT}),
}
"""Role × action. The administrator runs the system but reads no case content by default."""

_CASE_ACTIONS = frozenset(
    {_A.CLASSIFY, _A.READ_CONTENT, _A.ASSIGN, _A.CHANGE_STATUS, _A.REPLY, _A.APPROVE_REPLY, _A.UNSEAL}
)


@dataclass(frozen=True, slots=True)
class CaseScope:
    """Who a case belongs to, for scope checks."""

    logged_by: int | None
    department_id: int | None
    granted_user_ids: frozenset[int] = frozenset()


class NotPermitted(Exception):
    """Refused by the policy; ``message`` is Vietnamese (services raise it as ``PermissionDenied``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def allowed(actor: Actor, action: Action) -> bool:
    """Whether the role may do ``action`` at all."""
    return action in MATRIX.get(actor.role, frozenset())


def in_scope(actor: Actor, scope: CaseScope) -> bool:
    """Receiver: what he logged; handler: his department's; chief: his departments (all if none)."""
    if actor.user_id in scope.granted_user_ids:
        return True
    if actor.role == "chief":
        return not actor.allowed_department_ids or scope.department_id in actor.allowed_department_ids
    if (
        actor.role == "handler"
        and scope.department_id is not None
        and scope.department_id == actor.department_id
    ):
        return True
    return actor.role in ("receiver", "handler") and scope.logged_by == actor.user_id


def authorize(actor: Actor, action: Action, case_scope: CaseScope | None = None) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` may do ``action`` (on that case, when given)."""
    granted_unseal = (
        action is Action.UNSEAL and case_scope is not None and actor.user_id in case_scope.granted_user_ids
    )
    if not allowed(actor, action) and not granted_unseal:
        raise NotPermitted(f"Tài khoản «{actor.username}» không có quyền {ACTION_LABELS[action]}.")
    if case_scope is not None and action in _CASE_ACTIONS and not in_scope(actor, case_scope):
        raise NotPermitted(f"Vụ việc này không thuộc phạm vi của tài khoản «{actor.username}».")
