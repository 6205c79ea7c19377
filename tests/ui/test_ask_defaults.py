"""Enter, the officer's reflex, never confirms a question that throws work away."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui import ask


def _answer_with_enter() -> None:
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    QTest.keyClick(box, Qt.Key.Key_Return)


def test_enter_keeps_the_draft_when_the_question_would_discard_it(qtbot, monkeypatch) -> None:
    monkeypatch.undo()  # the real message box, not the suite's stand-in
    QTimer.singleShot(50, _answer_with_enter)
    kept = not ask.confirm(
        None, "Hủy vụ việc đang nhập?", "…", "Xóa nội dung", "Tiếp tục nhập", default_no=True
    )
    assert kept


def test_enter_confirms_an_ordinary_question(qtbot, monkeypatch) -> None:
    monkeypatch.undo()
    QTimer.singleShot(50, _answer_with_enter)
    assert ask.confirm(None, "Lưu?", "…", "Lưu", "Hủy")
