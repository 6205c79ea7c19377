"""The right side of the page: the check log, the units missing, the figures by unit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.consolidation.consolidation_service import Consolidation
from app.services.consolidation.package_check import LogKind

KIND_TEXT = {LogKind.ACCEPTED: "Đã nhận", LogKind.NOTE: "Lưu ý", LogKind.REFUSED: "Không tổng hợp"}
KIND_COLOUR = {LogKind.ACCEPTED: "#1e6b34", LogKind.NOTE: "#8a5a00", LogKind.REFUSED: "#b00020"}
UNIT_HEADS = ("Đơn vị", "Tổng số", "Tiếp nhận trong kỳ", "Đang xử lý", "Quá hạn")


def _table(parent: QWidget, heads: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(heads), parent)
    table.setHorizontalHeaderLabels(list(heads))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


class ResultView(QWidget):
    """Shows one :class:`Consolidation`; nothing here computes a figure."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel(
            self.tr("Chọn kỳ báo cáo và các gói báo cáo của đơn vị, rồi bấm «Kiểm tra và tổng hợp»."), self
        )
        self.summary.setWordWrap(True)
        self.summary.setObjectName("sectionTitle")
        self.tabs = QTabWidget(self)
        self.log = _table(self, ("Kết quả", "Nội dung"))
        self.missing = QListWidget(self)
        self.missing.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.remove_button = QPushButton(self.tr("Bỏ đơn vị đã chọn khỏi danh sách"), self)
        missing_tab = QWidget(self)
        missing_box = QVBoxLayout(missing_tab)
        missing_box.setContentsMargins(0, 0, 0, 0)
        missing_box.addWidget(self.missing, 1)
        missing_box.addWidget(self.remove_button)
        self.by_unit = _table(self, UNIT_HEADS)
        self.tabs.addTab(self.log, self.tr("Nhật ký kiểm tra"))
        self.tabs.addTab(missing_tab, self.tr("Đơn vị chưa gửi"))
        self.tabs.addTab(self.by_unit, self.tr("Số liệu theo đơn vị"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)

    def show_result(self, result: Consolidation) -> None:
        refused = sum(1 for line in result.log if line.kind is LogKind.REFUSED)
        self.summary.setText(
            self.tr("Đã tổng hợp {n} báo cáo · chưa gửi {m}/{total} đơn vị · không tổng hợp {r} tệp").format(
                n=len(result.included), m=len(result.missing), total=len(result.units.units), r=refused
            )
        )
        self.log.setRowCount(len(result.log))
        for row, line in enumerate(result.log):
            kind = QTableWidgetItem(self.tr(KIND_TEXT[line.kind]))
            kind.setForeground(QColor(KIND_COLOUR[line.kind]))
            message = QTableWidgetItem(line.message)
            message.setToolTip(str(Path(line.file)) if line.file else "")
            self.log.setItem(row, 0, kind)
            self.log.setItem(row, 1, message)
        self.log.resizeRowsToContents()
        self.missing.clear()
        self.missing.addItems([u.name for u in result.missing])
        self.tabs.setTabText(1, self.tr("Đơn vị chưa gửi ({n})").format(n=len(result.missing)))
        self._fill_units(result)

    def _fill_units(self, result: Consolidation) -> None:
        rows = result.report.xld01_units
        overdue = {r.label: r.counts[2] for t in result.report.tables if t.title.endswith("vụ việc quá hạn")
                   for r in t.rows}  # fmt: skip
        self.by_unit.setRowCount(len(rows))
        for i, unit in enumerate(rows):
            x = unit.summary
            values = (
                unit.unit,
                x.received_total,
                x.received_in_period,
                x.in_progress,
                overdue.get(unit.unit, 0),
            )
            for col, value in enumerate(values):
                self.by_unit.setItem(i, col, QTableWidgetItem(str(value)))
