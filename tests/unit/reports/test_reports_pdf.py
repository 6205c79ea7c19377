"""PDF report read back with pypdf: Vietnamese text intact, layout markers, page numbers, fonts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ISSUING, PETITIONER, SIGNER, XLD01, build_report, case_rows, nfd
from pypdf import PdfReader

from app.reports import DocumentHeader, PeriodicReport, write_report_pdf
from app.reports.pdf_report import NO_CASES

MM = 72 / 25.4


def _write(report: PeriodicReport, tmp_path: Path) -> PdfReader:
    target = tmp_path / "bao-cao.pdf"
    write_report_pdf(report, target)
    return PdfReader(target)


def _text(reader: PdfReader) -> str:
    """All text with runs of white space (line breaks inside table cells) made single spaces."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _top_margin_texts(reader: PdfReader, index: int) -> list[str]:
    """Text drawn inside the top 20 mm of a page (where page numbers go)."""
    page = reader.pages[index]
    height = float(page.mediabox.height)
    found: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        y = tm[5] * cm[3] + cm[5]
        if text.strip() and y > height - 20 * MM:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return found


@pytest.fixture
def pdf(report: PeriodicReport, tmp_path: Path) -> PdfReader:
    return _write(report, tmp_path)


def test_header_and_closing_text_come_back_intact(pdf: PdfReader) -> None:
    first = pdf.pages[0].extract_text()
    for expected in (
        "UBND THÀNH PHỐ HẢI PHÒNG",
        ISSUING,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/BC-UBND",
        "Hải Phòng, ngày 05 tháng 01 năm 2026",
        "BÁO CÁO",
    ):
        assert expected in first
    text = _text(pdf)
    for expected in (
        "Nơi nhận:",
        "- Thanh tra thành phố;",
        "- Lưu: VT, VP.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        SIGNER,
        PETITIONER,
        "Đường dây nóng",
    ):
        assert expected in text
    assert nfd(PETITIONER) not in text


def test_only_liberation_serif_is_used(pdf: PdfReader) -> None:
    fonts: set[str] = set()
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts
    assert all("LiberationSerif" in name for name in fonts), fonts
    assert any("Bold" in name for name in fonts) and any("Italic" in name for name in fonts)


def test_page_numbers_from_page_two(pdf: PdfReader) -> None:
    assert len(pdf.pages) >= 3
    assert _top_margin_texts(pdf, 0) == []
    for index in range(1, len(pdf.pages)):
        assert str(index + 1) in _top_margin_texts(pdf, index)


def test_appendix_is_landscape_with_every_case(pdf: PdfReader) -> None:
    pages = [p for p in pdf.pages if "PHỤ LỤC" in p.extract_text()]
    assert pages
    assert pages[0].mediabox.width > pages[0].mediabox.height
    text = _text(pdf)
    assert "HP-2026-000001" in text and "HP-2026-000060" in text


def test_empty_report_says_so(empty_report: PeriodicReport, tmp_path: Path) -> None:
    reader = _write(empty_report, tmp_path)
    text = _text(reader)
    assert NO_CASES in text
    assert "PHỤ LỤC" not in text
    assert "Nơi nhận:" in text


def test_blank_document_number_leaves_a_gap(tmp_path: Path) -> None:
    header = DocumentHeader("UBND THÀNH PHỐ HẢI PHÒNG", ISSUING, "BÁO CÁO", issued_on=None)
    text = _write(build_report(header=header), tmp_path).pages[0].extract_text()
    line = next(line for line in text.splitlines() if line.startswith("Số:"))
    assert line.replace("\u00a0", " ").split() == ["Số:", "/BC-UBND"]


def test_cross_check_failure_is_printed(tmp_path: Path) -> None:
    report = build_report(xld01=replace(XLD01, received_in_period=11))
    assert "Số liệu chưa khớp" in _text(_write(report, tmp_path))


def test_streams_a_generator_with_progress(tmp_path: Path) -> None:
    calls: list[tuple[int, int | None]] = []
    write_report_pdf(
        build_report(case_rows(450)),
        tmp_path / "r.pdf",
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (450, 450)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def _positions(reader: PdfReader, index: int) -> dict[str, tuple[float, float]]:
    """Start (x, y) of every text run on a page, keyed by its text."""
    found: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        key = text.strip()
        if key and key not in found:
            found[key] = (tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5])

    reader.pages[index].extract_text(visitor_text=visit)
    return found


def test_header_lines_share_baselines_and_blocks_sit_on_the_margin(pdf: PdfReader) -> None:
    first = _positions(pdf, 0)
    number = first["Số: 05/BC-UBND"]
    place = first["Hải Phòng, ngày 05 tháng 01 năm 2026"]
    assert number[1] == pytest.approx(place[1], abs=0.1)
    assert first["UBND THÀNH PHỐ HẢI PHÒNG"][1] == pytest.approx(
        first["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"][1], abs=0.1
    )
    page = next(i for i, p in enumerate(pdf.pages) if "Nơi nhận:" in p.extract_text())
    assert _positions(pdf, page)["Nơi nhận:"][0] == pytest.approx(30 * MM, abs=0.5)
