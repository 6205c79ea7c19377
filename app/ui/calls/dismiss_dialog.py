"""Dismiss an unmatched call with a reason from the short list (and the case, for «đã ghi ở vụ việc khác»)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.calls.call_types import DISMISS_REASONS


class DismissDialog(QDialog):
    """Reason (required), case number when the call was logged elsewhere, and an optional note."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Bỏ qua cuộc gọi")
        self.reason = QComboBox(self)
        for code, label in DISMISS_REASONS.items():
            self.reason.addItem(label, code)
        self.case_number = QLineEdit(self)
        self.case_number.setPlaceholderText("ví dụ 2026-00042")
        self.note = QLineEdit(self)
        self.note.setMaxLength(300)
        form = QFormLayout()
        form.addRow("Lý do:", self.reason)
        form.addRow("Số vụ việc:", self.case_number)
        form.addRow("Ghi chú:", self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Bỏ qua cuộc gọi")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        intro = QLabel(f"{what}\nViệc bỏ qua được ghi vào nhật ký hệ thống.")
        intro.setWordWrap(True)
        box.addWidget(intro)
        box.addLayout(form)
        box.addWidget(buttons)
        self.reason.currentIndexChanged.connect(self._on_reason_current_index_changed)
        self._on_reason_current_index_changed()

    def chosen(self) -> str:
        return str(self.reason.currentData())

    def _on_reason_current_index_changed(self, *_: object) -> None:
        self.case_number.setEnabled(self.chosen() == "other_case")
