"""The audit log (nhật ký hệ thống) as one streamed .xlsx sheet: title, filter, one row an action."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.reports.excel_report import _discard
from app.reports.excel_sheet import ROW_HEIGHT, page_setup, text_height
from app.reports.excel_styles import BORDER, FONT, styled
from app.reports.output import CancelFn, ProgressFn, Ticker, atomic_target
from app.reports.text import local_time, nfc

SHEET_NAME = "Nhật ký"
TITLE = "NHẬT KÝ HỆ THỐNG"
DATETIME_SECONDS = "dd/mm/yyyy hh:mm:ss"
COLUMNS: tuple[tuple[str, float], ...] = (
    ("Thời điểm", 19),
    ("Tài khoản", 16),
    ("Hành động", 26),
    ("Đối tượng", 13),
    ("Mã", 15),
    ("Trước", 42),
    ("Sau", 52),
)
LAST = chr(ord("A") + len(COLUMNS) - 1)
HEAD_ROW = 4
NO_ROWS = "Không có dòng nhật ký nào khớp điều kiện lọc."
WRAPPED = 5
"""Columns from this index on (Trước, Sau) wrap; the others stay one line."""
MAX_CELL = 32000
"""Excel holds at most 32 767 characters in a cell."""


class AuditLine(Protocol):
    """What the writer needs of one audit row (the service's ``AuditEntry`` has it)."""

    @property
    def at(self) -> datetime: ...
    @property
    def username(self) -> str: ...
    @property
    def action_label(self) -> str: ...
    @property
    def object_label(self) -> str: ...
    @property
    def object_ref(self) -> str: ...
    @property
    def before(self) -> str: ...
    @property
    def after(self) -> str: ...


def write_audit_xlsx(
    path: str | os.PathLike[str],
    rows: Iterable[AuditLine],
    office_name: str,
    description: str,
    *,
    printed_at: datetime | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> int:
    """Write ``rows`` to ``path`` atomically (temporary file, then replace); return the row count.

    ``description`` says which rows these are ("từ ngày 01/11/2026 đến ngày 30/11/2026, …").
    Raises :class:`~app.reports.errors.ReportWriteError` when the file cannot be written and
    :class:`~app.reports.errors.ReportCancelled` on cancel; then no file is left behind.
    """
    ticker = Ticker(progress, cancel, None, every=1000)
    ticker.check()
    workbook = Workbook(write_only=True)
    workbook.properties.title = TITLE.capitalize()
    workbook.properties.creator = nfc(office_name)
    ws = workbook.create_sheet(SHEET_NAME)
    try:
        with atomic_target(path) as tmp:
            _setup(ws)
            _title(ws, office_name, description, printed_at or datetime.now())
            count = _stream(ws, rows, ticker)
            if count == 0:
                ws.append([styled(ws, NO_ROWS, font="i", align="n")])
            ws.print_area = f"A1:{LAST}{HEAD_ROW + max(count, 1)}"
            ticker.check()
            workbook.save(tmp)
    except BaseException:
        _discard(workbook)
        raise
    if progress is not None:
        progress(count, count)
    return count


def _setup(ws: WriteOnlyWorksheet) -> None:
    for index, (_, width) in enumerate(COLUMNS):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    page_setup(ws, landscape=True)
    ws.freeze_panes = f"A{HEAD_ROW + 1}"
    ws.print_title_rows = f"{HEAD_ROW}:{HEAD_ROW}"
    ws.auto_filter.ref = f"A{HEAD_ROW}:{LAST}{HEAD_ROW}"


def _title(ws: WriteOnlyWorksheet, office_name: str, description: str, printed_at: datetime) -> None:
    ws.row_dimensions[1].height = 18
    ws.append([styled(ws, nfc(office_name).upper(), font="b", align="n")])
    ws.row_dimensions[2].height = 24
    ws.append([styled(ws, TITLE, font="title", align="n")])
    scope = nfc(description).strip() or "toàn bộ nhật ký"
    ws.append(
        [styled(ws, f"Phạm vi: {scope}. Lập lúc {printed_at:%H:%M ngày %d/%m/%Y}.", font="i", align="n")]
    )
    ws.row_dimensions[HEAD_ROW].height = 20
    ws.append([styled(ws, name, head=True) for name, _ in COLUMNS])


def _stream(ws: WriteOnlyWorksheet, rows: Iterable[AuditLine], ticker: Ticker) -> int:
    # One styled cell per styled column, reused: the writer serialises each row before the next.
    font = Font(name=FONT, size=11)
    top = Alignment(horizontal="left", vertical="top")
    wrap = Alignment(horizontal="left", vertical="top", wrap_text=True)
    at = WriteOnlyCell(ws)
    at.number_format = DATETIME_SECONDS
    cells = [WriteOnlyCell(ws) for _ in COLUMNS[1:]]
    for index, cell in enumerate([at, *cells]):
        cell.font = font
        cell.border = BORDER
        cell.alignment = wrap if index >= WRAPPED else top
    widths = [width for _, width in COLUMNS[WRAPPED:]]
    dimensions = ws.row_dimensions
    append = ws.append
    step = ticker.step
    count = 0
    for row in rows:
        count += 1
        at.value = local_time(row.at)
        texts = [
            nfc(v)[:MAX_CELL] for v in (row.username, row.action_label, row.object_label, row.object_ref)
        ]
        long = [nfc(v)[:MAX_CELL] for v in (row.before, row.after)]
        for cell, value in zip(cells, texts + long, strict=True):
            cell.value = value or None
            cell.data_type = "s"  # user text starting with "=" stays text, never a formula
        # Write-only sheets cannot fit rows afterwards: give wrapped rows their height now.
        height = max(text_height(text, width) for text, width in zip(long, widths, strict=True))
        if height > ROW_HEIGHT:
            dimensions[HEAD_ROW + count].height = height
        append([at, *cells])
        step()
    return count
