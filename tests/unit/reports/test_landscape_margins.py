"""Nghị định 30/2020 margins on landscape pages, measured from the PDFs (pypdf text positions),
the appendix heading as a document reference, the year printed on an undated report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from conftest import build_report, case_rows
from pypdf import PdfReader
from test_register_pdf import register, rows

from app.reports import write_report_pdf, write_report_xlsx
from app.reports.register_pdf import write_register_pdf
from app.reports.text import body_name, place_date_line

MM = 72 / 25.4
TOP, BOTTOM, BINDING, OTHER = 20, 20, 30, 15  # mm: the decree's top/bottom 20–25, left 30–35, right 15–20
TOLERANCE = 0.6  # mm


def _runs(path: Path) -> list[tuple[int, float, float, float, float, str]]:
    """(page, x, y, page width, page height, text) of every text run, in points from bottom left."""
    found: list[tuple[int, float, float, float, float, str]] = []
    for number, page in enumerate(PdfReader(path).pages, 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            if text.strip():
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                found.append((number, x, y, width, height, text.strip()))  # noqa: B023

        page.extract_text(visitor_text=visit)
    return found


def _body(path: Path) -> list[tuple[int, float, float, float, float, str]]:
    """Runs on landscape pages, without the page number (in the top margin) and the audit footer."""
    return [
        r
        for r in _runs(path)
        if r[3] > r[4] and not (r[5].isdigit() and r[2] > r[4] - TOP * MM) and r[2] > 12 * MM
    ]


def _assert_margins(path: Path) -> None:
    body = _body(path)
    assert body, "no landscape page"
    for page in {r[0] for r in body}:
        on_page = [r for r in body if r[0] == page]
        width, height = on_page[0][3], on_page[0][4]
        left = min(r[1] for r in on_page) / MM
        top = (height - max(r[2] for r in on_page)) / MM
        bottom = min(r[2] for r in on_page) / MM
        assert BINDING - TOLERANCE <= left <= BINDING + 4, (
            f"page {page}: text starts {left:.1f} mm from the left"
        )
        assert TOP <= top <= TOP + 8, f"page {page}: first line {top:.1f} mm from the top"
        assert bottom >= BOTTOM - TOLERANCE, f"page {page}: text {bottom:.1f} mm from the bottom"
        right = max(r[1] for r in on_page) / MM
        assert right <= width / MM - OTHER, f"page {page}: text starts at {right:.1f} mm"


def test_report_appendix_pages_keep_the_decree_margins(tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.pdf"
    write_report_pdf(build_report(case_rows(120)), target)
    _assert_margins(target)


def test_register_pages_keep_the_decree_margins(tmp_path: Path) -> None:
    target = tmp_path / "so.pdf"
    write_register_pdf(register(list(rows(60))), target)
    _assert_margins(target)


def test_excel_landscape_sheets_have_top_and_bottom_margins_of_20_to_25_mm(tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.xlsx"
    write_report_xlsx(build_report(case_rows(5)), target)
    for ws in openpyxl.load_workbook(target).worksheets:
        margins = ws.page_margins
        assert margins.top * 25.4 + 1e-6 >= 20 and margins.top * 25.4 <= 25 + 1e-6, ws.title
        assert margins.bottom * 25.4 + 1e-6 >= 20 and margins.bottom * 25.4 <= 25 + 1e-6, ws.title
        assert margins.left * 25.4 == pytest.approx(30) and margins.right * 25.4 == pytest.approx(15)


def test_appendix_heading_reads_as_a_document_reference(tmp_path: Path) -> None:
    report = build_report(case_rows(3))
    header = replace(
        report.header,
        document_number="05",
        issued_on=None,
        body_name=body_name("UBND phường Nhị Chiểu"),
        signing_month=date(2026, 7, 3),
        signing_month_known=True,
    )
    target = tmp_path / "bao-cao.pdf"
    write_report_pdf(replace(report, header=header), target)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(target).pages)
    assert (
        "(Kèm theo Báo cáo số 05/BC-UBND ngày tháng 7 năm 2026 của Ủy ban nhân dân phường Nhị Chiểu)" in text
    )
    assert "ngày tháng 7 năm 2026" in text  # the date line under the motto: year and month printed


def test_undated_date_line_prints_the_year_and_the_month_of_a_closed_period() -> None:
    gap = "\u00a0" * 6
    assert (
        place_date_line("Hải Phòng", None, date(2026, 7, 3), True) == f"Hải Phòng, ngày{gap}tháng 7 năm 2026"
    )
    assert place_date_line("Hải Phòng", None, date(2026, 12, 31)) == f"Hải Phòng, ngày{gap}tháng{gap}năm 2026"
    assert body_name("UBND xã Cẩm Giàng") == "Ủy ban nhân dân xã Cẩm Giàng"
    assert body_name("Ủy ban nhân dân phường Hải An") == "Ủy ban nhân dân phường Hải An"
