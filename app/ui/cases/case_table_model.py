"""Table model of the case register: keyset pages fetched lazily as the officer scrolls."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from app.services.cases.dto import CaseFilter, CasePage, CaseSummary, PageKey
from app.services.core.errors import ServiceError
from app.ui.cases.formatting import (
    DUE_SOON_BACKGROUND,
    DUE_SOON_TEXT,
    OVERDUE_BACKGROUND,
    OVERDUE_TEXT,
    ROW_TEXT,
    deadline_tip,
    fmt_date,
    fmt_datetime,
)

PAGE_SIZE = 100
FetchPage = Callable[[CaseFilter, PageKey | None, int], CasePage]
AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """Columns of the register, left to right."""

    NUMBER = 0
    RECEIVED = 1
    CHANNEL = 2
    KIND = 3
    CITIZEN = 4
    PHONE = 5
    CONTENT = 6
    FIELD = 7
    DEPARTMENT = 8
    OFFICER = 9
    STATUS = 10
    DUE = 11


HEADERS: dict[Column, str] = {
    Column.NUMBER: "Số",
    Column.RECEIVED: "Tiếp nhận",
    Column.CHANNEL: "Kênh",
    Column.KIND: "Loại",
    Column.CITIZEN: "Người phản ánh",
    Column.PHONE: "Điện thoại",
    Column.CONTENT: "Nội dung",
    Column.FIELD: "Lĩnh vực",
    Column.DEPARTMENT: "Đơn vị",
    Column.OFFICER: "Cán bộ",
    Column.STATUS: "Trạng thái",
    Column.DUE: "Hạn xử lý",
}

_COLUMNS: tuple[Column, ...] = tuple(Column)
_TEXT: dict[Column, Callable[[CaseSummary], str]] = {
    Column.NUMBER: lambda c: c.number,
    Column.RECEIVED: lambda c: fmt_datetime(c.received_at),
    Column.CHANNEL: lambda c: c.channel.label,
    Column.KIND: lambda c: c.kind.label,
    Column.CITIZEN: lambda c: c.citizen_name,
    Column.PHONE: lambda c: c.phone,
    Column.CONTENT: lambda c: c.excerpt,
    Column.FIELD: lambda c: c.field_name,
    Column.DEPARTMENT: lambda c: c.department_name,
    Column.OFFICER: lambda c: c.officer_name,
    Column.STATUS: lambda c: c.status.label,
    Column.DUE: lambda c: fmt_date(c.due_date),
}


class CaseRole(IntEnum):
    """Custom data roles; every column answers them for its row."""

    CaseIdRole = Qt.ItemDataRole.UserRole + 1
    SummaryRole = Qt.ItemDataRole.UserRole + 2
    OverdueRole = Qt.ItemDataRole.UserRole + 3
    DueSoonRole = Qt.ItemDataRole.UserRole + 4
    StatusRole = Qt.ItemDataRole.UserRole + 5


CaseIdRole = CaseRole.CaseIdRole
SummaryRole = CaseRole.SummaryRole
OverdueRole = CaseRole.OverdueRole
DueSoonRole = CaseRole.DueSoonRole
StatusRole = CaseRole.StatusRole


class CaseTableModel(QAbstractTableModel):
    """Rows arrive one keyset page at a time; a filter change resets the model."""

    load_failed = Signal(str)
    """A page could not be read; the Vietnamese message to show."""
    loaded = Signal()
    """A page (possibly empty) has been appended; the view may update its empty state."""

    def __init__(self, fetch: FetchPage, parent: Any = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._page_size = page_size
        self._filter = CaseFilter()
        self._rows: list[CaseSummary] = []
        self._texts: dict[int, tuple[str, ...]] = {}
        self._next: PageKey | None = None
        self._exhausted = False
        self._bold = QFont()
        self._bold.setBold(True)

    # --- state --------------------------------------------------------------------------
    @property
    def case_filter(self) -> CaseFilter:
        return self._filter

    @property
    def exhausted(self) -> bool:
        """True once the last page has been read (nothing more to fetch)."""
        return self._exhausted

    def set_filter(self, flt: CaseFilter) -> None:
        """Drop every row and start again from the first page of ``flt``."""
        self._filter = flt
        self.reload()

    def reload(self, keep_rows: int = 0) -> None:
        """Reset and refetch; ``keep_rows`` fetches enough pages to show that many rows again."""
        self.beginResetModel()
        self._rows = []
        self._texts = {}
        self._next = None
        self._exhausted = False
        self.endResetModel()
        self.fetchMore(QModelIndex())
        while self.canFetchMore(QModelIndex()) and len(self._rows) < keep_rows:
            self.fetchMore(QModelIndex())

    def summary(self, row: int) -> CaseSummary:
        return self._rows[row]

    def row_of(self, case_id: int) -> int:
        """Row of a loaded case, or -1."""
        return next((i for i, c in enumerate(self._rows) if c.id == case_id), -1)

    # --- lazy loading -------------------------------------------------------------------
    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        try:
            page = self._fetch(self._filter, self._next, self._page_size)
        except ServiceError as error:
            self._exhausted = True
            self.load_failed.emit(error.message)
            return
        self._next = page.next_key
        self._exhausted = page.next_key is None
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self.loaded.emit()

    # --- Qt model interface -------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(Column):
            return HEADERS[Column(section)]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = index.row()
        case = self._rows[row]
        column = _COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            texts = self._texts.get(row)
            if texts is None:  # formatted once per row, not on every paint
                texts = self._texts[row] = tuple(_TEXT[c](case) for c in _COLUMNS)
            return texts[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(case, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if case.overdue:
                return OVERDUE_BACKGROUND
            return DUE_SOON_BACKGROUND if case.due_soon else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(case, column)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if column is Column.DUE and (case.overdue or case.due_soon) else None
        return self._custom(case, role)

    # --- helpers ------------------------------------------------------------------------
    @staticmethod
    def _tooltip(case: CaseSummary, column: Column) -> str | None:
        """The deadline state, then the whole cell text (narrow columns elide it)."""
        tip = deadline_tip(case.overdue, case.due_soon)
        text = case.due_rule if column is Column.DUE else _TEXT[column](case)
        return "\n".join(part for part in (tip, text) if part) or None

    @staticmethod
    def _foreground(case: CaseSummary, column: Column) -> Any:
        if column is Column.DUE and case.overdue:
            return OVERDUE_TEXT
        if column is Column.DUE and case.due_soon:
            return DUE_SOON_TEXT
        return ROW_TEXT if case.overdue or case.due_soon else None

    @staticmethod
    def _custom(case: CaseSummary, role: int) -> Any:
        if role == CaseIdRole:
            return case.id
        if role == SummaryRole:
            return case
        if role == OverdueRole:
            return case.overdue
        if role == DueSoonRole:
            return case.due_soon
        if role == StatusRole:
            return case.status.value
        return None
