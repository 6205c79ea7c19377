"""Table model of the audit log: keyset pages read off the UI thread as the officer scrolls."""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.services.audit.audit_query import PAGE_SIZE, AuditEntry, AuditEntryPage, AuditFilter
from app.services.core.errors import ServiceError
from app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

FetchPage = Callable[[AuditFilter, int | None, int], AuditEntryPage]
AnyIndex = QModelIndex | QPersistentModelIndex
MAX_SHOWN = 300
"""Characters of the change shown in the cell; the whole text is in the tooltip."""


class Column(IntEnum):
    """Columns left to right."""

    AT = 0
    USERNAME = 1
    ACTION = 2
    OBJECT = 3
    REF = 4
    CHANGE = 5


HEADERS: dict[Column, str] = {
    Column.AT: "Thời điểm",
    Column.USERNAME: "Tài khoản",
    Column.ACTION: "Hành động",
    Column.OBJECT: "Đối tượng",
    Column.REF: "Mã",
    Column.CHANGE: "Nội dung thay đổi",
}

EntryRole = Qt.ItemDataRole.UserRole + 1
"""The row's :class:`AuditEntry` (every column)."""


def _texts(e: AuditEntry) -> tuple[str, ...]:
    change = e.change if len(e.change) <= MAX_SHOWN else e.change[: MAX_SHOWN - 1] + "…"
    return (f"{e.at:%d/%m/%Y %H:%M:%S}", e.username, e.action_label, e.object_label, e.object_ref, change)


def detail_text(e: AuditEntry) -> str:
    """Before and after on their own lines (tooltip and the detail box under the table)."""
    lines = [f"{e.action_label} — {e.username}, {e.at:%d/%m/%Y %H:%M:%S}"]
    if e.object_label or e.object_ref:
        lines.append(f"Đối tượng: {e.object_label} {e.object_ref}".rstrip())
    lines.append(f"Trước: {e.before or '—'}")
    lines.append(f"Sau: {e.after or '—'}")
    return "\n".join(lines)


class AuditTableModel(QAbstractTableModel):
    """Rows arrive one page at a time from a worker; a filter change drops them and starts again."""

    load_failed = Signal(str)
    """A page could not be read (refused, database locked…): the Vietnamese message."""
    loaded = Signal()
    """A page (possibly empty) has arrived; the page may update its empty state and count."""

    def __init__(
        self, fetch: FetchPage, tasks: TaskRunner, parent: Any = None, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._tasks = tasks
        self._page_size = page_size
        self._filter = AuditFilter()
        self._rows: list[AuditEntry] = []
        self._texts: list[tuple[str, ...]] = []
        self._next: int | None = None
        self._exhausted = False
        self._loading = False
        self._generation = 0

    # --- state --------------------------------------------------------------------------
    @property
    def audit_filter(self) -> AuditFilter:
        return self._filter

    @property
    def exhausted(self) -> bool:
        """True once the last page has been read."""
        return self._exhausted

    @property
    def loading(self) -> bool:
        return self._loading

    def entry(self, row: int) -> AuditEntry:
        return self._rows[row]

    def set_filter(self, flt: AuditFilter) -> None:
        """Drop every row and read the first page of ``flt``."""
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        self._generation += 1  # a page still on its way belongs to the old filter: ignored
        self.beginResetModel()
        self._rows, self._texts = [], []
        self._next, self._exhausted, self._loading = None, False, False
        self.endResetModel()
        self.fetchMore(QModelIndex())

    # --- lazy loading -------------------------------------------------------------------
    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._loading = True
        generation, flt, after, size = self._generation, self._filter, self._next, self._page_size
        self._tasks.submit(
            lambda: self._fetch(flt, after, size),
            lambda page: self._on_page(generation, page),
            lambda error: self._on_error(generation, error),
        )

    def _on_page(self, generation: int, page: AuditEntryPage) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._next = page.next_after_id
        self._exhausted = page.next_after_id is None
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self._texts.extend(_texts(e) for e in page.rows)
            self.endInsertRows()
        self.loaded.emit()

    def _on_error(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading, self._exhausted = False, True
        if isinstance(error, ServiceError):
            self.load_failed.emit(error.message)
            return
        log.error("audit page failed", exc_info=(type(error), error, error.__traceback__))
        self.load_failed.emit(f"Lỗi không mong muốn khi đọc nhật ký: {error}")

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
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return detail_text(self._rows[index.row()])
        if role == EntryRole:
            return self._rows[index.row()]
        return None
