"""The four action forms of the case screen; they collect input, the dialog calls the services."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import CaseStatus, ReplyMethod, is_reopen
from app.services.cases.dto import CaseDetail
from app.services.catalog.dto import DepartmentItem, UserItem

NOTE_HEIGHT = 64
NO_DEPARTMENT_YET = "— Chọn đơn vị xử lý trước —"
CHOOSE_OFFICER = "— Chọn cán bộ —"
NO_OFFICER_IN_DEPARTMENT = "— Đơn vị chưa có cán bộ (thêm ở Danh mục › Tài khoản) —"


def _note(placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(NOTE_HEIGHT)
    return edit


def _button_row(button: QPushButton, hint: QLabel | None = None) -> QHBoxLayout:
    row = QHBoxLayout()
    if hint is not None:
        row.addWidget(hint, 1)
    else:
        row.addStretch(1)
    button.setMinimumWidth(150)
    row.addWidget(button)
    return row


def _hint() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


class AssignForm(QWidget):
    """Giao / giao lại: department, one responsible officer and a note."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.department = QComboBox()
        self.officer = QComboBox()
        self.note = _note("Ý kiến chỉ đạo, yêu cầu khi giao (không bắt buộc)")
        self.button = QPushButton("Giao xử lý")
        self.hint = _hint()
        self._users: list[UserItem] = []
        form = QFormLayout(self)
        form.addRow("Đơn vị xử lý:", self.department)
        form.addRow("Cán bộ chịu trách nhiệm:", self.officer)
        form.addRow("Ghi chú:", self.note)
        form.addRow(_button_row(self.button, self.hint))
        self.department.currentIndexChanged.connect(self._fill_officers)
        self.button.clicked.connect(self.submitted)

    def set_catalogs(self, departments: list[DepartmentItem], users: list[UserItem]) -> None:
        current = self.department.currentData()
        self._users = users
        self.department.blockSignals(True)
        self.department.clear()
        self.department.addItem("— Chưa chọn đơn vị —", None)
        for d in departments:
            self.department.addItem(d.name, d.id)
        self.department.setCurrentIndex(max(self.department.findData(current), 0))
        self.department.blockSignals(False)
        self._fill_officers()

    def show_detail(self, d: CaseDetail, preset: bool) -> None:
        """Label the action; ``preset`` selects the case's current department and officer."""
        self.button.setText("Giao lại" if d.officer_id else "Giao xử lý")
        self.button.setEnabled(d.status.is_open)
        self.hint.setText("" if d.status.is_open else "Vụ việc đã kết thúc: hãy mở lại trước khi giao.")
        if preset:
            self.department.setCurrentIndex(max(self.department.findData(d.department_id), 0))
            self.officer.setCurrentIndex(max(self.officer.findData(d.officer_id), 0))

    def _fill_officers(self) -> None:
        """The chosen department's officers under a «choose» entry; nothing is picked for the officer."""
        dept = self.department.currentData()
        current = self.officer.currentData()
        people = [u for u in self._users if u.department_id == dept] if dept is not None else []
        self.officer.clear()
        if dept is None:
            self.officer.addItem(NO_DEPARTMENT_YET, None)
        else:
            self.officer.addItem(CHOOSE_OFFICER if people else NO_OFFICER_IN_DEPARTMENT, None)
        for u in people:
            self.officer.addItem(u.full_name, u.id)
        self.officer.setEnabled(bool(people))
        self.officer.setCurrentIndex(max(self.officer.findData(current), 0))

    def clear(self) -> None:
        self.note.clear()


class StatusForm(QWidget):
    """Chuyển trạng thái to one of the statuses the workflow allows, with a note or reason."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = QComboBox()
        self.note_label = QLabel("Ghi chú:")
        self.note = _note("Kết quả xử lý, lý do chuyển trạng thái")
        self.button = QPushButton("Chuyển trạng thái")
        self._current = CaseStatus.RECEIVED
        form = QFormLayout(self)
        form.addRow("Chuyển sang:", self.target)
        form.addRow(self.note_label, self.note)
        form.addRow(_button_row(self.button))
        self.target.currentIndexChanged.connect(self._on_target_changed)
        self.button.clicked.connect(self.submitted)

    def show_detail(self, d: CaseDetail) -> None:
        chosen = self.target.currentData()
        self._current = d.status
        self.target.clear()
        for status in d.allowed_statuses:
            self.target.addItem(status.label, status.value)
        self.target.setCurrentIndex(max(self.target.findData(chosen), 0))
        self.button.setEnabled(bool(d.allowed_statuses))

    def selected(self) -> CaseStatus | None:
        value = self.target.currentData()
        return CaseStatus(value) if value else None

    def _on_target_changed(self) -> None:
        target = self.selected()
        reopen = target is not None and is_reopen(self._current, target)
        self.note_label.setText("Lý do mở lại (bắt buộc):" if reopen else "Ghi chú / lý do:")
        self.button.setText("Mở lại vụ việc" if reopen else "Chuyển trạng thái")
        self.note.setPlaceholderText(
            "Vì sao cần mở lại vụ việc (công dân phản ánh lại, kết quả chưa đạt…)"
            if reopen
            else "Kết quả xử lý, lý do chuyển trạng thái"
        )

    def clear(self) -> None:
        self.note.clear()


class ReplyForm(QWidget):
    """Ghi nhận trả lời công dân: how, when, what and the document number."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.method = QComboBox()
        for m in ReplyMethod:
            self.method.addItem(m.label, m.value)
        self.replied_on = QDateEdit(QDate.currentDate())
        self.replied_on.setCalendarPopup(True)
        self.replied_on.setDisplayFormat("dd/MM/yyyy")
        self.replied_on.setMaximumDate(QDate.currentDate())
        self.document_no = QLineEdit()
        self.document_no.setPlaceholderText("Ví dụ: 125/UBND-VP")
        self.text = _note("Nội dung đã trả lời công dân")
        self.text.setFixedHeight(NOTE_HEIGHT + 20)
        self.button = QPushButton("Ghi nhận trả lời")
        form = QFormLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.method, 1)
        row.addWidget(QLabel("Ngày:"))
        row.addWidget(self.replied_on)
        row.addWidget(QLabel("Số văn bản:"))
        row.addWidget(self.document_no, 1)
        form.addRow("Hình thức:", row)
        form.addRow("Nội dung:", self.text)
        form.addRow(_button_row(self.button))
        self.button.clicked.connect(self.submitted)

    def values(self) -> tuple[ReplyMethod, date, str, str]:
        picked = self.replied_on.date()
        day = date(picked.year(), picked.month(), picked.day())
        return ReplyMethod(self.method.currentData()), day, self.text.toPlainText(), self.document_no.text()

    def clear(self) -> None:
        self.text.clear()
        self.document_no.clear()


class AttachForm(QWidget):
    """Đính kèm tệp: pick files; they are copied into the data folder and listed on the case."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QPushButton("Chọn tệp để đính kèm…")
        info = QLabel(
            "Văn bản, ảnh chụp, ghi âm cuộc gọi… Tệp được sao chép vào thư mục dữ liệu của "
            "chương trình; tệp gốc giữ nguyên. Nhấp đúp một tệp trong thẻ «Tệp đính kèm» để mở."
        )
        info.setWordWrap(True)
        info.setStyleSheet("color: #555;")
        box = QVBoxLayout(self)
        box.addWidget(info)
        box.addLayout(_button_row(self.button))
        box.addStretch(1)
        self.button.clicked.connect(self.submitted)
