"""Filters above the audit log: dates, account, action, object and free text; Enter applies."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.audit_actions import ACTION_GROUPS, ACTION_LABELS, OBJECT_LABELS
from app.services.audit.audit_query import AuditFilter

DEFAULT_DAYS = 30


def action_items() -> list[tuple[str, str]]:
    """(label, code) for the action combo: the groups first, then each label once, A to Z."""
    items = [(label, code) for code, label in ACTION_GROUPS.items()]
    seen: dict[str, str] = {}
    for code, label in ACTION_LABELS.items():
        seen.setdefault(label, code)  # "Giao xử lý" is written under two codes; list it once
    return items + sorted(seen.items(), key=lambda item: item[0].lower())


def _edit(placeholder: str, width: int) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    edit.setMinimumWidth(width)
    return edit


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class AuditFilterBar(QWidget):
    """Emits an :class:`AuditFilter` when «Lọc» is pressed, Enter is hit or a choice changes."""

    filter_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None, today: QDate | None = None) -> None:
        super().__init__(parent)
        today = today or QDate.currentDate()
        self.use_dates = QCheckBox("Từ &ngày")
        self.date_from = QDateEdit(today.addDays(-DEFAULT_DAYS))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setEnabled(False)
        self.username = _edit("Tên đăng nhập (gõ phần đầu)", 170)
        self.action = QComboBox()
        self.action.addItem("Mọi hành động", "")
        for label, code in action_items():
            self.action.addItem(label, code)
        self.action.setMaxVisibleItems(20)
        self.action.setMinimumWidth(240)
        self.object_type = QComboBox()
        self.object_type.addItem("Mọi đối tượng", "")
        for code, label in OBJECT_LABELS.items():
            self.object_type.addItem(label, code)
        self.object_id = _edit("Số vụ việc hoặc mã", 150)
        self.text = _edit("Tìm trong nội dung, tài khoản, mã…", 220)
        self.apply_button = QPushButton("&Lọc")
        self.clear_button = QPushButton("&Xóa điều kiện")
        self._last: AuditFilter | None = None
        self._layout()
        self._connect()

    def _layout(self) -> None:
        first = QHBoxLayout()
        first.addWidget(self.use_dates)
        first.addWidget(self.date_from)
        first.addWidget(QLabel("đến"))
        first.addWidget(self.date_to)
        first.addSpacing(12)
        first.addWidget(_label("Tài &khoản", self.username))
        first.addWidget(self.username, 1)
        first.addSpacing(12)
        first.addWidget(_label("&Hành động", self.action))
        first.addWidget(self.action, 1)
        second = QHBoxLayout()
        second.addWidget(_label("Đối &tượng", self.object_type))
        second.addWidget(self.object_type)
        second.addWidget(self.object_id)
        second.addSpacing(12)
        second.addWidget(_label("Có &chữ", self.text))
        second.addWidget(self.text, 1)
        second.addSpacing(12)
        second.addWidget(self.apply_button)
        second.addWidget(self.clear_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(first)
        box.addLayout(second)

    def _connect(self) -> None:
        self.use_dates.toggled.connect(self._on_use_dates_toggled)
        for edit in (self.username, self.object_id, self.text):
            edit.returnPressed.connect(self.apply)
        for dates in (self.date_from, self.date_to):
            dates.editingFinished.connect(self._on_dates_edited)
        self.action.currentIndexChanged.connect(self.apply)
        self.object_type.currentIndexChanged.connect(self.apply)
        self.apply_button.clicked.connect(self.apply)
        self.clear_button.clicked.connect(self.clear)

    # --- reading and applying -------------------------------------------------------------
    def current(self) -> AuditFilter:
        """The filter as the fields show it now."""
        dates = self.use_dates.isChecked()
        start, end = _to_date(self.date_from.date()), _to_date(self.date_to.date())
        if dates and end < start:
            start, end = end, start
        return AuditFilter(
            date_from=start if dates else None,
            date_to=end if dates else None,
            username=self.username.text(),
            action=str(self.action.currentData() or ""),
            object_type=str(self.object_type.currentData() or ""),
            object_id=self.object_id.text(),
            text=self.text.text(),
        )

    def apply(self) -> None:
        self._last = self.current()
        self.filter_changed.emit(self._last)

    def clear(self) -> None:
        """Every field back to "any", then one reload."""
        for widget in (
            self.use_dates,
            self.action,
            self.object_type,
            self.username,
            self.object_id,
            self.text,
        ):
            widget.blockSignals(True)
        self.use_dates.setChecked(False)
        self._on_use_dates_toggled(False, emit=False)
        self.action.setCurrentIndex(0)
        self.object_type.setCurrentIndex(0)
        for edit in (self.username, self.object_id, self.text):
            edit.clear()
        for widget in (
            self.use_dates,
            self.action,
            self.object_type,
            self.username,
            self.object_id,
            self.text,
        ):
            widget.blockSignals(False)
        self.apply()

    def _on_use_dates_toggled(self, on: bool, emit: bool = True) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        if emit:
            self.apply()

    def _on_dates_edited(self) -> None:
        if self.use_dates.isChecked() and self.current() != self._last:  # not on a mere focus change
            self.apply()


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label
