"""Cell styles of the Excel report and a helper to make styled write-only cells."""

from __future__ import annotations

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.reports.excel_cached import Cached, CachedFormula
from app.reports.text import nfc

FONT = "Times New Roman"
DATE = "dd/mm/yyyy"
DATETIME = "dd/mm/yyyy hh:mm"
PERCENT = "0.0%"
INTEGER = "#,##0"

_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
HEAD_FILL = PatternFill("solid", fgColor="E7E6E6")
_FONTS = {
    "": Font(name=FONT, size=12),
    "b": Font(name=FONT, size=12, bold=True),
    "i": Font(name=FONT, size=12, italic=True),
    "bu": Font(name=FONT, size=12, bold=True, underline="single"),
    "title": Font(name=FONT, size=14, bold=True),
    "warn": Font(name=FONT, size=12, italic=True, color="B00000"),
}
_ALIGN = {
    "l": Alignment(horizontal="left", vertical="center", wrap_text=True),
    "c": Alignment(horizontal="center", vertical="center", wrap_text=True),
    "r": Alignment(horizontal="right", vertical="center"),
    "n": Alignment(horizontal="left", vertical="center"),  # no wrap: may run over empty cells
}


def styled(
    ws: WriteOnlyWorksheet,
    value: object,
    *,
    font: str = "",
    align: str = "l",
    border: bool = False,
    head: bool = False,
    number_format: str | None = None,
) -> WriteOnlyCell:
    """A write-only cell; text is NFC and always stored as text (never read as a formula)."""
    cell = WriteOnlyCell(ws, value=nfc(value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"
    cell.font = _FONTS["b" if head and not font else font]
    cell.alignment = _ALIGN["c" if head else align]
    if border or head:
        cell.border = BORDER
    if head:
        cell.fill = HEAD_FILL
    if number_format:
        cell.number_format = number_format
    return cell


def formula(
    ws: WriteOnlyWorksheet,
    expression: str,
    value: Cached,
    *,
    bold: bool = False,
    number_format: str = INTEGER,
) -> WriteOnlyCell:
    """A bordered, centred formula cell (``expression`` starts with "=") with the ``value`` it
    computes, shown by viewers that do not recalculate (:mod:`app.reports.excel_cached`)."""
    cell = WriteOnlyCell(ws, value=expression)
    cell._value = CachedFormula(expression, value)
    cell.font = _FONTS["b" if bold else ""]
    cell.alignment = _ALIGN["c"]
    cell.border = BORDER
    cell.number_format = number_format
    return cell


def text_cell(ws: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    """A plain cell forced to text: for user text starting with "=" or "#"."""
    cell = WriteOnlyCell(ws, value=nfc(value))
    cell.data_type = "s"
    return cell
