"""The seam through which widgets ask the officer something (tests monkeypatch these)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    yes: str = "Đồng ý",
    no: str = "Hủy",
    *,
    default_no: bool = False,
) -> bool:
    """Ask a yes/no question with Vietnamese buttons; ``default_no`` when Enter must not destroy."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.YesRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no_button if default_no else yes_button)
    box.exec()
    return box.clickedButton() is yes_button


def inform(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    box.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def error(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def exec_dialog(dialog: QDialog) -> int:
    """Run one of the app's own modal dialogs (conflict, connection); tests answer it instead."""
    return dialog.exec()
