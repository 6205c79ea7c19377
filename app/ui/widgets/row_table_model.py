"""Read-only table model over a list of frozen rows: one column per header, texts formatted once per row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

R = TypeVar("R")
AnyIndex = QModelIndex | QPersistentModelIndex
RowTexts = Callable[[R], tuple[str, ...]]
TEXT_CACHE_ROWS = 2_000
"""Formatted rows kept: a screen shows ~40, so scrolling back re-formats at most a few pages."""


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Rows of one DTO type; the display text of a row is made once, other roles come from :meth:`cell`.

    Subclasses override :meth:`cell` for tooltips, colours and custom roles, and
    :meth:`display_text` only where a cell's text changes without the row changing.
    """

    roles: frozenset[int] | None = None
    """The roles :meth:`cell` answers (None: ask it for every role). A table asks each visible cell
    for some ten roles on every paint; the ones a model never answers are refused here at once."""

    def __init__(self, headers: Sequence[str], texts: RowTexts[R], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._row_texts = texts
        self._rows: list[R] = []
        self._texts: dict[int, tuple[str, ...]] = {}

    # --- rows ---------------------------------------------------------------------------
    @property
    def rows(self) -> Sequence[R]:
        return self._rows

    def row(self, row: int) -> R:
        return self._rows[row]

    def set_rows(self, rows: Sequence[R]) -> None:
        """Show ``rows`` instead of the current ones."""
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = {}
        self.endResetModel()

    def find_row(self, match: Callable[[R], bool]) -> int:
        """The first row ``match`` accepts, or -1."""
        return next((i for i, r in enumerate(self._rows) if match(r)), -1)

    def append_rows(self, rows: Sequence[R]) -> None:
        """Add ``rows`` at the end (lazy pages)."""
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    # --- what subclasses answer -------------------------------------------------------------
    def header(self, section: int) -> str:
        return self._headers[section]

    def display_text(self, row: int, column: int) -> str:
        texts = self._texts.get(row)
        if texts is None:  # formatted once per row, not on every paint
            if len(self._texts) >= TEXT_CACHE_ROWS:  # only what is near the view is kept formatted
                self._texts.clear()
            texts = self._texts[row] = self._row_texts(self._rows[row])
        return texts[column]

    def cell(self, item: R, column: int, role: int) -> Any:
        """Any role but DisplayRole for one cell; ``None`` by default."""
        return None

    # --- Qt model interface -------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._headers):
            return self.header(section)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not (0 <= row < len(self._rows)):
            return None
        if role == _DISPLAY:
            return self.display_text(row, index.column())
        if self.roles is not None and role not in self.roles:
            return None
        return self.cell(self._rows[row], index.column(), role)


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
