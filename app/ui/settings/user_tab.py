"""Catalogue tab of the officers (cán bộ): name, login, role, department, usual channel."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.domain.enums import Channel, Role
from app.services.catalog_service import CatalogService
from app.services.dto import UserItem
from app.ui.settings.catalog_tab import CatalogTab


def _role_label(value: str) -> str:
    try:
        return Role(value).label
    except ValueError:
        return value


class UserTab(CatalogTab[UserItem]):
    """Officers are never deleted: a deactivated officer stays on the cases they handled."""

    noun = "cán bộ"

    def __init__(self, catalog: CatalogService, parent: QWidget | None = None) -> None:
        super().__init__(["Họ tên", "Tên đăng nhập", "Vai trò", "Đơn vị"], parent)
        self._catalog = catalog
        self._departments: dict[int, str] = {}
        self.full_name = QLineEdit()
        self.full_name.setPlaceholderText("Họ và tên có dấu")
        self.username = QLineEdit()
        self.username.setPlaceholderText("vd: nguyen.van.a (không dấu)")
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.department = QComboBox()
        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(channel.label, channel.value)
        self.form.addRow("Họ tên:", self.full_name)
        self.form.addRow("Tên đăng nhập:", self.username)
        self.form.addRow("Vai trò:", self.role)
        self.form.addRow("Đơn vị:", self.department)
        self.form.addRow("Kênh thường dùng:", self.channel)
        self.reload()
        self.start_new()

    def load(self) -> list[UserItem]:
        departments = self._catalog.departments(include_inactive=True)
        self._departments = {d.id: d.name for d in departments}
        chosen = self.department.currentData()
        self.department.clear()
        self.department.addItem("— Không thuộc đơn vị —", None)
        for d in departments:
            if d.active or d.id == chosen:
                self.department.addItem(d.name, d.id)
        self.department.setCurrentIndex(max(self.department.findData(chosen), 0))
        return self._catalog.users(include_inactive=True)

    def cells(self, item: UserItem) -> list[str]:
        dept = self._departments.get(item.department_id, "") if item.department_id else ""
        return [item.full_name, item.username, _role_label(item.role), dept]

    def fill(self, item: UserItem | None) -> None:
        self.full_name.setText(item.full_name if item else "")
        self.username.setText(item.username if item else "")
        self.role.setCurrentIndex(max(self.role.findData(item.role if item else Role.HANDLER.value), 0))
        self.department.setCurrentIndex(
            max(self.department.findData(item.department_id if item else None), 0)
        )
        channel = item.default_channel.value if item else Channel.HOTLINE.value
        self.channel.setCurrentIndex(max(self.channel.findData(channel), 0))

    def save(self, item_id: int | None, active: bool) -> int:
        return self._catalog.save_user(
            self.username.text(),
            self.full_name.text(),
            Role(self.role.currentData()),
            self.department.currentData(),
            Channel(self.channel.currentData()),
            item_id,
            active,
        )
