"""Formulas written with the value they compute, for viewers that do not recalculate.

openpyxl writes a formula as ``<f>`` with an empty ``<v>``: Excel recalculates on opening, but
phone viewers, previews, Google Drive's and many web viewers show the cell empty — a report
whose totals are blank. openpyxl cannot compute formulas; the report writer knows every number,
so it passes the value with the formula (:func:`cached`) and this module's cell writer emits
``<f>…</f><v>value</v>``. Every other cell goes through openpyxl's own writer unchanged.
"""

from __future__ import annotations

from typing import Any

import openpyxl.worksheet._writer as _sheet_writer
from openpyxl.compat import safe_string
from openpyxl.xml.functions import Element, SubElement

Cached = int | float | str
"""What a formula of the reports computes: a count, a rate, or "" (an IF's empty branch)."""


class CachedFormula(str):
    """A formula text (``=SUM(C5:C9)``) that carries the value it computes."""

    cached: Cached

    def __new__(cls, expression: str, value: Cached) -> CachedFormula:
        made = super().__new__(cls, expression)
        made.cached = value
        return made


def ratio(numerator: float, denominator: float, minus: float = 0) -> Cached:
    """``numerator / denominator - minus``, or "" where the sheet's ``IF(…=0,"",…)`` gives ""."""
    return "" if denominator == 0 else numerator / denominator - minus


def _write_cell(xf: Any, worksheet: Any, cell: Any, styled: Any = None) -> None:
    value = cell._value
    if not isinstance(value, CachedFormula):
        _openpyxl_write_cell(xf, worksheet, cell, styled)
        return
    attrs = {"r": cell.coordinate}
    if styled:
        attrs["s"] = f"{cell.style_id}"
    if isinstance(value.cached, str):
        attrs["t"] = "str"
    element = Element("c", attrs)
    SubElement(element, "f").text = value[1:]
    SubElement(element, "v").text = (
        value.cached if isinstance(value.cached, str) else safe_string(value.cached)
    )
    xf.write(element)


_openpyxl_write_cell = getattr(_sheet_writer, "_hotline_openpyxl_write_cell", _sheet_writer.write_cell)
_sheet_writer._hotline_openpyxl_write_cell = _openpyxl_write_cell
_sheet_writer.write_cell = _write_cell
