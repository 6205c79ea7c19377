"""Columns, headers, flags and the formatted-text cache of a table whose rows are addressed by
position and may not be in memory yet (they show a placeholder until they are)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from app.ui.widgets.row_table_model import TEXT_CACHE_ROWS, AnyIndex, RowTexts

R = TypeVar("R")

PLACEHOLDER = "…"
"""The first cell of a row whose page is still on its way."""
PLACEHOLDER_TIP = "Đang tải…"
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def placeholder(column: int, role: int) -> Any:
    """What a cell of a row not read yet answers: «…» in the first column, «Đang tải…» as its tip."""
    if role == DISPLAY:
        return PLACEHOLDER if column == 0 else ""
    if role == _TOOLTIP:
        return PLACEHOLDER_TIP
    return None


class PositionTableModel(QAbstractTableModel, Generic[R]):
    """Subclasses answer ``rowCount`` and ``data``; :meth:`cell` gives every role but DisplayRole."""

    roles: frozenset[int] | None = None
    """The roles :meth:`cell` answers (None: ask it for every role)."""

    def __init__(self, headers: Sequence[str], texts: RowTexts[R], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._row_texts = texts
        self._texts: dict[int, tuple[str, ...]] = {}

    def cell(self, item: R, column: int, role: int) -> Any:
        """Any role but DisplayRole for one cell; ``None`` by default."""
        return None

    def display_text(self, row: int, column: int, item: R) -> str:
        texts = self._texts.get(row)
        if texts is None:  # formatted once per row, and only near the view
            if len(self._texts) >= TEXT_CACHE_ROWS:
                self._texts.clear()
            texts = self._texts[row] = self._row_texts(item)
        return texts[column]

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == DISPLAY and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags
