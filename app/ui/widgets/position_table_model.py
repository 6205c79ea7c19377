"""Columns, headers and the answer cache of a table whose rows are addressed by position and may not
be in memory yet (they show a placeholder until they are)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from app.ui.widgets.row_table_model import AnyIndex, RowTexts

R = TypeVar("R")

PLACEHOLDER = "…"
"""The first cell of a row whose page is still on its way."""
PLACEHOLDER_TIP = "Đang tải…"
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
RowCells = dict[int, tuple[Any, ...]]
"""What one row's cells answer, role by role, column by column."""


def placeholder(column: int, role: int) -> Any:
    """What a cell of a row not read yet answers: «…» in the first column, «Đang tải…» as its tip."""
    if role == DISPLAY:
        return PLACEHOLDER if column == 0 else ""
    if role == _TOOLTIP:
        return PLACEHOLDER_TIP
    return None


class PositionTableModel(QAbstractTableModel, Generic[R]):
    """Subclasses answer ``rowCount`` and ``data``; :meth:`cell` gives every role but DisplayRole.

    A table paints every visible cell again on each scroll step and asks each for some seven roles,
    a call into Python each: a row's answers are worked out once (:meth:`prepare`, by the worker that
    read the row when it is read ahead), so a paint costs a dictionary lookup per call. ``flags`` is
    Qt's own (enabled, selectable, no children).
    """

    roles: frozenset[int] | None = None
    """The roles :meth:`cell` answers (None: ask it for every role)."""
    painted: frozenset[int] = frozenset()
    """The roles of :attr:`roles` that every painted cell asks (colours, fonts): prepared with the row."""

    def __init__(self, headers: Sequence[str], texts: RowTexts[R], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._row_texts = texts
        self._nothing: tuple[None, ...] = (None,) * len(self._headers)
        self._answered = None if self.roles is None else self.roles | {DISPLAY}
        self._cells: dict[int, RowCells] = {}
        """Answers of rows in memory; a subclass drops a row's when the row is dropped or read again."""

    def cell(self, item: R, column: int, role: int) -> Any:
        """Any role but DisplayRole for one cell, from the row alone (no state: a worker calls it too);
        ``None`` by default."""
        return None

    def prepare(self, item: R) -> RowCells:
        """The texts and the :attr:`painted` roles of a row, column by column, from the row alone."""
        cells: RowCells = {DISPLAY: self._row_texts(item)}
        for role in self.painted:
            cells[role] = tuple(self.cell(item, c, role) for c in range(len(self._headers)))
        return cells

    def answer(self, row: int, column: int, role: int, item: R) -> Any:
        """What the cell at ``row`` (holding ``item``) answers for ``role``: worked out once per row."""
        cells = self._cells.get(row)
        if cells is None:
            cells = self._cells[row] = self.prepare(item)
        by_column = cells.get(role)
        if by_column is None:
            if self._answered is not None and role not in self._answered:
                by_column = self._nothing
            else:
                by_column = tuple(self.cell(item, c, role) for c in range(len(self._headers)))
            cells[role] = by_column
        return by_column[column]

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == DISPLAY and 0 <= section < len(self._headers):
            return self._headers[section]
        return None
