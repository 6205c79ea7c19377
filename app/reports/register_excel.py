"""Write a :class:`ReceptionRegister` as a streamed .xlsx sheet: ND30 header, two-level column header."""

from __future__ import annotations

import os
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter as col
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.reports.excel_report import _discard
from app.reports.excel_rows import PresetCell, cell_rows
from app.reports.excel_sheet import page_setup, stamp_footer
from app.reports.excel_styles import DATE, FONT, styled
from app.reports.output import CancelFn, ProgressFn, Ticker, atomic_target
from app.reports.register_types import (
    COLUMNS,
    DIRECTION,
    DIRECTION_COLUMNS,
    NO_ROWS,
    ReceptionRegister,
    RegisterRow,
)
from app.reports.text import nfc

SHEET_NAME = "Sổ tiếp công dân"
# Column widths in characters (Times New Roman 11 pt in the body).
WIDTHS = (4.5, 10.5, 20, 13, 30, 9.5, 7.5, 10, 9.5, 11.5, 11.5, 12)
ALIGN = ("c", "c", "l", "c", "l", "c", "c", "l", "c", "l", "l", "l")
LAST = col(len(COLUMNS))
HEAD_ROW = 8  # first of the two header rows; the column numbers follow, then the data
FIRST_DATA = HEAD_ROW + 3
LINE = 14.5  # points per line of 11 pt text
SUMMARY_LIMIT = 1000  # characters of the summary kept in a cell
BODY_FONT = Font(name=FONT, size=11)
TOP = {a: Alignment(horizontal={"c": "center", "l": "left"}[a], vertical="top", wrap_text=True) for a in "cl"}


def _lines(text: str, width: float) -> int:
    """Printed lines of ``text`` wrapped in a column ``width`` characters wide.

    Excel draws a column about 7w + 5 pixels wide; 11 pt Times averages 6.3 pixels a letter in
    Vietnamese text. LibreOffice draws columns wider, so it only gains a little air.
    """
    per_line = max(int((7 * width + 5) / 6.6) - 1, 1)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n")) if text else 1


def _header(ws: WriteOnlyWorksheet, register: ReceptionRegister) -> None:
    h = register.header
    split = 5  # left block A..E, right block F..L
    for left, left_font, right, right_font in (
        (nfc(h.parent_body).upper(), "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b"),
        (nfc(h.issuing_body).upper(), "b", "Độc lập - Tự do - Hạnh phúc", "bu"),
    ):
        ws.append([styled(ws, left, font=left_font, align="c"), *[None] * (split - 1),
                   styled(ws, right, font=right_font, align="c")])  # fmt: skip
    for row in (1, 2):
        ws.merged_cells.add(f"A{row}:{col(split)}{row}")
        ws.merged_cells.add(f"{col(split + 1)}{row}:{LAST}{row}")
    ws.append([])
    lines = [(nfc(h.title).upper(), "title"), (nfc(h.subtitle), "b"), (nfc(register.period_label), "b")]
    lines.append((nfc(register.scope), "i"))
    shown = [(text, font) for text, font in lines if text.strip()][:4]
    for text, font in shown:
        ws.append([styled(ws, text, font=font, align="c")])
    for row in range(4, 4 + len(shown)):
        ws.merged_cells.add(f"A{row}:{LAST}{row}")
    for _ in range(HEAD_ROW - 4 - len(shown)):
        ws.append([])


def _column_header(ws: WriteOnlyWorksheet) -> None:
    first, last = DIRECTION_COLUMNS[0], DIRECTION_COLUMNS[-1]
    top = [
        DIRECTION if i == first else (None if i in DIRECTION_COLUMNS else h) for i, h in enumerate(COLUMNS)
    ]
    sub = [h if i in DIRECTION_COLUMNS else None for i, h in enumerate(COLUMNS)]
    ws.append([styled(ws, h or "", head=True) for h in top])
    ws.append([styled(ws, h or "", head=True) for h in sub])
    ws.append([styled(ws, f"({i})", head=True) for i in range(1, len(COLUMNS) + 1)])
    r1, r2 = HEAD_ROW, HEAD_ROW + 1
    ws.merged_cells.add(f"{col(first + 1)}{r1}:{col(last + 1)}{r1}")
    for i in range(len(COLUMNS)):
        if i not in DIRECTION_COLUMNS:
            ws.merged_cells.add(f"{col(i + 1)}{r1}:{col(i + 1)}{r2}")


def _setup(ws: WriteOnlyWorksheet, register: ReceptionRegister) -> None:
    for index, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[col(index)].width = width
    page_setup(ws, landscape=True)
    ws.sheet_view.showGridLines = False
    ws.freeze_panes = f"C{FIRST_DATA}"
    ws.print_title_rows = f"{HEAD_ROW}:{HEAD_ROW + 2}"
    heights = {1: 18, 2: 18, 3: 8, 4: 24, 5: 18, 6: 18, 7: 18, HEAD_ROW: 22, HEAD_ROW + 1: 60}
    for row, height in heights.items():
        ws.row_dimensions[row].height = height
    ws.row_dimensions[HEAD_ROW + 2].height = 16


def _row_cells(ws: WriteOnlyWorksheet) -> list[PresetCell]:
    """One cell per column, its style made and looked up once (openpyxl hashes a style on every
    assignment and again for every cell it writes); only the values change from row to row."""
    cells = []
    for index, align in enumerate(ALIGN):
        model = styled(ws, None, align=align, border=True, number_format=DATE if index == 1 else None)
        model.font = BODY_FONT
        model.alignment = TOP[align]
        cells.append(PresetCell(ws, model))
    return cells


def _stream(ws: WriteOnlyWorksheet, rows: Iterator[RegisterRow], ticker: Ticker) -> int:
    cells = _row_cells(ws)
    number, received, name, id_number, summary, kind, people, *texts = cells
    text_widths = tuple(
        zip((name, id_number, summary, kind, *texts), (WIDTHS[2:6] + WIDTHS[7:]), strict=True)
    )
    dimensions, step = ws.row_dimensions, ticker.step
    received.data_type = "d"  # the day of receipt, a date formatted dd/mm/yyyy
    count = 0
    with cell_rows(ws):
        for row in rows:
            count += 1
            number._value = count
            received._value = row.received_on
            people._value = row.people or None
            lines = 1
            for (cell, width), value in zip(
                text_widths,
                (row.name_address(), row.id_number, nfc(row.summary)[:SUMMARY_LIMIT], row.classification,
                 row.resolved_by, row.accepted, row.guided, row.transferred, row.follow_up),
                strict=True,
            ):  # fmt: skip
                value = nfc(value).strip()[:32767]  # nfc drops every character a sheet refuses
                if value:
                    cell._value, cell.data_type = value, "s"  # text stays text, never a formula
                    lines = max(lines, _lines(value, width))
                else:
                    cell._value, cell.data_type = None, "n"
            dimensions[FIRST_DATA + count - 1].height = min(409, LINE * lines + 3)
            ws.append(cells)
            step()
    return count


def write_register_xlsx(
    register: ReceptionRegister,
    path: str | os.PathLike[str],
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> None:
    """Render ``register`` to ``path`` atomically with a write-only (streaming) workbook."""
    ticker = Ticker(progress, cancel, register.row_count, every=1000)
    ticker.check()
    workbook = Workbook(write_only=True)
    workbook.properties.title = nfc(register.header.title)
    workbook.properties.creator = nfc(register.header.issuing_body)
    ws = workbook.create_sheet(SHEET_NAME)
    try:
        with atomic_target(path) as tmp:
            _setup(ws, register)
            _header(ws, register)
            _column_header(ws)
            count = _stream(ws, iter(register.rows), ticker)
            last = FIRST_DATA + count - 1
            if count == 0:
                ws.append([styled(ws, NO_ROWS, font="i", align="c")])
                ws.merged_cells.add(f"A{FIRST_DATA}:{LAST}{FIRST_DATA}")
                last = FIRST_DATA
            for note in register.notes:
                if nfc(note).strip():
                    ws.append([styled(ws, note, font="i", align="n")])
                    last += 1
            ws.print_area = f"A1:{LAST}{last}"
            ticker.check()
            stamp_footer([ws], register.audit_anchor)
            workbook.save(tmp)
    except BaseException:
        _discard(workbook)
        raise
    if progress is not None:
        progress(ticker.done, ticker.total if ticker.total is not None else ticker.done)
