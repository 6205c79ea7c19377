"""Catalogue tab of the fields a case is classified under (lĩnh vực)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from app.services.catalog.catalog_service import CatalogService
from app.services.catalog.dto import FieldItem
from app.ui.settings.catalog_tab import CatalogTab


class FieldTab(CatalogTab[FieldItem]):
    """Field names; the code is made from the name when a field is added, and kept after."""

    noun = "lĩnh vực"

    def __init__(self, catalog: CatalogService, parent: QWidget | None = None) -> None:
        super().__init__(["Tên lĩnh vực", "Mã"], parent)
        self._catalog = catalog
        self.name = QLineEdit()
        self.name.setPlaceholderText("Ví dụ: Đất đai")
        self.code = QLineEdit()
        self.code.setPlaceholderText("Tự tạo từ tên nếu để trống")
        self.form.addRow("Tên lĩnh vực:", self.name)
        self.form.addRow("Mã:", self.code)
        self.reload()
        self.start_new()

    def load(self) -> list[FieldItem]:
        return self._catalog.fields(include_inactive=True)

    def cells(self, item: FieldItem) -> list[str]:
        return [item.name, item.code]

    def fill(self, item: FieldItem | None) -> None:
        self.name.setText(item.name if item else "")
        self.code.setText(item.code if item else "")
        self.code.setReadOnly(item is not None)
        self.code.setToolTip("Mã dùng trong báo cáo, không đổi sau khi tạo" if item else "")

    def save(self, item_id: int | None, active: bool) -> int:
        return self._catalog.save_field(self.name.text(), self.code.text().strip(), item_id, active)
