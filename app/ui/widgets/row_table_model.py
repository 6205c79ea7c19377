"""Read-only table model over a list of frozen rows: one column per header, texts formatted once per row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

R = TypeVar("R")
AnyIndex = QModelIndex | QPersistentModelIndex
RowTexts = Callable[[R], tuple[str, ...]]


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Rows of one DTO type; the display text of a row is made once, other roles come from :meth:`cell`.

    Subclasses override :meth:`cell` for tooltips, colours and custom roles, and
    :meth:`display_text` only where a cell's text changes without the row changing.
    """

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
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display_text(index.row(), index.column())
        return self.cell(self._rows[index.row()], index.column(), role)
