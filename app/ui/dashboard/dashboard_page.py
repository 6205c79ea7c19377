"""The chief's overview: today's intake, open, due-soon and overdue counts, per department."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import Services
from app.services.cases.dto import DashboardData, DepartmentLoad
from app.services.core.errors import ServiceError
from app.ui.app_events import AppEvents
from app.ui.cases.formatting import DUE_SOON_TEXT, OVERDUE_TEXT
from app.ui.dashboard.case_mini_list import CaseMiniList
from app.ui.dashboard.stat_tile import StatTile

DEPT_HEADERS = ["Đơn vị", "Đang mở", "Sắp đến hạn", "Quá hạn"]


def _count_item(value: int, colour: QColor | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(f"{value:,}".replace(",", "."))
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    item.setData(Qt.ItemDataRole.UserRole, value)
    if colour is not None and value:
        item.setForeground(colour)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    return item


class DashboardPage(QWidget):
    """Refreshes itself from AppEvents, and only while it is on screen."""

    def __init__(self, services: Services, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._events = events
        self._dirty = True
        self.data: DashboardData | None = None
        self.today_tile = StatTile("Tiếp nhận hôm nay", "blue", "Mọi kênh, tính từ 0 giờ")
        self.open_tile = StatTile("Đang mở", "neutral", "Chưa trả lời công dân")
        self.due_soon_tile = StatTile("Sắp đến hạn", "amber", "Trong 3 ngày làm việc tới")
        self.overdue_tile = StatTile("Quá hạn", "red", "Đã qua hạn xử lý, chưa trả lời")
        self.calls_tile = StatTile("Cuộc gọi chưa ghi nhận", "amber", "Cuộc gọi, tin nhắn chưa có vụ việc")
        self.approval_tile = StatTile("Chờ lãnh đạo duyệt", "neutral", "Dự thảo trả lời đã trình")
        self.callback_tile = StatTile("Chờ gọi lại", "blue", "Đã trả lời, chưa hỏi ý kiến")
        self.departments = self._make_department_table()
        self.overdue_list = CaseMiniList(
            "Vụ việc quá hạn", "Không có vụ việc nào quá hạn.", OVERDUE_TEXT.name()
        )
        self.due_soon_list = CaseMiniList(
            "Sắp đến hạn (3 ngày làm việc)", "Không có vụ việc nào sắp đến hạn.", DUE_SOON_TEXT.name()
        )
        self.updated = QLabel()
        self.updated.setStyleSheet("color: #555;")
        self.error = QLabel()
        self.error.setStyleSheet("color: #a4161a;")
        self.error.hide()
        self.refresh_button = QPushButton("Làm mới")
        self._layout()
        self.refresh_button.clicked.connect(self.refresh)
        for mini in (self.overdue_list, self.due_soon_list):
            mini.open_requested.connect(events.case_open_requested)
        events.cases_changed.connect(self._on_events_changed)
        events.catalog_changed.connect(self._on_events_changed)
        events.calls_changed.connect(self._on_events_changed)
        self.refresh()

    def _make_department_table(self) -> QTableWidget:
        table = QTableWidget(0, len(DEPT_HEADERS))
        table.setHorizontalHeaderLabels(DEPT_HEADERS)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _layout(self) -> None:
        tiles = QHBoxLayout()
        for tile in (
            self.today_tile, self.open_tile, self.due_soon_tile, self.overdue_tile, self.calls_tile,
            self.approval_tile, self.callback_tile,
        ):  # fmt: skip
            tiles.addWidget(tile, 1)
        head = QHBoxLayout()
        title = QLabel("Tổng quan")
        title.setStyleSheet("font-size: 18px; font-weight: 700;")
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.updated)
        head.addWidget(self.refresh_button)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("Theo đơn vị xử lý")
        caption.setStyleSheet("font-size: 14px; font-weight: 600;")
        left_box.addWidget(caption)
        left_box.addWidget(self.departments, 1)
        right = QWidget()
        right_box = QGridLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(self.overdue_list, 0, 0)
        right_box.addWidget(self.due_soon_list, 1, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([470, 790])
        box = QVBoxLayout(self)
        box.addLayout(head)
        box.addWidget(self.error)
        box.addLayout(tiles)
        box.addSpacing(6)
        box.addWidget(splitter, 1)

    # --- refreshing ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the numbers again (a few indexed aggregate queries)."""
        try:
            data = self._services.dashboard.load()
            awaiting, callbacks = self._services.callbacks.dashboard_counts()
        except ServiceError as error:
            self.error.setText(error.message)
            self.error.show()
            return
        self.error.hide()
        self._dirty = False
        self.data = data
        self.today_tile.set_value(data.today_received)
        self.open_tile.set_value(data.open)
        self.due_soon_tile.set_value(data.due_soon)
        self.overdue_tile.set_value(data.overdue)
        self._fill_calls_tile()
        self.approval_tile.set_value(awaiting)
        self.callback_tile.set_value(callbacks)
        self._fill_departments(data.by_department)
        self.overdue_list.show_cases(data.overdue_cases, data.overdue)
        self.due_soon_list.show_cases(data.due_soon_cases, data.due_soon)
        self.updated.setText(f"Cập nhật lúc {datetime.now():%H:%M}")

    def _fill_calls_tile(self) -> None:
        """The phone's calls and SMS with no case, and the missed calls still to ring back."""
        try:
            unmatched = self._services.calls.unmatched_count()
            waiting, overdue = self._services.calls.callback_counts()
        except ServiceError:
            self.calls_tile.hide()
            return
        self.calls_tile.set_value(unmatched)
        late = f" ({overdue} quá hạn)" if overdue else ""
        self.calls_tile.hint.setText(f"{waiting} nhỡ chưa gọi lại{late}")
        self.calls_tile.show()

    def _fill_departments(self, loads: tuple[DepartmentLoad, ...]) -> None:
        """One line per department (most overdue first), then a bold total line."""
        total = DepartmentLoad(
            None,
            "Tổng cộng",
            sum(d.open for d in loads),
            sum(d.due_soon for d in loads),
            sum(d.overdue for d in loads),
        )
        rows = [*loads, total] if loads else []
        self.departments.setRowCount(len(rows))
        for row, load in enumerate(rows):
            name = QTableWidgetItem(load.department_name)
            name.setToolTip(load.department_name)
            items = [
                name,
                _count_item(load.open),
                _count_item(load.due_soon, DUE_SOON_TEXT),
                _count_item(load.overdue, OVERDUE_TEXT),
            ]
            for column, item in enumerate(items):
                if load is total:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.departments.setItem(row, column, item)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _on_events_changed(self, *_: object) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True
