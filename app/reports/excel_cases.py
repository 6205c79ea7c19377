"""The "Danh sách" sheet, streamed row by row (flat memory for 100 000 cases)."""

from __future__ import annotations

from collections.abc import Iterator

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.reports.excel_sheet import page_setup
from app.reports.excel_styles import DATE, DATETIME, styled, text_cell
from app.reports.output import Ticker
from app.reports.text import local_time, nfc
from app.reports.types import CaseRow

COLUMNS: tuple[tuple[str, float], ...] = (
    ("Số vụ việc", 15),
    ("Mã ngoài", 12),
    ("Thời điểm tiếp nhận", 15.5),
    ("Kênh tiếp nhận", 15),
    ("Loại", 11),
    ("Lĩnh vực", 15),
    ("Đơn vị xử lý", 24),
    ("Trạng thái", 16),
    ("Hạn xử lý", 11),
    ("Ngày trả lời", 11),
    ("Đúng hạn / Quá hạn", 10),
    ("Người phản ánh", 18),
    ("Điện thoại", 12),
    ("Tóm tắt nội dung", 50),
)
ON_TIME = {True: "Đúng hạn", False: "Quá hạn", None: ""}
NO_CASES = "Trong kỳ không tiếp nhận vụ việc nào."
HEAD_ROW = 2


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def write_cases(ws: WriteOnlyWorksheet, rows: Iterator[CaseRow] | None, period: str, ticker: Ticker) -> None:
    """Title row, header row (repeated when printed, frozen on screen), then one row a case."""
    for index, (_, width) in enumerate(COLUMNS):
        ws.column_dimensions[_letter(index)].width = width
    page_setup(ws, landscape=True)
    ws.print_options.gridLines = True  # ruled like a register when printed
    ws.freeze_panes = f"C{HEAD_ROW + 1}"
    ws.print_title_rows = f"{HEAD_ROW}:{HEAD_ROW}"
    last = _letter(len(COLUMNS) - 1)
    ws.row_dimensions[1].height = 24
    ws.append([styled(ws, f"DANH SÁCH VỤ VIỆC TIẾP NHẬN – {nfc(period)}", font="title", align="n")])
    ws.row_dimensions[HEAD_ROW].height = 33
    ws.append([styled(ws, name, head=True) for name, _ in COLUMNS])
    ws.auto_filter.ref = f"A{HEAD_ROW}:{last}{HEAD_ROW}"
    if rows is None:
        ws.append([styled(ws, NO_CASES, font="i", align="n")])
        ws.merged_cells.add(f"A{HEAD_ROW + 1}:{last}{HEAD_ROW + 1}")
        return
    count = _stream(ws, rows, ticker)
    ws.print_area = f"A1:{last}{HEAD_ROW + count}"  # long summaries overflow to the right


def _stream(ws: WriteOnlyWorksheet, rows: Iterator[CaseRow], ticker: Ticker) -> int:
    # One styled cell per date column, reused: the writer serialises each row before the next.
    received = WriteOnlyCell(ws)
    received.number_format = DATETIME
    due = WriteOnlyCell(ws)
    due.number_format = DATE
    replied = WriteOnlyCell(ws)
    replied.number_format = DATE

    def text(value: str) -> object:
        """NFC text; user text Excel would read as a formula or an error stays text."""
        cleaned = nfc(value)
        if cleaned and cleaned[0] in "=#":
            return text_cell(ws, cleaned)
        return cleaned or None

    append = ws.append
    step = ticker.step
    count = 0
    for row in rows:
        count += 1
        received.value = local_time(row.received_at)
        due.value = row.due_on
        replied.value = row.replied_on
        append(
            [
                text(row.number),
                text(row.external_ref),
                received,
                text(row.channel),
                text(row.kind),
                text(row.field),
                text(row.department),
                text(row.status),
                due if row.due_on is not None else None,
                replied if row.replied_on is not None else None,
                ON_TIME[row.on_time],
                text(row.petitioner),
                text(row.phone),
                text(row.summary),
            ]
        )
        step()
    return count
