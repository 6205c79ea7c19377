"""Search box and filters above the case list; emits a CaseFilter when anything changes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.domain.enums import CaseKind, CaseStatus, Channel
from app.services.cases.dto import CaseFilter
from app.services.catalog.dto import DepartmentItem, FieldItem, UserItem

SEARCH_PLACEHOLDER = "Tìm theo số, điện thoại, họ tên, nội dung — gõ có dấu hoặc không dấu"
DEBOUNCE_MS = 200
OPEN_ONLY = "__open__"


def _combo(all_label: str, items: Iterable[tuple[str, Any]], min_width: int = 150) -> QComboBox:
    combo = QComboBox()
    combo.setMinimumWidth(min_width)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.addItem(all_label, None)
    for label, value in items:
        combo.addItem(label, value)
    return combo


def _refill(combo: QComboBox, items: Iterable[tuple[str, Any]]) -> None:
    """Replace all but the first ("Tất cả") item, keeping the selection when it still exists."""
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for label, value in items:
        combo.addItem(label, value)
    index = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


class CaseFilterBar(QWidget):
    """The search box, the filter combos, the date range and the deadline switches."""

    filter_changed = Signal(object)
    """The new CaseFilter (debounced for typing)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumHeight(30)
        self.status = _combo("Mọi trạng thái", [("Đang mở (chưa trả lời)", OPEN_ONLY)])
        for status in CaseStatus:
            self.status.addItem(status.label, status.value)
        self.kind = _combo("Mọi loại", ((k.label, k.value) for k in CaseKind))
        self.channel = _combo("Mọi kênh", ((c.label, c.value) for c in Channel))
        self.field = _combo("Mọi lĩnh vực", ())
        self.department = _combo("Mọi đơn vị", (), min_width=190)
        self.officer = _combo("Mọi cán bộ", ())
        self.use_dates = QCheckBox("Tiếp nhận từ")
        self.date_from = QDateEdit(QDate.currentDate().addDays(-30))
        self.date_to = QDateEdit(QDate.currentDate())
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setEnabled(False)
        self.due_soon = QCheckBox("Sắp đến hạn")
        self.overdue = QCheckBox("Quá hạn")
        self.clear_button = QPushButton("Xóa bộ lọc")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._layout()
        self._connect()

    def _layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.clear_button)
        grid.addLayout(top, 0, 0, 1, 6)
        for column, combo in enumerate(
            (self.status, self.kind, self.channel, self.field, self.department, self.officer)
        ):
            grid.addWidget(combo, 1, column)
        dates = QHBoxLayout()
        dates.addWidget(self.use_dates)
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(" đến "))
        dates.addWidget(self.date_to)
        dates.addSpacing(24)
        dates.addWidget(self.due_soon)
        dates.addWidget(self.overdue)
        dates.addStretch(1)
        grid.addLayout(dates, 2, 0, 1, 6)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._timer.start)
        self._timer.timeout.connect(self._emit)
        for combo in (self.status, self.kind, self.channel, self.field, self.department, self.officer):
            combo.currentIndexChanged.connect(self._emit)
        for box in (self.due_soon, self.overdue):
            box.toggled.connect(self._emit)
        self.use_dates.toggled.connect(self._on_use_dates_toggled)
        self.date_from.dateChanged.connect(self._emit_if_dates)
        self.date_to.dateChanged.connect(self._emit_if_dates)
        self.clear_button.clicked.connect(self.clear)

    # --- public -------------------------------------------------------------------------
    def set_catalogs(
        self, fields: Iterable[FieldItem], departments: Iterable[DepartmentItem], users: Iterable[UserItem]
    ) -> None:
        _refill(self.field, ((f.name, f.id) for f in fields))
        _refill(self.department, ((d.name, d.id) for d in departments))
        _refill(self.officer, ((u.full_name, u.id) for u in users))

    def current_filter(self) -> CaseFilter:
        status = self.status.currentData()
        kind = self.kind.currentData()
        channel = self.channel.currentData()
        return CaseFilter(
            text=self.search.text().strip(),
            statuses=(CaseStatus(status),) if status not in (None, OPEN_ONLY) else (),
            open_only=status == OPEN_ONLY,
            kind=CaseKind(kind) if kind else None,
            channel=Channel(channel) if channel else None,
            field_id=self.field.currentData(),
            department_id=self.department.currentData(),
            officer_id=self.officer.currentData(),
            received_from=self._date(self.date_from),
            received_to=self._date(self.date_to),
            due_soon=self.due_soon.isChecked(),
            overdue=self.overdue.isChecked(),
        )

    def is_filtered(self) -> bool:
        return self.current_filter() != CaseFilter()

    def clear(self) -> None:
        """Back to every case, newest first; one filter_changed at the end."""
        widgets: list[QWidget] = [self.search, self.use_dates, self.due_soon, self.overdue]
        combos = [self.status, self.kind, self.channel, self.field, self.department, self.officer]
        for widget in [*widgets, *combos]:
            widget.blockSignals(True)
        self.search.clear()
        for combo in combos:
            combo.setCurrentIndex(0)
        for box in (self.use_dates, self.due_soon, self.overdue):
            box.setChecked(False)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)
        for widget in [*widgets, *combos]:
            widget.blockSignals(False)
        self._emit()

    def flush(self) -> None:
        """Apply pending typing now instead of after the debounce delay."""
        if self._timer.isActive():
            self._timer.stop()
            self._emit()

    # --- slots --------------------------------------------------------------------------
    def _date(self, edit: QDateEdit) -> date | None:
        if not self.use_dates.isChecked():
            return None
        picked = edit.date()
        return date(picked.year(), picked.month(), picked.day())

    def _on_use_dates_toggled(self, checked: bool) -> None:
        self.date_from.setEnabled(checked)
        self.date_to.setEnabled(checked)
        self._emit()

    def _emit_if_dates(self) -> None:
        if self.use_dates.isChecked():
            self._emit()

    def _emit(self) -> None:
        self._timer.stop()
        self.filter_changed.emit(self.current_filter())
