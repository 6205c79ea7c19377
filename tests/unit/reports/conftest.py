"""A known periodic report with Vietnamese text (some of it NFD, as some input methods send it)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from app.reports import (
    CaseRow,
    ComparisonRow,
    CountRow,
    CountTable,
    DepartmentPerformance,
    DocumentHeader,
    MonthlyPoint,
    PeriodicReport,
    Recipients,
    Signature,
    TopicCount,
    Xld01Summary,
)

PETITIONER = "Nguyễn Thị Hường"
SIGNER = "Phạm Quốc Thắng"
ISSUING = "UBND PHƯỜNG NHỊ CHIỂU"
FORMULA_LIKE = '=HYPERLINK("http://x")'


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def case_rows(count: int) -> Iterator[CaseRow]:
    """``count`` cases; the first petitioner's name arrives in NFD."""
    start = datetime(2026, 3, 15, 7, 30)
    for i in range(1, count + 1):
        received = start + timedelta(hours=7 * i)
        due = received.date() + timedelta(days=10)
        replied = due - timedelta(days=i % 5 - 1) if i % 3 else None
        yield CaseRow(
            number=f"HP-2026-{i:06d}",
            external_ref=f"SHP-{100000 + i}" if i % 2 else "",
            received_at=received,
            channel=nfd("Đường dây nóng") if i == 1 else "Trang Facebook",
            kind="Phản ánh" if i % 2 else "Kiến nghị",
            field="Môi trường",
            department="Phòng Kinh tế, Hạ tầng và Đô thị",
            status="Đã trả lời công dân" if replied else "Đang xử lý",
            due_on=due,
            replied_on=replied,
            on_time=None if replied is None else replied <= due,
            petitioner=nfd(PETITIONER) if i == 1 else "Trần Văn Đức",
            phone="09xx xxx 123",
            summary=FORMULA_LIKE if i == 2 else "Đổ rác thải xây dựng trái phép tại ngõ 12 Lạch Tray",
        )


XLD01 = Xld01Summary(
    received_total=12,
    carried_over=2,
    received_in_period=10,
    complaints=1,
    denunciations=1,
    petitions=10,
    accepted=5,
    guided=2,
    transferred=2,
    filed=1,
    withdrawn=0,
    in_progress=2,
)


def build_report(cases: Iterable[CaseRow] = (), **changes: object) -> PeriodicReport:
    report = PeriodicReport(
        header=DocumentHeader(
            parent_body="UBND THÀNH PHỐ HẢI PHÒNG",
            issuing_body=nfd(ISSUING),
            title="Báo cáo",
            subtitle="Kết quả tiếp nhận, xử lý phản ánh, kiến nghị qua đường dây nóng quý II năm 2026",
            document_number="05/BC-UBND",
            issued_on=date(2026, 1, 5),
        ),
        period_label="Quý II năm 2026 (từ 15/03/2026 đến 14/06/2026)",
        period_start=date(2026, 3, 15),
        period_end=date(2026, 6, 14),
        signature=Signature(
            authority="TM. ỦY BAN NHÂN DÂN",
            delegation="KT. CHỦ TỊCH",
            signer_title="PHÓ CHỦ TỊCH",
            signer_name=nfd(SIGNER),
        ),
        recipients=Recipients(lines=("Thanh tra thành phố", "- TT Đảng ủy phường;"), archive="VP"),
        paragraphs=("Ủy ban nhân dân phường báo cáo kết quả tiếp nhận, xử lý như sau:",),
        comparison=(ComparisonRow("Tổng số tiếp nhận", 12, 10, 8),),
        tables=(
            CountTable(
                "Theo kênh tiếp nhận",
                ("Kênh tiếp nhận", "Số vụ việc"),
                (CountRow("Đường dây nóng", (7,)), CountRow("Trang Facebook", (5,))),
            ),
            CountTable(
                "Theo loại vụ việc",
                ("Loại", "Số vụ việc"),
                (CountRow("Phản ánh", (6,)), CountRow("Kiến nghị", (6,))),
                chart=True,
            ),
        ),
        xld01=XLD01,
        monthly=(MonthlyPoint(date(2026, 3, 1), 4, 3), MonthlyPoint(date(2026, 4, 1), 8, 6)),
        top_topics=(TopicCount("Rác thải, vệ sinh môi trường", 5),),
        departments=(DepartmentPerformance("Phòng Kinh tế, Hạ tầng và Đô thị", 12, 9, 8, 1, 3),),
        closing=("Trên đây là báo cáo của Ủy ban nhân dân phường./.",),
        cases=cases,
    )
    return replace(report, **changes)  # type: ignore[arg-type]


@pytest.fixture
def report() -> PeriodicReport:
    return build_report(list(case_rows(60)))


@pytest.fixture
def empty_report() -> PeriodicReport:
    return build_report(())
