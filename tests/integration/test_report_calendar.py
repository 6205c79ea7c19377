"""The yearly report lists the estimated and doubtful days of the calendar and the office's decisions."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

from app.domain.periods import parse_period
from app.services.reports.report_service import ReportOptions, ReportService, write_report
from app.settings import resolve
from tests.sample_office import command_line_services

NOW = datetime(2026, 12, 7, 9, 0)


def test_the_2026_report_names_the_doubtful_24_11_and_the_office_decision(tmp_path: Path) -> None:
    services = command_line_services(
        resolve(f"sqlite:///{tmp_path / 'r.db'}", data_dir=tmp_path),
        clock=lambda: NOW,
        today=lambda: NOW.date(),
    )
    try:
        build = ReportService(
            services.engine, services.office_id, lambda: NOW.date(), signed_in=services.signed_in
        ).build
        undecided = build(ReportOptions(parse_period("2026"), include_cases=False))
        line = "24/11/2026 Ngày Văn hóa Việt Nam (còn nghi vấn; chưa xác nhận, hạn tính qua ngày này là tạm tính)"
        assert any(line in p for p in undecided.paragraphs)
        services.work_calendar.drop_day(date(2026, 11, 24), "Chưa có văn bản sửa Điều 112", None)
        decided = build(ReportOptions(parse_period("2026"), include_cases=False))
        pdf = write_report(decided, "pdf", tmp_path / "2026.pdf")
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        flat = " ".join(text.split())
        assert "24/11/2026 Ngày Văn hóa Việt Nam (còn nghi vấn; cơ quan đã quyết định làm việc:" in flat
        assert "Bỏ: Chưa có văn bản sửa Điều 112" in flat
        q1 = build(ReportOptions(parse_period("2026-Q1"), include_cases=False))
        assert not any("chưa chính thức" in p for p in q1.paragraphs)  # no such day in Q1 2026
    finally:
        services.close()
