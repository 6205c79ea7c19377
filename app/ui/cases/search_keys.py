"""Keys in the case list's search box: Down/Up into the results, Enter opens the selected case."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QTableView

SEARCH_HINT = "↓/↑: sang danh sách kết quả · Enter: mở hồ sơ đang chọn · Ctrl+F: quay lại ô tìm kiếm"

_INTO_RESULTS = (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class SearchKeys(QObject):
    """Event filter on the search box; ``flush`` applies pending typing before the keys act on the table."""

    def __init__(
        self, search: QLineEdit, table: QTableView, flush: Callable[[], None], open_row: Callable[[int], None]
    ) -> None:
        super().__init__(search)
        self._search = search
        self._table = table
        self._flush = flush
        self._open_row = open_row
        search.setToolTip(SEARCH_HINT)
        search.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self._search or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key = event.key()
        if key in _INTO_RESULTS:
            return self.into_results()
        if key in _ENTER:
            return self.open_selected()
        return False

    def into_results(self) -> bool:
        """Focus the table on its selected row, or on the first row if none is selected."""
        self._flush()
        if not self._table.model().rowCount():
            return False
        self._table.selectRow(max(self._table.currentIndex().row(), 0))
        self._table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def open_selected(self) -> bool:
        """Enter: open the selected case; with no selection, the only result, or else go to the first."""
        self._flush()
        rows = self._table.model().rowCount()
        row = self._table.currentIndex().row()
        if row >= 0:
            self._open_row(row)
        elif rows == 1:
            self._table.selectRow(0)
            self._open_row(0)
        else:
            return self.into_results()
        return True
