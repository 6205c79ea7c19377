"""Tabs with a case's timeline of events, the replies given and the attached files."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QTabWidget, QWidget

from app.services.cases.dto import CaseDetail, CaseEventView
from app.ui.cases.formatting import fmt_date, fmt_datetime


def _table(headers: list[str], widths: list[int]) -> QTableWidget:
    """A read-only table whose long cells wrap onto several lines instead of eliding."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setWordWrap(True)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    table.setStyleSheet("QTableWidget::item { padding: 3px 4px; }")
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setStretchLastSection(True)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    header.sectionResized.connect(lambda *_: table.resizeRowsToContents())
    return table


def _fill(table: QTableWidget, rows: list[list[str]], data: list[str] | None = None) -> None:
    table.setRowCount(len(rows))
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            if data is not None and c == 0:
                item.setData(Qt.ItemDataRole.UserRole, data[r])
            table.setItem(r, c, item)
    table.resizeRowsToContents()


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB".replace(".", ",")


def _move(e: CaseEventView) -> str:
    if e.from_status and e.to_status and e.from_status is not e.to_status:
        return f"{e.from_status.label} → {e.to_status.label}"
    return e.to_status.label if e.to_status and e.action == "created" else ""


class CaseHistoryPanel(QTabWidget):
    """Diễn biến, trả lời công dân and tệp đính kèm of one case (newest event last)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline = _table(
            ["Thời gian", "Cán bộ", "Thao tác", "Trạng thái", "Ghi chú"], [128, 110, 128, 170]
        )
        self.replies = _table(
            ["Ngày", "Hình thức", "Số văn bản", "Cán bộ", "Nội dung trả lời"], [90, 130, 100, 110]
        )
        self.attachments = _table(["Tên tệp", "Dung lượng", "Thêm lúc"], [330, 90, 120])
        self.attachments.setToolTip("Nhấp đúp để mở tệp")
        self.attachments.cellDoubleClicked.connect(self._on_attachments_cell_double_clicked)
        self.addTab(self.timeline, "Diễn biến")
        self.addTab(self.replies, "Trả lời công dân")
        self.addTab(self.attachments, "Tệp đính kèm")

    def show_detail(self, d: CaseDetail) -> None:
        _fill(
            self.timeline,
            [[fmt_datetime(e.at), e.user_name, e.action_label, _move(e), e.note] for e in d.events],
        )
        self.timeline.scrollToBottom()
        _fill(
            self.replies,
            [[fmt_date(r.replied_on), r.method.label, r.document_no, r.user_name, r.text] for r in d.replies],
        )
        _fill(
            self.attachments,
            [[a.file_name, _size(a.size), fmt_datetime(a.added_at)] for a in d.attachments],
            [a.path for a in d.attachments],
        )
        self.setTabText(1, f"Trả lời công dân ({len(d.replies)})")
        self.setTabText(2, f"Tệp đính kèm ({len(d.attachments)})")

    def texts(self, table: QTableWidget) -> list[list[str]]:
        """Cell texts row by row (what the officer reads)."""
        return [
            [(item.text() if (item := table.item(r, c)) else "") for c in range(table.columnCount())]
            for r in range(table.rowCount())
        ]

    def _on_attachments_cell_double_clicked(self, row: int, _column: int) -> None:
        item = self.attachments.item(row, 0)
        if item is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(item.data(Qt.ItemDataRole.UserRole))))
