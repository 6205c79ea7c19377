"""A short titled list of cases on the dashboard; double-click or Enter asks to open one."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.cases.dto import CaseSummary
from app.ui.cases.formatting import fmt_date

HEADERS = ["Số", "Hạn xử lý", "Đơn vị", "Cán bộ", "Nội dung"]


class CaseMiniList(QWidget):
    """Title, table of cases (newest first) and an empty-state line."""

    open_requested = Signal(int)

    def __init__(self, title: str, empty_text: str, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self.title = QLabel(title)
        self.title.setStyleSheet(f"font-size: 14px; font-weight: 600; color: {colour};")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setToolTip("Nhấp đúp hoặc nhấn Enter để mở vụ việc")
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in enumerate((86, 86, 150, 120)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(empty_text)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #555; border: 1px solid #d0d0d0; background: #fafafa;")
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.title)
        box.addWidget(self._stack, 1)
        self.table.activated.connect(self._on_table_activated)

    def show_cases(self, cases: tuple[CaseSummary, ...], total: int) -> None:
        """List ``cases``; the title gives ``total`` and says when the list is only the first ones."""
        more = f", hiển thị {len(cases)} vụ việc gần nhất" if total > len(cases) else ""
        self.title.setText(f"{self._title} ({total}{more})")
        self.table.setRowCount(len(cases))
        for row, case in enumerate(cases):
            texts = [
                case.number,
                fmt_date(case.due_date),
                case.department_name,
                case.officer_name,
                case.excerpt,
            ]
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(case.due_rule or text if column == 1 else text)
                item.setData(Qt.ItemDataRole.UserRole, case.id)
                self.table.setItem(row, column, item)
        self._stack.setCurrentIndex(0 if cases else 1)

    def case_ids(self) -> list[int]:
        items = (self.table.item(r, 0) for r in range(self.table.rowCount()))
        return [int(item.data(Qt.ItemDataRole.UserRole)) for item in items if item is not None]

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(int(index.data(Qt.ItemDataRole.UserRole)))
