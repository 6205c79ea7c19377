"""Rows of prepared cells for a write-only sheet, written without openpyxl's per-cell detours.

A write-only sheet takes a row of values; a styled cell in it is not a value, so openpyxl
first tries to bind it as one, formats ``repr(cell)`` into a ValueError, catches it and only
then takes the cell, and on writing hashes the cell's style array again to find its style id.
For the register (twelve styled cells a row) those detours cost more than writing the XML. A
:class:`PresetCell` knows its style id from the start; inside :func:`cell_rows` the sheet's
``append`` takes a list of them as they are (the XML written is the same).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from openpyxl.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet


class PresetCell(Cell):
    """A write-only cell with the style of ``model``, fixed: only its value changes."""

    __slots__ = ("_style_id",)

    def __init__(self, ws: WriteOnlyWorksheet, model: Cell) -> None:
        super().__init__(ws)
        self._style = copy.copy(model._style)  # type: ignore[misc]  # a slot of StyleableObject
        self._style_id: int = ws.parent._cell_styles.add(self._style)

    @property
    def style_id(self) -> int:
        return self._style_id

    @property
    def has_style(self) -> bool:
        return True


@contextmanager
def cell_rows(ws: WriteOnlyWorksheet) -> Iterator[None]:
    """While open, ``ws.append`` takes a sequence of :class:`PresetCell` (``None`` for a blank)
    and writes them as they are; a row is written when it is appended, so the same cells can
    carry the next row's values."""

    def to_row(cells: Sequence[PresetCell | None], row_idx: int) -> Iterator[Any]:
        for column, cell in enumerate(cells, 1):
            if cell is not None:
                cell.column = column
                cell.row = row_idx
                yield cell

    ws._values_to_row = to_row
    try:
        yield
    finally:
        del ws._values_to_row
