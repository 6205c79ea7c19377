"""The last page of a consolidated report: units missing, packages refused, notes (Excel and PDF)."""

from __future__ import annotations

from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Paragraph

from app.reports.excel_sheet import Sheet
from app.reports.excel_styles import styled
from app.reports.nd30 import Styles
from app.reports.text import esc, nfc
from app.reports.types import PeriodicReport

SHEET_NAME = "Ghi chú tổng hợp"
TITLE = "PHỤ LỤC: ĐƠN VỊ CHƯA GỬI, BÁO CÁO KHÔNG ĐƯỢC TỔNG HỢP VÀ GHI CHÚ"
NOTHING = "Không có."


def write_notes_sheet(ws: WriteOnlyWorksheet, report: PeriodicReport) -> None:
    """One heading a section, one row a line (numbered)."""
    sheet = Sheet(ws)
    sheet.setup({"A": 6, "B": 120}, landscape=True)
    sheet.add([styled(ws, TITLE, font="title", align="n")], height=21)
    sheet.add([styled(ws, nfc(report.period_label), font="i", align="n")])
    for section in report.notes:
        sheet.add([])
        sheet.add([styled(ws, nfc(section.title), font="b", align="n")])
        if not section.lines:
            sheet.add([None, styled(ws, NOTHING, font="i", align="n")])
        for index, line in enumerate(section.lines, 1):
            sheet.add([styled(ws, index, align="c"), styled(ws, nfc(line), align="n")])


def notes_story(report: PeriodicReport, styles: Styles) -> list[Flowable]:
    """A new portrait page with each section and its lines."""
    story: list[Flowable] = [
        NextPageTemplate("portrait"),
        PageBreak(),
        Paragraph(f"<b>{esc(TITLE)}</b>", styles.centred),
        Paragraph(f"<i>{esc(report.period_label)}</i>", styles.centred),
    ]
    for section in report.notes:
        story.append(Paragraph(esc(section.title), styles.heading))
        if not section.lines:
            story.append(Paragraph(f"<i>{NOTHING}</i>", styles.body))
        for index, line in enumerate(section.lines, 1):
            story.append(Paragraph(f"{index}. {esc(line)}", styles.body))
    return story
