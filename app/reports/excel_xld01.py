"""The "Biểu 01-XLD" sheet: the official form's row layout with merged headers and live checks."""

from __future__ import annotations

from openpyxl.utils import get_column_letter as col
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.reports.excel_sheet import Sheet
from app.reports.excel_styles import INTEGER, formula, styled
from app.reports.excel_summary import doc_header, title
from app.reports.text import nfc
from app.reports.types import PeriodicReport, UnitXld01, Xld01Summary

SHEET_NAME = "Biểu 01-XLD"
_GROUPS = (("Tiếp nhận", 3), ("Phân loại theo nội dung", 3), ("Kết quả xử lý", 6))
WIDTHS = {"A": 6, "B": 28, **{col(i): 11 for i in range(3, 15)}}


def write_xld01(ws: WriteOnlyWorksheet, report: PeriodicReport, summary: Xld01Summary) -> None:
    """One row per unit like the official form; (1) = (2) + (3); failed checks in red."""
    sheet = Sheet(ws)
    sheet.setup(WIDTHS, landscape=True)
    doc_header(sheet, report, "D", "H", "N")
    title(
        sheet, [("TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN (BIỂU 01/XLD)", "title"), (nfc(report.period_label), "i")], "N"
    )
    sheet.add([])
    subs = ["Tổng số", "Kỳ trước chuyển sang", "Tiếp nhận trong kỳ"]
    subs += [label for label, _ in summary.kind_parts()]
    subs += [label for label, _ in summary.result_parts()]
    top: list[str | None] = ["STT", "Đơn vị"]
    merges = ["A{0}:A{1}", "B{0}:B{1}"]
    start = 3
    for name, span in _GROUPS:
        top += [name] + [None] * (span - 1)
        merges.append(f"{col(start)}{{0}}:{col(start + span - 1)}{{0}}")
        start += span
    head = sheet.group_head(top, [None, None, *subs], merges)
    codes = ["A", "B", "1=2+3", *[str(n) for n in range(2, 13)]]
    sheet.add([styled(ws, code, font="i", align="c", border=True) for code in codes])
    units = report.xld01_units or (UnitXld01(report.header.issuing_body, summary),)
    if report.xld01_units:  # a unit a row over several pages: the heading repeats on each
        ws.print_title_rows = f"{head}:{sheet.row}"
    first = sheet.row + 1
    height = 33 if len(units) == 1 else 20
    for index, unit in enumerate(units, 1):
        _unit_row(sheet, index, unit.unit, unit.summary, height)
    row = sheet.row
    numbers = [sum(column) for column in zip(*(_columns(u.summary) for u in units), strict=True)]
    if report.xld01_units:
        row = _total_row(sheet, first, row, numbers)
    kinds, results = sum(numbers[3:6]), sum(numbers[6:12])
    check = sheet.add(
        [
            None,
            styled(ws, "Chênh lệch so với cột 1 (phải bằng 0)", font="i", align="n"),
            None,
            None,
            None,
            formula(ws, f"=C{row}-SUM(F{row}:H{row})", numbers[0] - kinds),
            None,
            None,
            formula(ws, f"=C{row}-SUM(I{row}:N{row})", numbers[0] - results),
        ]
    )
    sheet.merge(f"F{check}:H{check}")
    sheet.merge(f"I{check}:N{check}")
    for text in summary.cross_checks():
        sheet.add([None, styled(ws, f"Số liệu chưa khớp: {text}", font="warn", align="n")])


def _unit_row(sheet: Sheet, index: int, unit: str, summary: Xld01Summary, height: float) -> None:
    """A unit's numbers; column 1 is the formula (2) + (3)."""
    ws = sheet.ws
    row = sheet.row + 1
    total, *values = _columns(summary)
    sheet.add(
        [
            styled(ws, index, align="c", border=True),
            styled(ws, nfc(unit), border=True),
            formula(ws, f"=D{row}+E{row}", total, bold=True),
            *[styled(ws, n, align="c", border=True, number_format=INTEGER) for n in values],
        ],
        height=height,
    )


def _columns(summary: Xld01Summary) -> list[int]:
    """Columns 1–12 of a unit's row: (1) = (2) + (3), then carried, received, kinds, results."""
    values = [summary.carried_over, summary.received_in_period]
    values += [n for _, n in summary.kind_parts()] + [n for _, n in summary.result_parts()]
    return [values[0] + values[1], *values]


def _total_row(sheet: Sheet, first: int, last: int, numbers: list[int]) -> int:
    """«Tổng cộng» under the unit rows: SUM of every column, so the sheet recalculates itself."""
    ws = sheet.ws
    sums = [
        formula(ws, f"=SUM({col(c)}{first}:{col(c)}{last})", n, bold=True)
        for c, n in zip(range(3, 15), numbers, strict=True)
    ]
    sheet.add([styled(ws, "", border=True), styled(ws, "Tổng cộng", font="b", border=True), *sums], height=24)
    return sheet.row
