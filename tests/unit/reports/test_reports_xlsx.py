"""Excel report read back with openpyxl: sheets, merged headers, formulas, dates, print setup."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
from conftest import FORMULA_LIKE, ISSUING, PETITIONER, SIGNER, build_report, case_rows, nfd
from openpyxl.worksheet.worksheet import Worksheet

from app.reports import PeriodicReport, write_report_xlsx
from app.reports.excel_cases import NO_CASES


def _write(report: PeriodicReport, tmp_path: Path) -> openpyxl.Workbook:
    target = tmp_path / "bao-cao.xlsx"
    write_report_xlsx(report, target)
    return openpyxl.load_workbook(target)


def _values(ws: Worksheet) -> list[object]:
    return [cell.value for row in ws.iter_rows() for cell in row if cell.value is not None]


def _merged_values(ws: Worksheet) -> dict[str, object]:
    return {str(r): ws.cell(r.min_row, r.min_col).value for r in ws.merged_cells.ranges}


def test_sheets_and_header(report: PeriodicReport, tmp_path: Path) -> None:
    wb = _write(report, tmp_path)
    assert wb.sheetnames == ["Tổng hợp", "Biểu 01-XLD", "Danh sách"]
    summary = wb["Tổng hợp"]
    merged = _merged_values(summary)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in merged.values()
    assert "Độc lập - Tự do - Hạnh phúc" in merged.values()
    assert ISSUING in merged.values()  # NFD input comes back NFC
    assert "BÁO CÁO" in merged.values()
    assert summary.page_setup.orientation == "landscape"
    assert SIGNER not in _values(summary)  # the signature belongs to the PDF only


def test_merged_group_headers(report: PeriodicReport, tmp_path: Path) -> None:
    wb = _write(report, tmp_path)
    comparison = _merged_values(wb["Tổng hợp"])
    assert "Kỳ trước" in comparison.values() and "Cùng kỳ năm trước" in comparison.values()
    xld = _merged_values(wb["Biểu 01-XLD"])
    for group in ("Tiếp nhận", "Phân loại theo nội dung", "Kết quả xử lý"):
        assert group in xld.values()
    ref = next(k for k, v in xld.items() if v == "Kết quả xử lý")
    assert ref.startswith("I") and ":N" in ref


def test_totals_are_formulas(report: PeriodicReport, tmp_path: Path) -> None:
    wb = _write(report, tmp_path)
    summary = wb["Tổng hợp"]
    totals = [row for row in summary.iter_rows() if row[1].value == "Tổng cộng"]
    assert totals
    for row in totals:
        assert str(row[2].value).startswith("=SUM(C")
    xld = wb["Biểu 01-XLD"]
    unit_row = next(row for row in xld.iter_rows() if row[1].value == ISSUING)
    r = unit_row[0].row
    assert unit_row[2].value == f"=D{r}+E{r}"
    assert [c.value for c in unit_row[3:5]] == [2, 10]


def test_case_list_columns_dates_and_view(report: PeriodicReport, tmp_path: Path) -> None:
    ws = _write(report, tmp_path)["Danh sách"]
    header = [c.value for c in ws[2]]
    assert header[:3] == ["Số vụ việc", "Mã ngoài", "Thời điểm tiếp nhận"]
    assert header[10] == "Đúng hạn / Quá hạn"
    first = ws[3]
    assert first[0].value == "HP-2026-000001" and first[1].value == "SHP-100001"
    assert isinstance(first[2].value, datetime)
    assert first[2].number_format == "dd/mm/yyyy hh:mm"
    assert first[3].value == "Đường dây nóng"  # NFD input normalised
    assert isinstance(first[8].value, datetime) and first[8].number_format == "dd/mm/yyyy"
    assert isinstance(first[9].value, datetime) and first[9].number_format == "dd/mm/yyyy"
    assert first[10].value in ("Đúng hạn", "Quá hạn")
    assert first[11].value == PETITIONER
    assert first[11].value != nfd(PETITIONER)
    assert ws.max_row == 2 + 60
    assert ws.freeze_panes == "C3"
    assert ws.print_title_rows == "$2:$2"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["N"].width >= 40


def test_user_text_is_never_a_formula(report: PeriodicReport, tmp_path: Path) -> None:
    ws = _write(report, tmp_path)["Danh sách"]
    cell = ws["N4"]
    assert cell.value == FORMULA_LIKE
    assert cell.data_type == "s"


def test_charts_present(report: PeriodicReport, tmp_path: Path) -> None:
    summary = _write(report, tmp_path)["Tổng hợp"]
    assert len(summary._charts) == 2


def test_streams_a_generator(tmp_path: Path) -> None:
    report = build_report(case_rows(250), case_count=250)
    calls: list[tuple[int, int | None]] = []
    write_report_xlsx(report, tmp_path / "r.xlsx", progress=lambda d, t: calls.append((d, t)))
    book = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    try:
        assert sum(1 for _ in book["Danh sách"].iter_rows(values_only=True)) == 252
    finally:
        book.close()
    assert calls[-1] == (250, 250)


def test_empty_report_says_so(empty_report: PeriodicReport, tmp_path: Path) -> None:
    wb = _write(empty_report, tmp_path)
    assert wb["Danh sách"]["A3"].value == NO_CASES
    assert NO_CASES in _values(wb["Tổng hợp"])


def test_cross_check_failure_is_visible(tmp_path: Path) -> None:
    from dataclasses import replace

    from conftest import XLD01

    report = build_report(xld01=replace(XLD01, received_total=13))
    values = _values(_write(report, tmp_path)["Biểu 01-XLD"])
    assert any(str(v).startswith("Số liệu chưa khớp") for v in values)
