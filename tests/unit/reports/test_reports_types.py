"""Report object rules: Biểu 01/XLD cross-checks, totals, Nghị định 30 date and number lines."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from conftest import XLD01

from app.reports import CountRow, CountTable, DocumentHeader
from app.reports.text import (
    document_number_line,
    fmt_change,
    fmt_int,
    fmt_pct,
    nfc,
    place_date_line,
    recipient_lines,
)


def test_consistent_xld01_passes() -> None:
    assert XLD01.cross_checks() == []


def test_xld01_cross_check_failures_are_reported_in_vietnamese() -> None:
    failures = replace(XLD01, received_total=13).cross_checks()
    assert len(failures) == 3
    assert any("kỳ trước chuyển sang" in f for f in failures)
    assert any("phân loại theo nội dung (12)" in f for f in failures)
    assert any("kết quả xử lý (12)" in f for f in failures)
    only_results = replace(XLD01, guided=3).cross_checks()
    assert only_results == ["Tổng kết quả xử lý (13) khác tổng số tiếp nhận (12)."]


def test_xld01_negative_number_is_a_failure() -> None:
    assert any("âm" in f for f in replace(XLD01, withdrawn=-1, filed=2).cross_checks())


def test_count_table_totals_and_shape() -> None:
    table = CountTable("T", ("Kênh", "Trong hạn", "Quá hạn"), (CountRow("A", (3, 1)), CountRow("B", (2, 0))))
    assert table.totals() == (5, 1)
    with pytest.raises(ValueError):
        CountTable("T", ("Kênh", "Số"), (CountRow("A", (1, 2)),))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 5), "Hải Phòng, ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 28), "Hải Phòng, ngày 28 tháng 02 năm 2026"),
        (date(2026, 3, 15), "Hải Phòng, ngày 15 tháng 3 năm 2026"),
        (date(2026, 12, 1), "Hải Phòng, ngày 01 tháng 12 năm 2026"),
    ],
)
def test_place_and_date_follow_nghi_dinh_30(day: date, expected: str) -> None:
    assert place_date_line("Hải Phòng", day) == expected


def test_blank_date_leaves_room_for_signing_day() -> None:
    line = place_date_line("Hải Phòng", None)
    assert line.startswith("Hải Phòng, ngày")
    assert not any(ch.isdigit() for ch in line)


def _header(number: str) -> DocumentHeader:
    return DocumentHeader(
        "UBND THÀNH PHỐ HẢI PHÒNG", "UBND PHƯỜNG NHỊ CHIỂU", "BÁO CÁO", document_number=number
    )


def test_document_number_is_never_invented() -> None:
    assert document_number_line(_header("05/BC-UBND")) == "Số: 05/BC-UBND"
    assert document_number_line(_header("05")) == "Số: 05/BC-UBND"
    blank = document_number_line(_header("  "))
    assert blank.startswith("Số:") and blank.endswith("/BC-UBND")
    assert not any(ch.isdigit() for ch in blank)


def test_recipient_lines_are_punctuated_and_end_with_the_archive() -> None:
    lines = recipient_lines(("Như trên", "- Thanh tra thành phố;", " "), "VP, 02b")
    assert lines == ["- Như trên;", "- Thanh tra thành phố;", "- Lưu: VT, VP, 02b."]
    assert recipient_lines((), "") == ["- Lưu: VT."]


def test_vietnamese_number_formats() -> None:
    assert fmt_int(1234567) == "1.234.567"
    assert fmt_pct(0.853) == "85,3%"
    assert fmt_change(12, 10) == "+20,0%"
    assert fmt_change(12, 0) == ""


def test_nfc_drops_control_characters() -> None:
    assert nfc("Hu\u0301ng\x00\x07") == "Húng"


def test_appendix_cells_never_overflow_their_column() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from app.reports.pdf_appendix import PAD, SIZE, _fit
    from app.reports.pdf_fonts import REGULAR, register_fonts

    register_fonts()
    link = "https://www.facebook.com/groups/phuongnhichieu/permalink/1234567890123456789 rác"
    lines = _fit(link, 100.0, 3).split("\n")
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(stringWidth(line, REGULAR, SIZE) <= 100.0 - 2 * PAD for line in lines)
