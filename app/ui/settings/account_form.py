"""The account form: full name, login, role, department and, for a chief, the departments he works on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Role
from app.services.accounts.auth_service import Account
from app.services.catalog.dto import DepartmentItem

HINT_STYLE = "color: #555;"
_READ_ONLY_STYLE = "background: #eeeeee; color: #444;"


@dataclass(frozen=True, slots=True)
class AccountValues:
    """What the form holds, ready for ``AuthService``."""

    username: str
    full_name: str
    role: Role
    department_id: int | None
    limited_to: tuple[int, ...]


class AccountForm(QWidget):
    """Edits one account; ``username`` is read-only for an existing account (it names the history)."""

    submitted = Signal()
    """Return pressed in a text field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._departments: list[DepartmentItem] = []
        self.full_name = QLineEdit(self)
        self.full_name.setObjectName("fullName")
        self.full_name.setPlaceholderText(self.tr("Họ và tên có dấu"))
        self.full_name.setMaxLength(100)
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.username.setPlaceholderText(self.tr("vd: nguyen.van.a (không dấu)"))
        self.username.setMaxLength(60)
        self.role = QComboBox(self)
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.department = QComboBox(self)
        self.chief_label = QLabel(self.tr("Phụ trách đơn vị:"), self)
        self.chief_departments = QListWidget(self)
        self.chief_departments.setObjectName("chiefDepartments")
        self.chief_hint = QLabel(
            self.tr("Không đánh dấu đơn vị nào: lãnh đạo xem và giao việc cho mọi đơn vị."), self
        )
        self.chief_hint.setWordWrap(True)
        self.chief_hint.setStyleSheet(HINT_STYLE)
        chief_box = QWidget(self)
        chief_layout = QVBoxLayout(chief_box)
        chief_layout.setContentsMargins(0, 0, 0, 0)
        chief_layout.addWidget(self.chief_departments)
        chief_layout.addWidget(self.chief_hint)
        self._chief_box = chief_box
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Họ tên:"), self.full_name)
        form.addRow(self.tr("Tên đăng nhập:"), self.username)
        form.addRow(self.tr("Vai trò:"), self.role)
        form.addRow(self.tr("Đơn vị:"), self.department)
        form.addRow(self.chief_label, chief_box)
        self.role.currentIndexChanged.connect(self._on_role_current_index_changed)
        self.full_name.returnPressed.connect(self.submitted)
        self.username.returnPressed.connect(self.submitted)
        self._on_role_current_index_changed()

    # --- catalogue ------------------------------------------------------------------------
    def set_departments(self, departments: Sequence[DepartmentItem]) -> None:
        """Offer these departments; what is chosen and checked now is kept."""
        chosen, checked = self.department.currentData(), set(self._checked())
        self._departments = list(departments)
        self.department.clear()
        self.department.addItem(self.tr("— Không thuộc đơn vị —"), None)
        self.chief_departments.clear()
        for d in self._departments:
            if d.active or d.id == chosen:
                self.department.addItem(d.name, d.id)
            if d.active or d.id in checked:
                item = QListWidgetItem(d.name, self.chief_departments)
                item.setData(Qt.ItemDataRole.UserRole, d.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if d.id in checked else Qt.CheckState.Unchecked)
        self.department.setCurrentIndex(max(self.department.findData(chosen), 0))
        rows = max(min(self.chief_departments.count(), 10), 3)
        row_height = self.chief_departments.sizeHintForRow(0) if self.chief_departments.count() else 20
        self.chief_departments.setFixedHeight(rows * row_height + 2 * self.chief_departments.frameWidth() + 4)

    # --- values ---------------------------------------------------------------------------
    def fill(self, account: Account | None) -> None:
        """Show ``account``, or an empty form for a new one (a handling officer by default)."""
        self.full_name.setText(account.full_name if account else "")
        self.username.setText(account.username if account else "")
        self.username.setReadOnly(account is not None)
        self.username.setStyleSheet(_READ_ONLY_STYLE if account is not None else "")
        self.username.setToolTip(
            self.tr("Tên đăng nhập không đổi được: nhật ký và hồ sơ ghi theo tên này.") if account else ""
        )
        role = account.role if account else Role.HANDLER.value
        self.role.setCurrentIndex(max(self.role.findData(role), 0))
        department_id = account.department_id if account else None
        self.department.setCurrentIndex(max(self.department.findData(department_id), 0))
        limited = set(account.limited_to) if account else set()
        for row in range(self.chief_departments.count()):
            item = self.chief_departments.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in limited
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def values(self) -> AccountValues:
        role = Role(self.role.currentData())
        limited = tuple(self._checked()) if role == Role.CHIEF else ()
        return AccountValues(
            self.username.text(), self.full_name.text(), role, self.department.currentData(), limited
        )

    def focus_field(self, name: str) -> None:
        """Put the cursor where a ``ValidationError`` says the problem is."""
        widget = {
            "username": self.username,
            "full_name": self.full_name,
            "role": self.role,
            "department": self.department,
            "departments": self.chief_departments,
        }.get(name)
        if widget is not None:
            widget.setFocus()

    def _checked(self) -> list[int]:
        return [
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.chief_departments.item(r) for r in range(self.chief_departments.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def _on_role_current_index_changed(self) -> None:
        chief = self.role.currentData() == Role.CHIEF.value
        self.chief_label.setVisible(chief)
        self._chief_box.setVisible(chief)
