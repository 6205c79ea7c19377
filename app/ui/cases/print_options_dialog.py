"""The frame both print dialogs share (forms, notices): an intro, the typed fields, an error band,
and «Lưu PDF…» / «Hủy»."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

ERROR_STYLE = "background: #fbe0de; color: #7d1014; padding: 6px 10px; border-radius: 4px;"


@dataclass(frozen=True)
class PrintFrame:
    intro: QLabel
    error: QLabel
    buttons: QDialogButtonBox
    save_button: QPushButton

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


def print_frame(
    dialog: QDialog, title: str, intro: str, form: QFormLayout, save: Callable[[], None]
) -> PrintFrame:
    """Lay out a print dialog once its fields are in ``form``: the intro, the fields, the error
    band, «Lưu PDF…» (calls ``save``) and «Hủy», top to bottom and in that tab order."""
    dialog.setWindowTitle(title)
    dialog.setMinimumWidth(560)
    label = QLabel(intro, dialog)
    label.setWordWrap(True)
    label.setStyleSheet("color: #56606b;")
    error = QLabel(dialog)
    error.setWordWrap(True)
    error.setStyleSheet(ERROR_STYLE)
    error.hide()
    buttons = QDialogButtonBox(dialog)
    save_button = buttons.addButton(dialog.tr("Lưu PDF…"), QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(dialog.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    box = QVBoxLayout(dialog)
    box.addWidget(label)
    box.addLayout(form)
    box.addWidget(error)
    box.addWidget(buttons)
    return PrintFrame(label, error, buttons, save_button)
