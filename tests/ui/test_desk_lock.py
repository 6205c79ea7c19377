"""The lock screen takes typed input at once; the first login's password change starts on the new one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.bootstrap import Services
from app.domain.permissions import Actor
from app.ui import ask
from app.ui.auth.change_password_dialog import ChangePasswordDialog
from app.ui.auth.lock_screen import IdleLock
from app.ui.auth.login_dialog import LoginDialog, log_in

PASSWORD = "Quantri2026"  # ASCII: typed with qtbot.keyClicks
DRAFT = "Cong ngo 15 Lach Tray bi tac"


@pytest.fixture
def actor(services: Services) -> Actor:
    services.auth.set_password("cli:test", "admin", PASSWORD)
    return services.auth.login("admin", PASSWORD)


@pytest.fixture
def window(qtbot: QtBot) -> tuple[QWidget, QLineEdit]:
    """A window with a half-typed field that has the focus, as the intake form has."""
    win = QWidget()
    win.resize(1366, 736)
    draft = QLineEdit(win)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    qtbot.keyClicks(draft, DRAFT)
    assert QApplication.focusWidget() is draft
    return win, draft


def locked(qtbot: QtBot, services: Services, actor: Actor, win: QWidget) -> IdleLock:
    lock = IdleLock(services.auth, actor, win, minutes=0.001)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=2000)
    lock.timer.setInterval(60_000)
    return lock


def type_and_enter(qtbot: QtBot, text: str) -> None:
    """Keys to the focused window, as the platform delivers them: Qt passes them to its focus widget."""
    for ch in text:
        window = QApplication.focusWindow()
        assert window is not None
        QTest.keyClick(window, ch)
    window = QApplication.focusWindow()
    assert window is not None
    QTest.keyClick(window, Qt.Key.Key_Return)


def test_lock_type_enter_unlocked_and_the_draft_still_there(
    qtbot: QtBot, services: Services, actor: Actor, window: tuple[QWidget, QLineEdit], apply_desk_theme: None
) -> None:
    win, draft = window
    lock = locked(qtbot, services, actor, win)
    assert QApplication.focusWidget() is lock.screen.password
    win.grab().save("/tmp/issue19-lock.png")
    type_and_enter(qtbot, "sai-mat-khau")
    assert lock.is_locked and lock.screen.error.text() == "Mật khẩu không đúng."
    type_and_enter(qtbot, PASSWORD)
    assert not lock.is_locked and draft.text() == DRAFT


def test_keys_typed_on_a_field_under_the_lock_go_to_the_password(
    qtbot: QtBot, services: Services, actor: Actor, window: tuple[QWidget, QLineEdit]
) -> None:
    """When the window manager hands the focus back to the field under the lock (seen under Xvfb)."""
    win, draft = window
    lock = locked(qtbot, services, actor, win)
    draft.setFocus()
    qtbot.keyClicks(draft, PASSWORD)
    assert draft.text() == DRAFT and lock.screen.password.text() == PASSWORD
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert not lock.is_locked and draft.text() == DRAFT


def test_the_password_field_has_the_focus_when_the_window_comes_back(
    qtbot: QtBot, services: Services, actor: Actor, window: tuple[QWidget, QLineEdit]
) -> None:
    win, draft = window
    lock = locked(qtbot, services, actor, win)
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(other.isActiveWindow)
    draft.setFocus()  # meanwhile something put the focus back on the field under the lock
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    assert QApplication.focusWidget() is lock.screen.password
    type_and_enter(qtbot, PASSWORD)
    assert not lock.is_locked and draft.text() == DRAFT


def test_first_login_starts_on_the_new_password(
    qtbot: QtBot, services: Services, actor: Actor, monkeypatch: pytest.MonkeyPatch, apply_desk_theme: None
) -> None:
    temporary = services.auth.admin_reset("cli:test", "trucban")
    seen: list[str] = []

    def answer(dialog: QDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        if isinstance(dialog, LoginDialog):
            qtbot.keyClicks(dialog.username, "trucban")
            qtbot.keyClick(dialog.username, Qt.Key.Key_Tab)
            qtbot.keyClicks(QApplication.focusWidget(), temporary)
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
            assert dialog.result() == QDialog.DialogCode.Accepted, (temporary, dialog.error.text())
            return dialog.result()
        assert isinstance(dialog, ChangePasswordDialog)
        focused = QApplication.focusWidget()
        seen.append(focused.objectName() if focused else "")
        dialog.grab().save("/tmp/issue19-change-password.png")
        qtbot.keyClicks(QApplication.focusWidget(), "Moi2026xy")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), "Moi2026xy")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        return dialog.result()

    monkeypatch.setattr(ask, "exec_dialog", answer)
    actor = log_in(services.auth)
    assert seen == ["newPassword"]  # the current one is filled in from the login already
    assert actor is not None and actor.username == "trucban" and not actor.must_change
    assert services.auth.login("trucban", "Moi2026xy").username == "trucban"
