"""Write a :class:`PeriodicReport` as an .xlsx workbook ("Tổng hợp" and "Danh sách"), streamed."""

from __future__ import annotations

import contextlib
import os

from openpyxl import Workbook

from app.reports.excel_cases import write_cases
from app.reports.excel_sheet import stamp_footer
from app.reports.excel_summary import write_summary
from app.reports.excel_xld01 import SHEET_NAME as XLD01_SHEET
from app.reports.excel_xld01 import write_xld01
from app.reports.output import CancelFn, ProgressFn, Ticker, atomic_target
from app.reports.report_notes import SHEET_NAME as NOTES_SHEET
from app.reports.report_notes import write_notes_sheet
from app.reports.streams import case_total, peek_cases
from app.reports.text import nfc
from app.reports.types import PeriodicReport


def write_report_xlsx(
    report: PeriodicReport,
    path: str | os.PathLike[str],
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> None:
    """Render ``report`` to ``path`` atomically with a write-only (streaming) workbook.

    Raises :class:`~app.reports.errors.ReportWriteError` when the file cannot be written and
    :class:`~app.reports.errors.ReportCancelled` when ``cancel()`` turns true; in both cases no
    file is left behind and an existing file at ``path`` is untouched.
    """
    ticker = Ticker(progress, cancel, case_total(report), every=1000)
    ticker.check()
    rows = peek_cases(report)
    workbook = Workbook(write_only=True)
    workbook.properties.title = nfc(report.header.title)
    workbook.properties.creator = nfc(report.header.issuing_body)
    summary = workbook.create_sheet("Tổng hợp")
    xld01 = workbook.create_sheet(XLD01_SHEET) if report.xld01 is not None else None
    notes = workbook.create_sheet(NOTES_SHEET) if report.notes else None
    cases = workbook.create_sheet("Danh sách") if report.case_list else None
    try:
        with atomic_target(path) as tmp:
            write_summary(summary, report, report.case_list and rows is None)
            if xld01 is not None and report.xld01 is not None:
                write_xld01(xld01, report, report.xld01)
            if notes is not None:
                write_notes_sheet(notes, report)
            if cases is not None:
                write_cases(cases, rows, report.period_label, ticker)
            ticker.check()
            stamp_footer(workbook.worksheets, report.audit_anchor)
            workbook.save(tmp)
    except BaseException:
        _discard(workbook)
        raise
    if progress is not None:
        progress(ticker.done, ticker.total if ticker.total is not None else ticker.done)


def _discard(workbook: Workbook) -> None:
    """Close the half-written streamed sheets and delete openpyxl's temporary files.

    Left alone they would be finalised by the garbage collector, writing to closed files.
    """
    for ws in workbook.worksheets:
        with contextlib.suppress(Exception):
            ws.close()
        writer = getattr(ws, "_writer", None)
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()
