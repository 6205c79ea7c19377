"""Table model of the officers' accounts: who, role, department, state (active, locked…), last login."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from app.domain.enums import Role
from app.services.accounts.auth_service import Account
from app.ui.cases.formatting import fmt_datetime
from app.ui.widgets.row_table_model import RowTableModel

ACCOUNT_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's ``Account``."""
_GREY = QColor("#8a8a8a")
_WARN = QColor("#a4161a")
_NOTICE = QColor("#8a5a00")


def _tr(text: str) -> str:
    return QCoreApplication.translate("AccountTableModel", text)


class Column(IntEnum):
    """Columns, left to right."""

    USERNAME = 0
    FULL_NAME = 1
    ROLE = 2
    DEPARTMENT = 3
    STATE = 4
    LAST_LOGIN = 5


HEADERS: dict[Column, str] = {
    Column.USERNAME: "Tên đăng nhập",
    Column.FULL_NAME: "Họ tên",
    Column.ROLE: "Vai trò",
    Column.DEPARTMENT: "Đơn vị",
    Column.STATE: "Trạng thái",
    Column.LAST_LOGIN: "Đăng nhập lần cuối",
}


def role_label(value: str) -> str:
    try:
        return Role(value).label
    except ValueError:
        return value


def state_text(account: Account) -> str:
    """Hoạt động / Vô hiệu hóa / Tạm khóa đến HH:MM / Chưa có mật khẩu / Phải đổi mật khẩu."""
    if not account.active:
        return _tr("Vô hiệu hóa")
    if account.locked and account.locked_until is not None:
        return _tr("Tạm khóa đến {time}").format(time=f"{account.locked_until:%H:%M}")
    if not account.has_password:
        return _tr("Chưa có mật khẩu")
    if account.must_change:
        return _tr("Phải đổi mật khẩu")
    return _tr("Hoạt động")


def department_text(account: Account) -> str:
    """The officer's department; for a chief, the departments he works on."""
    if account.role != Role.CHIEF:
        return account.department
    return "; ".join(account.limited_names) or _tr("Mọi đơn vị")


def _last_login(value: datetime | None) -> str:
    return fmt_datetime(value) if value else _tr("Chưa đăng nhập")


_TEXT: dict[Column, Callable[[Account], str]] = {
    Column.USERNAME: lambda a: a.username,
    Column.FULL_NAME: lambda a: a.full_name,
    Column.ROLE: lambda a: role_label(a.role),
    Column.DEPARTMENT: department_text,
    Column.STATE: state_text,
    Column.LAST_LOGIN: lambda a: _last_login(a.last_login_at),
}


def _row_texts(account: Account) -> tuple[str, ...]:
    return tuple(_TEXT[c](account) for c in Column)


class AccountTableModel(RowTableModel[Account]):
    """Rows are ``Account`` values in the service's order (by user name)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([HEADERS[c] for c in Column], _row_texts, parent)

    def set_accounts(self, accounts: Sequence[Account]) -> None:
        self.set_rows(accounts)

    def account(self, row: int) -> Account:
        return self.row(row)

    def row_of(self, username: str | None) -> int:
        """The row of ``username``, or -1."""
        return self.find_row(lambda a: a.username == username)

    def header(self, section: int) -> str:
        return _tr(super().header(section))

    def cell(self, item: Account, column: int, role: int) -> Any:
        account = item
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.DEPARTMENT and account.role == Role.CHIEF:
                return _tr("Lãnh đạo phụ trách: {names}").format(names=department_text(account))
            return _TEXT[Column(column)](account)
        if role == ACCOUNT_ROLE:
            return account
        if role == Qt.ItemDataRole.ForegroundRole:
            if not account.active:
                return _GREY
            if column == Column.STATE and account.locked:
                return _WARN
            if column == Column.STATE and (account.must_change or not account.has_password):
                return _NOTICE
        return None
