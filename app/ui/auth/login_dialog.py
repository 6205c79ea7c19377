"""The login window at start-up; on a first start it sets the administrator's password instead."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.passwords import weakness
from app.domain.permissions import Actor
from app.services.accounts.auth_service import AuthService
from app.services.core.errors import ServiceError
from app.ui import ask
from app.ui.auth.change_password_dialog import ERROR_STYLE, ChangePasswordDialog, password_field

SETUP_USER = "admin"


class LoginDialog(QDialog):
    """User name and password; ``actor`` is set once accepted."""

    def __init__(self, auth: AuthService, office: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._auth = auth
        self.actor: Actor | None = None
        self.setup = auth.needs_setup()
        self.setWindowTitle(self.tr("Đăng nhập — Sổ tiếp nhận đường dây nóng"))
        title = QLabel(self.tr("Sổ tiếp nhận phản ánh, kiến nghị"), self)
        title.setStyleSheet("font-size: 17pt; font-weight: 600; color: #1f3b63;")
        subtitle = QLabel(office or self.tr("Đường dây nóng"), self)
        subtitle.setStyleSheet("font-size: 11pt; color: #555;")
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.username.setMinimumWidth(260)
        self.password = password_field(self, "password")
        self.again = password_field(self, "again")
        self.error = QLabel("", self)
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("Tên đăng nhập"), self.username)
        form.addRow(self.tr("Mật khẩu"), self.password)
        self.note = QLabel("", self)
        self.note.setWordWrap(True)
        if self.setup:
            self.note.setText(
                self.tr("Lần chạy đầu tiên: đặt mật khẩu cho tài khoản quản trị «{u}».").format(u=SETUP_USER)
            )
            self.username.setText(SETUP_USER)
            self.username.setReadOnly(True)
            form.addRow(self.tr("Nhập lại mật khẩu"), self.again)
        else:
            self.again.hide()
            self.note.hide()
        self.login_button = QPushButton(
            self.tr("Đặt mật khẩu và đăng nhập") if self.setup else self.tr("Đăng nhập"), self
        )
        self.login_button.setObjectName("login")
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self._on_login_clicked)
        quit_button = QPushButton(self.tr("Thoát"), self)
        quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(quit_button)
        buttons.addWidget(self.login_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 24)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(12)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)
        (self.password if self.setup else self.username).setFocus()

    def _on_login_clicked(self) -> None:
        name, password = self.username.text().strip(), self.password.text()
        if not name:
            self._fail(self.tr("Hãy nhập tên đăng nhập."), self.username)
            return
        try:
            if self.setup:
                if password != self.again.text():
                    self._fail(self.tr("Hai lần nhập mật khẩu không khớp."), self.again)
                    return
                if problem := weakness(password, name):
                    self._fail(problem, self.password)
                    return
                self._auth.set_password("setup:gui", name, password)
            self.actor = self._auth.login(name, password)
        except ServiceError as error:
            self._fail(error.message, self.password)
            return
        self.accept()

    def _fail(self, message: str, focus: QLineEdit) -> None:
        self.error.setText(message)
        self.password.clear()
        focus.setFocus()


def log_in(auth: AuthService, office: str = "", parent: QWidget | None = None) -> Actor | None:
    """Ask for the login (and a new password when required); None when the officer gives up."""
    dialog = LoginDialog(auth, office, parent)
    if ask.exec_dialog(dialog) != QDialog.DialogCode.Accepted or dialog.actor is None:
        return None
    actor = dialog.actor
    if actor.must_change:
        change = ChangePasswordDialog(auth, actor, parent, forced=True)
        change.old.setText(dialog.password.text())
        if ask.exec_dialog(change) != QDialog.DialogCode.Accepted:
            return None
        actor = change.actor
    return actor
