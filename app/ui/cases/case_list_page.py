"""The case register screen: search, filters and the lazily loaded table of cases."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import Services
from app.services.cases.dto import CaseFilter
from app.services.core.errors import ServiceError
from app.ui.app_events import AppEvents
from app.ui.cases.case_filter_bar import CaseFilterBar
from app.ui.cases.case_table_model import HEADERS, CaseIdRole, CaseTableModel, Column
from app.ui.cases.search_keys import SearchKeys
from app.ui.tasks import TaskRunner

EMPTY_FILTERED = "Không có vụ việc nào khớp bộ lọc"
EMPTY_REGISTER = "Chưa có vụ việc nào trong sổ"

COLUMN_SAMPLES: dict[Column, str] = {
    Column.NUMBER: "2026-00000",
    Column.RECEIVED: "00/00/0000 00:00",
    Column.CHANNEL: "Đường dây nóng",
    Column.KIND: "Khiếu nại",
    Column.CITIZEN: "Nguyễn Thị Hương",
    Column.PHONE: "0000 000 000",
    Column.CONTENT: "Nội dung phản ánh của công dân về",
    Column.FIELD: "Thủ tục hành chính",
    Column.DEPARTMENT: "Phòng Văn hóa - Xã",
    Column.OFFICER: "Nguyễn Văn Hưng",
    Column.STATUS: "Đã giao xử lý",
    Column.DUE: "00/00/0000",
}
"""Typical text per column: widths follow the font instead of fixed pixels."""
SPARSE_COLUMNS = (Column.DEPARTMENT, Column.OFFICER, Column.FIELD)
"""Often empty (new cases are not assigned yet): sized to what the rows hold."""
FIT_SAMPLE_ROWS = 200
HIDDEN_BY_DEFAULT = (Column.CHANNEL, Column.KIND, Column.FIELD)
"""Shown from the header's context menu: inside the main window at 1280 px the content column
needs the room, and kind, channel and field each have their own filter above."""


class CaseListPage(QWidget):
    """Every case in the register; Enter or double-click opens one."""

    def __init__(
        self,
        services: Services,
        events: AppEvents,
        current_user_id: int,
        parent: QWidget | None = None,
        *,
        prefetch: TaskRunner | None = None,
    ) -> None:
        """``prefetch``: the runner that reads the next page ahead while the officer looks at this one."""
        super().__init__(parent)
        self._services = services
        self._events = events
        self._user_id = current_user_id
        self.filters = CaseFilterBar()
        query = services.query
        self.model = CaseTableModel(
            query.page, self, prefetch=prefetch, fetch_keys=query.page_keys, fetch_count=query.count
        )
        self.table = self._make_table()
        self.count_label = QLabel()
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #a4161a;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.empty_label = QLabel(EMPTY_FILTERED)
        self.empty_clear = QPushButton("Xóa bộ lọc")
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self._make_empty_page())
        self._layout()
        self.filters.filter_changed.connect(self._on_filters_filter_changed)
        self.empty_clear.clicked.connect(self.filters.clear)
        self.table.activated.connect(self._on_table_activated)
        self.search_keys = SearchKeys(self.filters.search, self.table, self.filters.flush, self._open_row)
        self.model.loaded.connect(self._update_state)
        self.model.modelReset.connect(self._update_state)
        self.model.load_failed.connect(self._on_model_load_failed)
        self.model.refreshing.connect(self._on_model_refreshing)
        self.model.refreshed.connect(self._on_model_refreshed)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self._kept: tuple[int | None, int] = (None, 0)
        """The selected case and the scroll position while a refresh replaces the rows."""
        events.cases_changed.connect(self._on_events_cases_changed)
        events.catalog_changed.connect(self._on_events_catalog_changed)
        self._load_catalogs()
        self.model.set_filter(self.filters.current_filter())
        self._fit_sparse_columns()

    # --- construction -------------------------------------------------------------------
    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        bold = QFont(table.font())
        bold.setBold(True)
        for column, sample in COLUMN_SAMPLES.items():
            metrics = QFontMetrics(bold if column is Column.DUE else table.font())
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 14)
        header.setSectionResizeMode(Column.CONTENT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        for column in HIDDEN_BY_DEFAULT:
            table.setColumnHidden(column, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu_requested)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        return table

    def _make_empty_page(self) -> QWidget:
        page = QWidget()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("font-size: 15px; color: #555;")
        hint = QLabel("Hãy bỏ bớt điều kiện lọc hoặc thử từ khóa khác.")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setStyleSheet("color: #666;")
        self._empty_hint = hint
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.empty_clear)
        row.addStretch(1)
        box = QVBoxLayout(page)
        box.addStretch(1)
        box.addWidget(self.empty_label)
        box.addWidget(hint)
        box.addLayout(row)
        box.addStretch(2)
        return page

    def _layout(self) -> None:
        status = QHBoxLayout()
        status.addWidget(self.count_label)
        status.addStretch(1)
        legend = QLabel(
            '<span style="background:#fbe0de;">&nbsp;Quá hạn&nbsp;</span>&nbsp;&nbsp;'
            '<span style="background:#fff0c2;">&nbsp;Sắp đến hạn&nbsp;</span>'
        )
        status.addWidget(legend)
        box = QVBoxLayout(self)
        box.addWidget(self.filters)
        box.addWidget(self.error_label)
        box.addWidget(self._stack, 1)
        box.addLayout(status)

    # --- public -------------------------------------------------------------------------
    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected (Ctrl+F)."""
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()

    def current_case_id(self) -> int | None:
        """The selected case (None also while its row is a placeholder still being read)."""
        index = self.table.currentIndex()
        case_id = index.data(CaseIdRole) if index.isValid() else None
        return int(case_id) if case_id is not None else None

    def refresh(self) -> None:
        """Read the list again with the same filter, keeping the place and the selected case."""
        self.model.refresh()

    def _on_model_refreshing(self) -> None:
        self._kept = (self.current_case_id(), self.table.verticalScrollBar().value())

    def _on_model_refreshed(self) -> None:
        selected, scroll = self._kept
        if selected is not None and (row := self.model.row_of(selected)) >= 0:
            self.table.selectRow(row)
        self.table.verticalScrollBar().setValue(scroll)

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.model.keep_row(current.row())

    # --- slots --------------------------------------------------------------------------
    def _on_filters_filter_changed(self, flt: CaseFilter) -> None:
        self.error_label.hide()
        self.model.set_filter(flt)
        self._fit_sparse_columns()
        if self.model.rowCount():
            self.table.scrollToTop()

    def _fit_sparse_columns(self) -> None:
        """Department, officer and field no wider than what the first rows hold (their header when empty),
        so the content column gets the room they do not use."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        rows = min(self.model.rowCount(), FIT_SAMPLE_ROWS)
        for column in SPARSE_COLUMNS:
            texts = (str(self.model.index(r, column).data() or "") for r in range(rows))
            widest = max((metrics.horizontalAdvance(t) for t in texts), default=0) + 14
            title = header.fontMetrics().horizontalAdvance(HEADERS[column]) + 20
            header.resizeSection(
                column, max(title, min(widest, metrics.horizontalAdvance(COLUMN_SAMPLES[column]) + 14))
            )

    def _on_table_activated(self, index: QModelIndex) -> None:
        case_id = index.data(CaseIdRole) if index.isValid() else None
        if case_id is not None:  # a placeholder row opens nothing until its page has arrived
            self._events.case_open_requested.emit(int(case_id))

    def _open_row(self, row: int) -> None:
        self._on_table_activated(self.model.index(row, Column.NUMBER))

    def _on_header_menu_requested(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addSection("Hiện các cột")
        for column in Column:
            action = menu.addAction(HEADERS[column])
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.setEnabled(column not in (Column.NUMBER, Column.CONTENT))
            action.toggled.connect(lambda on, c=column: self.table.setColumnHidden(c, not on))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def _on_model_load_failed(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _on_events_cases_changed(self, _case_id: int) -> None:
        self.refresh()

    def _on_events_catalog_changed(self) -> None:
        self._load_catalogs()
        self.refresh()

    def _load_catalogs(self) -> None:
        catalog = self._services.catalog
        try:
            self.filters.set_catalogs(catalog.fields(), catalog.departments(), catalog.users())
        except ServiceError as error:
            self._on_model_load_failed(error.message)

    def _update_state(self) -> None:
        rows = self.model.rowCount()
        empty = rows == 0 and self.model.exhausted
        filtered = self.filters.is_filtered()
        self.empty_label.setText(EMPTY_FILTERED if filtered else EMPTY_REGISTER)
        self._empty_hint.setVisible(filtered)
        self.empty_clear.setVisible(filtered)
        self._stack.setCurrentIndex(1 if empty else 0)
        if empty:
            self.count_label.setText("")
        elif self.model.exhausted or self.model.counted:
            self.count_label.setText(f"{rows:,} vụ việc".replace(",", "."))
        else:
            shown = f"{rows:,}".replace(",", ".")
            self.count_label.setText(f"Đang hiển thị {shown} vụ việc đầu tiên — cuộn xuống để xem thêm")
