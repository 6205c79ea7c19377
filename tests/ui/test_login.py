"""Login dialog, first-start setup, forced change of password, idle lock and unlock."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.bootstrap import Services
from app.ui import ask
from app.ui.auth.lock_screen import IdleLock
from app.ui.auth.login_dialog import LoginDialog, log_in

PASSWORD = "Quantri@2026"


@pytest.fixture
def with_admin(services: Services) -> Services:
    services.auth.set_password("cli:test", "admin", PASSWORD)
    return services


def _login(qtbot: QtBot, dialog: LoginDialog, name: str, password: str) -> None:
    dialog.username.setText(name)
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)


def test_wrong_password_says_so_in_vietnamese_and_locks_after_five(
    qtbot: QtBot, with_admin: Services
) -> None:
    dialog = LoginDialog(with_admin.auth, "UBND phường Nhị Chiểu")
    qtbot.addWidget(dialog)
    _login(qtbot, dialog, "admin", "sai-mat-khau")
    assert dialog.error.text().startswith("Sai tên đăng nhập hoặc mật khẩu. Còn 4 lần thử")
    assert dialog.password.text() == "" and dialog.result() != QDialog.DialogCode.Accepted
    for _ in range(4):
        _login(qtbot, dialog, "admin", "sai-mat-khau")
    assert "bị khóa 15 phút" in dialog.error.text()
    _login(qtbot, dialog, "admin", PASSWORD)
    assert "tạm khóa" in dialog.error.text() and dialog.actor is None


def test_right_password_accepts_with_the_actor(qtbot: QtBot, with_admin: Services) -> None:
    dialog = LoginDialog(with_admin.auth)
    qtbot.addWidget(dialog)
    _login(qtbot, dialog, "admin", PASSWORD)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.actor is not None
    assert dialog.actor.role == "admin"


def test_first_start_sets_the_admin_password(qtbot: QtBot, services: Services) -> None:
    dialog = LoginDialog(services.auth)
    qtbot.addWidget(dialog)
    assert dialog.setup and dialog.username.text() == "admin" and dialog.again.isVisibleTo(dialog)
    dialog.password.setText("ngan")
    dialog.again.setText("ngan")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Mật khẩu phải có ít nhất 8 ký tự."
    dialog.password.setText(PASSWORD)
    dialog.again.setText(PASSWORD)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.actor is not None and not services.auth.needs_setup()


def test_a_reset_password_must_be_changed_before_the_window_opens(
    qtbot: QtBot, with_admin: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    temporary = with_admin.auth.admin_reset("cli:test", "trucban")

    def answer(dialog: QDialog) -> int:
        qtbot.addWidget(dialog)
        if isinstance(dialog, LoginDialog):
            _login(qtbot, dialog, "trucban", temporary)
        else:
            dialog.findChild(QLineEdit, "newPassword").setText("Moi@20261")  # type: ignore[union-attr]
            dialog.findChild(QLineEdit, "againPassword").setText("Moi@20261")  # type: ignore[union-attr]
            dialog._on_buttons_accepted()  # type: ignore[attr-defined]
        return dialog.result()

    monkeypatch.setattr(ask, "exec_dialog", answer)
    actor = log_in(with_admin.auth)
    assert actor is not None and actor.username == "trucban" and not actor.must_change
    assert with_admin.auth.login("trucban", "Moi@20261").username == "trucban"


def test_idle_lock_covers_the_window_keeps_the_draft_and_unlocks_with_the_password(
    qtbot: QtBot, with_admin: Services, tmp_path: Path
) -> None:
    actor = with_admin.auth.login("admin", PASSWORD)
    window = QWidget()
    window.resize(1000, 700)
    draft = QLineEdit(window)
    draft.setText("Nội dung đang nhập")
    qtbot.addWidget(window)
    window.show()
    lock = IdleLock(with_admin.auth, actor, window, minutes=0.001)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=2000)
    assert lock.screen.geometry() == window.rect()
    qtbot.keyClicks(draft, "x")
    assert draft.text() == "Nội dung đang nhập"
    lock.screen.grab().save(str(tmp_path / "lock.png"))
    lock.screen.password.setText("sai-mat-khau")
    qtbot.mouseClick(lock.screen.unlock_button, Qt.MouseButton.LeftButton)
    assert lock.is_locked and lock.screen.error.text() == "Mật khẩu không đúng."
    lock.timer.setInterval(60_000)
    lock.screen.password.setText(PASSWORD)
    qtbot.mouseClick(lock.screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not lock.is_locked and draft.text() == "Nội dung đang nhập" and lock.timer.isActive()
