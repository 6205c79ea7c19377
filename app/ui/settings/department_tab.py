"""Catalogue tab of the departments that handle cases (đơn vị xử lý)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from app.services.catalog.catalog_service import CatalogService
from app.services.catalog.dto import DepartmentItem
from app.ui.settings.catalog_tab import CatalogTab


class DepartmentTab(CatalogTab[DepartmentItem]):
    """Name and short code of each department; deactivated ones stay on old cases."""

    noun = "đơn vị"

    def __init__(self, catalog: CatalogService, parent: QWidget | None = None) -> None:
        super().__init__(["Tên đơn vị", "Mã"], parent)
        self._catalog = catalog
        self.name = QLineEdit()
        self.name.setPlaceholderText("Ví dụ: Phòng Kinh tế, Hạ tầng và Đô thị")
        self.code = QLineEdit()
        self.code.setPlaceholderText("Viết tắt, không bắt buộc (KT-HT-ĐT)")
        self.form.addRow("Tên đơn vị:", self.name)
        self.form.addRow("Mã:", self.code)
        self.reload()
        self.start_new()

    def load(self) -> list[DepartmentItem]:
        return self._catalog.departments(include_inactive=True)

    def cells(self, item: DepartmentItem) -> list[str]:
        return [item.name, item.code]

    def fill(self, item: DepartmentItem | None) -> None:
        self.name.setText(item.name if item else "")
        self.code.setText(item.code if item else "")

    def save(self, item_id: int | None, active: bool) -> int:
        return self._catalog.save_department(self.name.text(), self.code.text().strip(), item_id, active)
