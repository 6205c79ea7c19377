"""Shows a temporary password once, ready to copy, after an account is created or reset."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class TemporaryPasswordDialog(QDialog):
    """The administrator reads or copies the password; it is never shown again."""

    def __init__(self, username: str, full_name: str, password: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Mật khẩu tạm"))
        intro = QLabel(
            self.tr("Mật khẩu tạm của tài khoản <b>{username}</b> ({name}):").format(
                username=username, name=full_name
            ),
            self,
        )
        intro.setWordWrap(True)
        self.password = QLineEdit(password, self)
        self.password.setObjectName("temporaryPassword")
        self.password.setReadOnly(True)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(QFont.Weight.Bold)
        self.password.setFont(font)
        self.password.setMinimumWidth(self.password.fontMetrics().horizontalAdvance(password) + 40)
        self.copy_button = QPushButton(self.tr("&Sao chép"), self)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.copy_button)
        note = QLabel(
            self.tr(
                "Hãy trao mật khẩu này cho cán bộ. Cán bộ phải đổi mật khẩu ở lần đăng nhập tiếp theo. "
                "Mật khẩu chỉ hiện một lần: đóng cửa sổ này thì không xem lại được."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.copied = QLabel("", self)
        self.copied.setStyleSheet("color: #25562a;")
        buttons = QDialogButtonBox(self)
        self.close_button = buttons.addButton(
            self.tr("Đã ghi lại, đóng"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.copied)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.password.selectAll()
        self.password.setFocus()

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.password.text())
        self.copied.setText(self.tr("Đã sao chép vào bộ nhớ tạm."))
