"""Periodic reports from a real database: numbers equal a direct count, identities stay sealed."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.bootstrap import Services
from app.domain.enums import CaseKind, CaseStatus, Channel, ReplyMethod
from app.domain.periods import date_range, parse_period
from app.services.cases.dto import NewCase
from app.services.reports.report_service import ReportOptions, ReportService, write_report
from app.settings import resolve
from tests.sample_office import command_line_services

NOW = datetime(2026, 6, 20, 9, 0)


@pytest.fixture
def services(tmp_path: Path) -> Services:
    svc = command_line_services(
        resolve(f"sqlite:///{tmp_path / 'r.db'}", data_dir=tmp_path),
        clock=lambda: NOW,
        today=lambda: NOW.date(),
    )
    officer = svc.catalog.users()[0].id
    dept = svc.catalog.departments()[0].id

    def add(day: date, kind: CaseKind, channel: Channel, **kw: object) -> int:
        return svc.cases.create_case(
            NewCase(
                content=f"Nội dung {kind.label} ngày {day:%d/%m}",
                kind=kind,
                channel=channel,
                received_at=datetime.combine(day, datetime.min.time()).replace(hour=8),
                **kw,
            ),  # type: ignore[arg-type]
            None,
        ).id

    carried = add(date(2026, 3, 20), CaseKind.FEEDBACK, Channel.HOTLINE)  # open from Q1
    add(date(2026, 4, 2), CaseKind.FEEDBACK, Channel.HOTLINE, phone="0912345678", citizen_name="Lê Văn Dân")
    guided = add(date(2026, 4, 10), CaseKind.COMPLAINT, Channel.WALK_IN)
    add(date(2026, 5, 5), CaseKind.PETITION, Channel.FACEBOOK)
    done = add(date(2026, 5, 6), CaseKind.FEEDBACK, Channel.SMART_HAIPHONG)
    add(
        date(2026, 6, 1),
        CaseKind.DENUNCIATION,
        Channel.WALK_IN,
        citizen_name="Hoàng Thị Kín",
        phone="0987654321",
    )
    svc.cases.change_status(guided, CaseStatus.GUIDED, "Hướng dẫn gửi đơn", None)
    svc.cases.assign(done, dept, officer, "", None)
    svc.cases.change_status(done, CaseStatus.RESOLVED, "Đã xử lý", None)
    svc.cases.add_reply(done, ReplyMethod.PHONE, date(2026, 6, 10), "Đã trả lời", None)
    assert carried
    return svc


def test_summary_numbers_equal_a_direct_count(services: Services) -> None:
    report = ReportService(
        services.engine, services.office_id, lambda: NOW.date(), signed_in=services.signed_in
    ).build(ReportOptions(parse_period("2026-Q2")))
    x = report.xld01
    assert x is not None and x.cross_checks() == []
    assert (x.received_in_period, x.carried_over, x.received_total) == (5, 1, 6)
    assert (x.complaints, x.denunciations, x.petitions) == (1, 1, 4)
    assert (x.guided, x.accepted, x.in_progress) == (1, 1, 4)
    by_channel = {r.label: r.counts[0] for r in report.tables[0].rows}
    assert by_channel == {"Đường dây nóng": 1, "Tiếp trực tiếp": 2, "Trang Facebook": 1, "Smart Hải Phòng": 1}
    assert report.comparison[0].label == "Tiếp nhận trong kỳ"
    assert report.comparison[0].current == 5 and report.comparison[0].previous == 1
    assert len(list(report.cases)) == 5


def test_pdf_and_xlsx_agree_and_never_print_a_denouncer(services: Services, tmp_path: Path) -> None:
    report = ReportService(
        services.engine, services.office_id, lambda: NOW.date(), signed_in=services.signed_in
    ).build(ReportOptions(parse_period("2026-Q2"), document_number="05"))
    pdf = write_report(report, "pdf", tmp_path / "q2.pdf")
    xlsx = write_report(report, "xlsx", tmp_path / "q2.xlsx")
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Số: 05/BC-UBND" in text
    assert "Lê Văn Dân" in text and "Hoàng Thị Kín" not in text and "(được bảo mật)" in text
    assert "0912 345 678" not in text and "0912 *** 678" in text
    assert "0987" not in text
    book = load_workbook(xlsx)
    assert "Tổng hợp" in book.sheetnames and "Danh sách" in book.sheetnames
    cells = [c for row in book["Danh sách"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "Hoàng Thị Kín" not in cells and not any("0987" in c for c in cells)
    numbers = [c for c in cells if c.startswith("2026-")]
    assert len(numbers) == 5


def test_unredacted_copy_only_when_asked(services: Services, tmp_path: Path) -> None:
    report = ReportService(
        services.engine, services.office_id, lambda: NOW.date(), signed_in=services.signed_in
    ).build(ReportOptions(parse_period("2026-Q2"), unredacted=True, show_phones=True))
    rows = {r.petitioner for r in report.cases}
    assert "Hoàng Thị Kín" in rows


def test_empty_period_gives_a_valid_report_that_says_so(services: Services, tmp_path: Path) -> None:
    report = ReportService(
        services.engine, services.office_id, lambda: NOW.date(), signed_in=services.signed_in
    ).build(ReportOptions(date_range(date(2025, 1, 1), date(2025, 1, 31))))
    pdf = write_report(report, "pdf", tmp_path / "empty.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "không tiếp nhận" in text
