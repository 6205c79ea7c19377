"""Sổ tiếp công dân as .xlsx, read back with openpyxl and opened by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from app.reports.errors import ReportCancelled
from app.reports.register_excel import FIRST_DATA, HEAD_ROW, SHEET_NAME, write_register_xlsx
from app.reports.register_types import NO_ROWS, ReceptionRegister, RegisterRow
from app.reports.types import DocumentHeader

SOFFICE = shutil.which("soffice")
NAME = "Nguyễn Thị Hường"


def _rows(count: int) -> list[RegisterRow]:
    return [
        RegisterRow(
            received_on=date(2026, 4, 1 + i % 28),
            name=unicodedata.normalize("NFD", NAME) if i == 0 else f"Trần Văn Đức {i}",
            address="Số 12 ngõ 45 phố Lạch Tray, phường Ngô Quyền",
            id_number="031089001234",
            summary='=HYPERLINK("http://x")'
            if i == 1
            else "Phản ánh đổ rác thải xây dựng trái phép. " * (1 + i % 5),
            classification="Kiến nghị, phản ánh",
            people=2,
            transferred="Thanh tra thành phố; số 07/PC-UBND",
            follow_up=f"2026-{i + 1:05d}\nĐã chuyển đơn",
        )
        for i in range(count)
    ]


def _register(rows: list[RegisterRow]) -> ReceptionRegister:
    return ReceptionRegister(
        header=DocumentHeader("UBND THÀNH PHỐ HẢI PHÒNG", "UBND PHƯỜNG NHỊ CHIỂU", "Sổ tiếp công dân"),
        period_label="Quý II năm 2026",
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        rows=rows,
        scope="Công dân đến trình bày trực tiếp tại nơi tiếp công dân",
        notes=("Ghi chú: thông tin người tố cáo được bảo mật.",),
    )


def _write(register: ReceptionRegister, tmp_path: Path) -> openpyxl.Workbook:
    target = tmp_path / "so.xlsx"
    write_register_xlsx(register, target)
    return openpyxl.load_workbook(target)


def test_merged_two_level_header_and_twelve_columns(tmp_path: Path) -> None:
    wb = _write(_register(_rows(5)), tmp_path)
    ws = wb[SHEET_NAME]
    merged = {str(r): ws.cell(r.min_row, r.min_col).value for r in ws.merged_cells.ranges}
    assert merged[f"I{HEAD_ROW}:K{HEAD_ROW}"] == "Hướng xử lý"
    assert merged[f"A{HEAD_ROW}:A{HEAD_ROW + 1}"] == "STT"
    assert merged[f"L{HEAD_ROW}:L{HEAD_ROW + 1}"] == "Theo dõi kết quả"
    assert [ws.cell(HEAD_ROW + 1, c).value for c in (9, 10, 11)] == [
        "Thụ lý",
        "Hướng dẫn (cơ quan, số văn bản)",
        "Chuyển đơn (cơ quan, số văn bản)",
    ]
    assert [ws.cell(HEAD_ROW + 2, c).value for c in range(1, 13)] == [f"({i})" for i in range(1, 13)]
    assert ws.max_column == 12
    assert "SỔ TIẾP CÔNG DÂN" in merged.values() and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in merged.values()


def test_rows_dates_and_text(tmp_path: Path) -> None:
    wb = _write(_register(_rows(5)), tmp_path)
    ws = wb[SHEET_NAME]
    first = [c.value for c in ws[FIRST_DATA]]
    assert first[0] == 1
    assert isinstance(first[1], datetime) and first[1].date() == date(2026, 4, 1)
    assert ws.cell(FIRST_DATA, 2).number_format == "dd/mm/yyyy"
    assert first[2].startswith(NAME + "\n")  # NFC, name then address
    assert first[6] == 2
    second = ws.cell(FIRST_DATA + 1, 5)
    assert second.data_type == "s" and second.value.startswith("=HYPERLINK")  # never a formula
    assert ws.cell(FIRST_DATA + 5, 1).value == "Ghi chú: thông tin người tố cáo được bảo mật."


def test_print_setup(tmp_path: Path) -> None:
    ws = _write(_register(_rows(3)), tmp_path)[SHEET_NAME]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == f"${HEAD_ROW}:${HEAD_ROW + 2}"
    assert ws.freeze_panes == f"C{FIRST_DATA}"
    assert ws.row_dimensions[FIRST_DATA].height >= 15


def test_empty_register(tmp_path: Path) -> None:
    ws = _write(_register([]), tmp_path)[SHEET_NAME]
    assert ws.cell(FIRST_DATA, 1).value == NO_ROWS


def test_cancel_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(ReportCancelled):
        write_register_xlsx(_register(_rows(10)), tmp_path / "so.xlsx", cancel=lambda: True)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_prints_the_header_on_every_page(tmp_path: Path) -> None:
    source = tmp_path / "so.xlsx"
    write_register_xlsx(_register(_rows(80)), source)
    result = subprocess.run(
        [str(SOFFICE), "--headless", "-env:UserInstallation=file:///tmp/lo-register-test",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    pages = PdfReader(tmp_path / "so.pdf").pages
    assert len(pages) > 1
    for page in pages:
        assert float(page.mediabox.width) > float(page.mediabox.height)
        assert "Hướng xử lý" in page.extract_text()
    assert NAME in pages[0].extract_text()
