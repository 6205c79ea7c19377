"""Sổ tiếp công dân as PDF, read back with pypdf: landscape, header on every page, text intact."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.reports.errors import ReportCancelled
from app.reports.register_pdf import RegisterHead, column_widths, write_register_pdf
from app.reports.register_types import NO_ROWS, ReceptionRegister, RegisterRow
from app.reports.types import DocumentHeader

MM = 72 / 25.4
NAME = "Nguyễn Thị Hường"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def rows(count: int) -> Iterator[RegisterRow]:
    for i in range(1, count + 1):
        yield RegisterRow(
            received_on=date(2026, 4, 1) + timedelta(days=i // 4),
            name=nfd(NAME) if i == 1 else f"Trần Văn Đức {i}",
            address="Số 12 ngõ 45 phố Lạch Tray, phường Ngô Quyền, thành phố Hải Phòng",
            id_number="031089001234",
            summary="Phản ánh đổ rác thải xây dựng trái phép tại ngõ 12 Lạch Tray gây ô nhiễm. "
            * (1 + i % 4),
            classification=("Khiếu nại", "Tố cáo", "Kiến nghị, phản ánh")[i % 3],
            people=1 + i % 2,
            accepted="x" if i % 3 == 0 else "",
            guided="UBND xã Cẩm Giàng; số 15/PHD-UBND" if i % 3 == 1 else "",
            transferred="Thanh tra thành phố; số 07/PC-UBND" if i % 3 == 2 else "",
            follow_up=f"2026-{i:05d}\nĐã trả lời ngày 10/06/2026",
        )


def register(items: list[RegisterRow]) -> ReceptionRegister:
    return ReceptionRegister(
        header=DocumentHeader("UBND THÀNH PHỐ HẢI PHÒNG", nfd("UBND PHƯỜNG NHỊ CHIỂU"), "Sổ tiếp công dân"),
        period_label="Quý II năm 2026 (từ ngày 01/04/2026 đến ngày 30/06/2026)",
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        rows=items,
        row_count=len(items),
        scope="Công dân đến trình bày trực tiếp tại nơi tiếp công dân",
        notes=("Ghi chú: thông tin người tố cáo được bảo mật.",),
    )


def _write(reg: ReceptionRegister, tmp_path: Path) -> PdfReader:
    target = tmp_path / "so.pdf"
    write_register_pdf(reg, target)
    return PdfReader(target)


def _text(page: object) -> str:
    return " ".join(page.extract_text().split())  # type: ignore[attr-defined]


@pytest.fixture
def long_pdf(tmp_path: Path) -> PdfReader:
    return _write(register(list(rows(60))), tmp_path)


def test_first_page_has_the_nd30_header_and_title(long_pdf: PdfReader) -> None:
    first = _text(long_pdf.pages[0])
    for expected in ("UBND THÀNH PHỐ HẢI PHÒNG", "UBND PHƯỜNG NHỊ CHIỂU", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "SỔ TIẾP CÔNG DÂN", "Quý II năm 2026"):  # fmt: skip
        assert expected in first
    assert "Số:" not in first  # a register has no document number to fill in
    assert NAME in first  # NFD input comes back NFC


def test_every_page_is_landscape_with_the_two_level_header(long_pdf: PdfReader) -> None:
    assert len(long_pdf.pages) > 3
    for page in long_pdf.pages:
        assert float(page.mediabox.width) > float(page.mediabox.height)
        text = _text(page)
        for label in ("Hướng xử lý", "Thụ lý", "Hướng dẫn (cơ quan, số văn bản)", "Chuyển đơn", "(12)"):
            assert label in text


def test_page_numbers_from_page_two(long_pdf: PdfReader) -> None:
    def top_texts(index: int) -> list[str]:
        page = long_pdf.pages[index]
        height = float(page.mediabox.height)
        found: list[str] = []

        def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
            if text.strip() and tm[5] * cm[3] + cm[5] > height - 19 * MM:  # the top margin (20 mm)
                found.append(text.strip())

        page.extract_text(visitor_text=visit)
        return found

    assert top_texts(0) == []
    assert top_texts(1) == ["2"]


def test_every_row_is_listed_once_in_order(long_pdf: PdfReader) -> None:
    text = " ".join(_text(page) for page in long_pdf.pages)
    positions = [text.index(f"2026-{i:05d}") for i in range(1, 61)]
    assert positions == sorted(positions)
    assert "Ghi chú: thông tin người tố cáo được bảo mật." in text


def test_text_stays_inside_the_frame(long_pdf: PdfReader) -> None:
    xs: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            xs.append(tm[4] * cm[0] + cm[4])

    for page in long_pdf.pages:
        xs.clear()
        page.extract_text(visitor_text=visit)
        assert min(xs) >= 20 * MM - 1 and max(xs) < float(page.mediabox.width) - 20 * MM


def test_header_fits_the_frame() -> None:
    widths = column_widths()
    assert abs(sum(widths) - (297 - 30 - 15) * MM) < 0.5  # NĐ 30 margins: binding 30, other 15
    head = RegisterHead(widths)
    assert 30 < head.height < 80  # two rows, no column heading taller than four lines


def test_empty_register_says_so(tmp_path: Path) -> None:
    pdf = _write(register([]), tmp_path)
    text = _text(pdf.pages[0])
    assert NO_ROWS in text and "Hướng xử lý" in text
    assert len(pdf.pages) == 1


def test_cancel_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "so.pdf"
    with pytest.raises(ReportCancelled):
        write_register_pdf(register(list(rows(300))), target, cancel=lambda: True)
    assert list(tmp_path.iterdir()) == []
