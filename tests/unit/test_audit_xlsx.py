"""The audit log export: headers, Vietnamese text intact, real datetimes, print setup, atomic write."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.reports.audit_xlsx import NO_ROWS, SHEET_NAME, write_audit_xlsx
from app.reports.errors import ReportCancelled

OFFICE = "UBND Phường Lê Chân"
SOFFICE = shutil.which("soffice")


@dataclass(frozen=True)
class Line:
    at: datetime
    username: str
    action_label: str
    object_label: str
    object_ref: str
    before: str
    after: str


LINES = [
    Line(
        datetime(2026, 11, 20, 9, 30, 15),
        "nguyen.van.a",
        "Chuyển trạng thái",
        "Vụ việc",
        "HP-2026-000123",
        "trạng thái: Mới tiếp nhận",
        "trạng thái: Đã giao xử lý",
    ),
    Line(datetime(2026, 11, 19, 8, 0, 1), "admin", "Đăng nhập", "Tài khoản", "admin", "", ""),
    Line(datetime(2026, 11, 18, 7, 0), "x", "Xuất báo cáo", "Tệp", "=SUM(A1)", "", "tệp: =HYPERLINK(1)"),
]


def _write(tmp_path: Path, lines: list[Line], description: str = "từ ngày 01/11/2026") -> Path:
    target = tmp_path / "nhat-ky.xlsx"
    count = write_audit_xlsx(
        target, iter(lines), OFFICE, description, printed_at=datetime(2026, 11, 21, 10, 0)
    )
    assert count == len(lines)
    return target


def test_headers_titles_and_values_read_back(tmp_path: Path) -> None:
    ws = load_workbook(_write(tmp_path, LINES))[SHEET_NAME]
    assert [c.value for c in ws[4]] == [
        "Thời điểm",
        "Tài khoản",
        "Hành động",
        "Đối tượng",
        "Mã",
        "Trước",
        "Sau",
    ]
    assert ws["A1"].value == "UBND PHƯỜNG LÊ CHÂN"
    assert ws["A2"].value == "NHẬT KÝ HỆ THỐNG"
    assert "từ ngày 01/11/2026" in ws["A3"].value
    assert ws["C5"].value == "Chuyển trạng thái"
    assert ws["G5"].value == "trạng thái: Đã giao xử lý"
    assert unicodedata.is_normalized("NFC", ws["G5"].value)
    assert ws["E5"].value == "HP-2026-000123"
    assert ws.max_row == 4 + len(LINES)


def test_times_are_real_datetimes_with_seconds(tmp_path: Path) -> None:
    ws = load_workbook(_write(tmp_path, LINES))[SHEET_NAME]
    cell = ws["A5"]
    assert isinstance(cell.value, datetime)
    assert cell.value == datetime(2026, 11, 20, 9, 30, 15)
    assert cell.number_format == "dd/mm/yyyy hh:mm:ss"


def test_formula_like_text_stays_text(tmp_path: Path) -> None:
    ws = load_workbook(_write(tmp_path, LINES))[SHEET_NAME]
    assert ws["E7"].data_type == "s"
    assert ws["E7"].value == "=SUM(A1)"
    assert ws["G7"].value == "tệp: =HYPERLINK(1)"


def test_print_setup_frozen_header_and_filter(tmp_path: Path) -> None:
    ws = load_workbook(_write(tmp_path, LINES))[SHEET_NAME]
    assert ws.freeze_panes == "A5"
    assert ws.auto_filter.ref == "A4:G4"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == "$4:$4"
    assert ws["G5"].alignment.wrap_text
    assert ws.row_dimensions[6].height is None  # one line: the default height


def test_long_changes_get_a_taller_row(tmp_path: Path) -> None:
    long = Line(
        datetime(2026, 11, 1), "a", "Gộp vụ việc", "Vụ việc", "1", "", "nội dung: " + "Cống tắc. " * 40
    )
    ws = load_workbook(_write(tmp_path, [long, *LINES]))[SHEET_NAME]
    assert ws.row_dimensions[5].height >= 16 * 6  # about 400 characters in a 52-character column
    assert ws.column_dimensions["G"].width > ws.column_dimensions["B"].width


def test_no_rows_says_so(tmp_path: Path) -> None:
    target = tmp_path / "empty.xlsx"
    assert write_audit_xlsx(target, iter([]), OFFICE, "") == 0
    ws = load_workbook(target)[SHEET_NAME]
    assert ws["A5"].value == NO_ROWS
    assert "toàn bộ nhật ký" in ws["A3"].value


def test_cancel_leaves_the_old_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "nhat-ky.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(ReportCancelled):
        write_audit_xlsx(target, iter(LINES * 1000), OFFICE, "", cancel=lambda: True)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["nhat-ky.xlsx"]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_it(tmp_path: Path) -> None:
    from pypdf import PdfReader

    source = _write(tmp_path, LINES)
    result = subprocess.run(
        [str(SOFFICE), "--headless", "-env:UserInstallation=file:///tmp/lo-test", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    converted = tmp_path / "nhat-ky.pdf"
    assert result.returncode == 0 and converted.exists(), result.stdout + result.stderr
    text = " ".join(page.extract_text() for page in PdfReader(converted).pages)
    assert "NHẬT KÝ HỆ THỐNG" in text
    assert "20/11/2026 09:30:15" in text
