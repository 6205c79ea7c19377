"""A read-only table of due-soon or overdue cases; double-click or Enter asks to open one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from app.services.deadlines.deadline_dto import DeadlineCase
from app.ui.cases.formatting import DUE_SOON_TEXT, OVERDUE_TEXT, fmt_date

HEADERS = ["Số", "Loại", "Hạn xử lý", "Tình trạng", "Đơn vị", "Cán bộ", "Nội dung"]
WIDTHS = (100, 90, 96, 200, 170, 150)


def is_overdue(case: DeadlineCase) -> bool:
    return case.due_date < date.today()


def left_text(case: DeadlineCase) -> str:
    """``Quá hạn 3 ngày làm việc``, ``Hạn hôm nay`` or ``Còn 2 ngày làm việc``."""
    days = case.working_days_left
    if is_overdue(case):
        return f"Quá hạn {-days} ngày làm việc" if days < 0 else "Quá hạn"
    if case.due_date == date.today():
        return "Hạn hôm nay"
    return f"Còn {days} ngày làm việc" if days > 0 else "Hạn ngày làm việc tới"


def _due_tip(case: DeadlineCase) -> str:
    """The due date and why it falls on that day (the rule's explanation)."""
    first = f"Hạn xử lý {fmt_date(case.due_date)} — {left_text(case)}"
    return f"{first}\n{case.due_rule}" if case.due_rule else first


class DeadlineCaseTable(QTableWidget):
    """One row per case; overdue rows in red text, due-soon in amber (and the words say it too)."""

    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.setHorizontalHeaderLabels(HEADERS)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in enumerate(WIDTHS):
            self.setColumnWidth(column, width)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.activated.connect(self._on_activated)
        self.doubleClicked.connect(self._on_activated)

    def show_cases(self, cases: Sequence[DeadlineCase]) -> None:
        self.setRowCount(len(cases))
        for row, case in enumerate(cases):
            colour = OVERDUE_TEXT if is_overdue(case) else DUE_SOON_TEXT
            texts = [
                case.number,
                case.kind.label,
                fmt_date(case.due_date),
                left_text(case),
                case.department_name,
                case.officer_name,
                case.excerpt,
            ]
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(_due_tip(case) if column in (2, 3) else text)
                item.setData(Qt.ItemDataRole.UserRole, case.id)
                if column in (2, 3):
                    item.setForeground(colour)
                self.setItem(row, column, item)

    def case_ids(self) -> list[int]:
        items = (self.item(r, 0) for r in range(self.rowCount()))
        return [int(item.data(Qt.ItemDataRole.UserRole)) for item in items if item is not None]

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(int(index.data(Qt.ItemDataRole.UserRole)))
