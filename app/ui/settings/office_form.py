"""The office's own details, printed on reports and replies (tên cơ quan, lãnh đạo, đường dây nóng)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.services.catalog.catalog_service import CatalogService
from app.services.catalog.dto import OfficeInfo
from app.services.core.errors import ServiceError

FIELDS: tuple[tuple[str, str, str], ...] = (
    ("name", "Tên cơ quan:", "Ủy ban nhân dân phường …"),
    ("short_name", "Tên viết tắt:", "UBND"),
    ("parent_body", "Cơ quan chủ quản:", "UBND thành phố Hải Phòng"),
    ("place_name", "Địa danh:", "Hải Phòng (dùng ở dòng «…, ngày … tháng … năm …»)"),
    ("leader_name", "Lãnh đạo ký báo cáo:", "Họ và tên"),
    ("leader_title", "Chức vụ:", "Chủ tịch"),
    ("hotline", "Số đường dây nóng:", "0225 …"),
    ("address", "Địa chỉ:", "Số nhà, đường, phường"),
)


class OfficeForm(QWidget):
    """Edit and save the office record (one service call)."""

    saved = Signal(str)

    def __init__(self, catalog: CatalogService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._id = 0
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, caption, placeholder in FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText(placeholder)
            edit.setMinimumWidth(420)
            self.edits[key] = edit
            form.addRow(caption, edit)
        note = QLabel(
            "Các thông tin này in trên báo cáo theo Nghị định 30/2020/NĐ-CP và phiếu trả lời công dân."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.save_button = QPushButton("Lưu thông tin cơ quan")
        self.message = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.save_button)
        column = QWidget()
        column.setMaximumWidth(760)
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(note)
        inner.addLayout(form)
        inner.addLayout(row)
        inner.addStretch(1)
        box = QHBoxLayout(self)
        box.addWidget(column, 1)
        box.addStretch(0)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.reload()

    def reload(self, force: bool = True) -> None:
        """Read the office again; without ``force`` unsaved typing is left alone."""
        if not force and any(edit.isModified() for edit in self.edits.values()):
            return
        try:
            info = self._catalog.office()
        except ServiceError as error:
            self._say(error.message, ok=False)
            return
        self._id = info.id
        for key, edit in self.edits.items():
            edit.setText(getattr(info, key))

    def _on_save_clicked(self) -> None:
        values = {key: edit.text() for key, edit in self.edits.items()}
        try:
            self._catalog.update_office(OfficeInfo(id=self._id, **values))
        except ServiceError as error:
            self._say(error.message, ok=False)
            return
        self.reload()
        self._say("Đã lưu thông tin cơ quan.", ok=True)
        self.saved.emit("Đã lưu thông tin cơ quan.")

    def _say(self, text: str, ok: bool) -> None:
        self.message.setStyleSheet("color: #25562a;" if ok else "color: #a4161a;")
        self.message.setText(text)
