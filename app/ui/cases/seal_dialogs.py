"""Sealed denouncer identity (Luật Tố cáo art. 9): the reason asked, the identity shown, access granted."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import ROLE_LABELS, Role
from app.domain.text import fold
from app.services.cases.seal_service import CitizenIdentity
from app.services.catalog.dto import DepartmentItem, UserItem

MIN_REASON = 5
"""Non-space characters a reason needs before OK is enabled (the service asks for 5 as well)."""

LOGGED_WARNING = (
    "Lần xem này đã được ghi vào nhật ký hệ thống (người xem, thời điểm, lý do). "
    "Tiết lộ danh tính người tố cáo là hành vi bị xử lý kỷ luật hoặc truy cứu trách nhiệm "
    "theo Điều 9 Luật Tố cáo."
)
_WARNING_STYLE = "background: #fbe0de; color: #7d1014; padding: 6px 10px; border-radius: 4px;"
_NOTE_STYLE = "color: #444;"


def _wrapped(text: str, style: str = _NOTE_STYLE) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    return label


def open_file(path: str) -> bool:
    """Open an original letter with the system viewer (tests replace this)."""
    if not path:
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))


class ReasonDialog(QDialog):
    """Why the officer needs the denouncer's identity; OK stays disabled until a real reason is typed."""

    def __init__(self, case_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lý do xem danh tính người tố cáo")
        self.setMinimumWidth(460)
        intro = _wrapped(
            f"Vụ việc {case_number} là tố cáo: danh tính người tố cáo được giữ bí mật "
            "(Điều 9 Luật Tố cáo). Ghi rõ lý do cần xem; lý do, tên bạn và thời điểm xem "
            "được ghi vào nhật ký hệ thống."
        )
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("Ví dụ: xác minh nội dung tố cáo theo chỉ đạo của Chủ tịch UBND")
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumHeight(90)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("Xem danh tính", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok_button.setEnabled(False)
        self.reason.textChanged.connect(self._on_reason_changed)
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addWidget(QLabel("Lý do (bắt buộc, ít nhất 5 ký tự):"))
        box.addWidget(self.reason, 1)
        box.addWidget(self.buttons)

    def text(self) -> str:
        return " ".join(self.reason.toPlainText().split())

    def _on_reason_changed(self) -> None:
        self.ok_button.setEnabled(len("".join(self.reason.toPlainText().split())) >= MIN_REASON)


class IdentityDialog(QDialog):
    """The unsealed identity, read-only, with the original letters (double-click or "Mở tệp")."""

    def __init__(self, case_number: str, identity: CitizenIdentity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Danh tính người tố cáo — vụ việc {case_number}")
        self.setMinimumWidth(520)
        self.warning = _wrapped(LOGGED_WARNING, _WARNING_STYLE)
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, caption, value in (
            ("full_name", "Họ tên:", identity.full_name),
            ("phone", "Điện thoại:", identity.phone),
            ("id_number", "Số CCCD:", identity.id_number),
            ("address", "Địa chỉ:", identity.address),
        ):
            edit = QLineEdit(value or "—")
            edit.setReadOnly(True)
            edit.setCursorPosition(0)
            self.fields[key] = edit
            form.addRow(caption, edit)
        self.letters = QListWidget()
        self.letters.setToolTip("Nhấp đúp để mở đơn gốc")
        self.letters.setMinimumHeight(60)
        for letter in identity.letters:
            item = QListWidgetItem(letter.file_name)
            item.setData(Qt.ItemDataRole.UserRole, letter.path)
            item.setToolTip(letter.file_name)
            self.letters.addItem(item)
        if self.letters.count():
            self.letters.setCurrentRow(0)
        self.letters.itemDoubleClicked.connect(self._open)
        self.open_button = QPushButton("Mở tệp")
        self.open_button.setEnabled(self.letters.count() > 0)
        self.open_button.clicked.connect(self._open_current)
        buttons = QDialogButtonBox()
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.setSpacing(8)
        box.addWidget(self.warning)
        box.addLayout(form)
        letters_caption = "Đơn gốc, tệp đính kèm:" if identity.letters else "Không có đơn gốc đính kèm."
        box.addSpacing(4)
        box.addWidget(QLabel(letters_caption))
        box.addWidget(self.letters, 1)
        self.letters.setVisible(bool(identity.letters))
        box.addWidget(buttons)

    def wipe(self) -> None:
        """Forget what was shown (called when the dialog closes)."""
        for edit in self.fields.values():
            edit.clear()
        self.letters.clear()

    def _open_current(self) -> None:
        item = self.letters.currentItem()
        if item is not None:
            self._open(item)

    def _open(self, item: QListWidgetItem) -> None:
        open_file(str(item.data(Qt.ItemDataRole.UserRole) or ""))


def _role_label(role: str) -> str:
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return role


class GrantDialog(QDialog):
    """Pick the officer who may see this denouncer's identity; typing filters the list (no accents needed)."""

    def __init__(
        self,
        case_number: str,
        users: Sequence[UserItem],
        departments: Sequence[DepartmentItem],
        exclude_user_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cấp quyền xem danh tính người tố cáo")
        self.setMinimumSize(480, 380)
        names = {d.id: d.name for d in departments}
        intro = _wrapped(
            f"Cán bộ được chọn sẽ xem được danh tính người tố cáo và đơn gốc của vụ việc {case_number}. "
            "Việc cấp quyền được ghi vào nhật ký hệ thống."
        )
        self.search = QLineEdit()
        self.search.setPlaceholderText("Gõ tên, tên đăng nhập hoặc đơn vị để lọc…")
        self.search.setClearButtonEnabled(True)
        self.officers = QListWidget()
        for user in users:
            if user.id == exclude_user_id or user.role == Role.ADMIN.value:
                continue
            place = names.get(user.department_id or 0, "")
            detail = " · ".join(part for part in (place, _role_label(user.role)) if part)
            item = QListWidgetItem(f"{user.full_name} — {detail}")
            item.setData(Qt.ItemDataRole.UserRole, user.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, fold(f"{user.full_name} {user.username} {detail}"))
            self.officers.addItem(item)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("Cấp quyền", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok_button.setEnabled(False)
        self.search.textChanged.connect(self._filter)
        self.officers.currentItemChanged.connect(self._on_current_changed)
        self.officers.itemDoubleClicked.connect(lambda _item: self.accept())
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addWidget(self.search)
        box.addWidget(self.officers, 1)
        box.addWidget(self.buttons)

    def selected_user_id(self) -> int | None:
        item = self.officers.currentItem()
        if item is None or item.isHidden():
            return None
        return int(item.data(Qt.ItemDataRole.UserRole))

    def selected_name(self) -> str:
        item = self.officers.currentItem()
        return item.text().split(" — ")[0] if item is not None else ""

    def select_user(self, user_id: int) -> None:
        for row in range(self.officers.count()):
            if self.officers.item(row).data(Qt.ItemDataRole.UserRole) == user_id:
                self.officers.setCurrentRow(row)
                return

    def _filter(self, text: str) -> None:
        words = fold(text).split()
        first_visible: QListWidgetItem | None = None
        for row in range(self.officers.count()):
            item = self.officers.item(row)
            key = str(item.data(Qt.ItemDataRole.UserRole + 1))
            hidden = not all(word in key for word in words)
            item.setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = item
        current = self.officers.currentItem()
        if current is None or current.isHidden():
            if first_visible is None:
                self.officers.setCurrentRow(-1)
            else:
                self.officers.setCurrentItem(first_visible)
        self._on_current_changed()

    def _on_current_changed(self, *_args: object) -> None:
        self.ok_button.setEnabled(self.selected_user_id() is not None)
