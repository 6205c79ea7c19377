"""Change of password (required at first login and after an administrator's reset)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.passwords import MIN_LENGTH
from app.domain.permissions import Actor
from app.services.accounts.auth_service import AuthService
from app.services.core.errors import ServiceError

ERROR_STYLE = "color: #b3261e; font-weight: 600;"


def password_field(parent: QWidget, name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(260)
    return field


class ChangePasswordDialog(QDialog):
    """Old password, new password twice; ``actor`` is the refreshed actor once accepted."""

    def __init__(
        self, auth: AuthService, actor: Actor, parent: QWidget | None = None, *, forced: bool = False
    ) -> None:
        super().__init__(parent)
        self._auth = auth
        self.actor = actor
        self.setWindowTitle(self.tr("Đổi mật khẩu"))
        intro = self.tr("Đây là lần đăng nhập đầu tiên hoặc mật khẩu vừa được đặt lại: hãy đặt mật khẩu mới.")
        self.intro = QLabel(
            intro
            if forced
            else self.tr("Đặt mật khẩu mới cho tài khoản {name}.").format(name=actor.username),
            self,
        )
        self.intro.setWordWrap(True)
        self.old = password_field(self, "oldPassword")
        self.new = password_field(self, "newPassword")
        self.again = password_field(self, "againPassword")
        self.error = QLabel("", self)
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Mật khẩu hiện tại"), self.old)
        form.addRow(self.tr("Mật khẩu mới"), self.new)
        form.addRow(self.tr("Nhập lại mật khẩu mới"), self.again)
        hint = QLabel(self.tr("Ít nhất {n} ký tự, khác tên đăng nhập.").format(n=MIN_LENGTH), self)
        hint.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("Đổi mật khẩu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        for widget in (self.intro, form, hint, self.error, buttons):
            layout.addLayout(widget) if isinstance(widget, QFormLayout) else layout.addWidget(widget)

    def showEvent(self, event: QShowEvent) -> None:
        """Start on «Mật khẩu mới» when the current one is already filled in (first login)."""
        super().showEvent(event)
        (self.new if self.old.text() else self.old).setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_buttons_accepted(self) -> None:
        if self.new.text() != self.again.text():
            self._show(self.tr("Hai lần nhập mật khẩu mới không khớp."), self.again)
            return
        try:
            self.actor = self._auth.change_password(self.actor, self.old.text(), self.new.text())
        except ServiceError as error:
            self._show(error.message, self.old if "hiện tại" in error.message else self.new)
            return
        self.accept()

    def _show(self, message: str, focus: QLineEdit) -> None:
        self.error.setText(message)
        focus.selectAll()
        focus.setFocus()
