"""The calendar file: every listed day has a source and a status; contradictions are refused."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.domain.calendar_data import CalendarData, CalendarDataError, shipped_calendar
from app.domain.deadline_rules import RuleSet
from app.domain.working_calendar import WorkingCalendar
from app.resources import resource_path

D = date
FILE = resource_path("data", "working_calendar.json")


def _day(day: str, working: bool = False, status: str = "official", **kw: Any) -> dict[str, Any]:
    return {
        "date": day,
        "working": working,
        "name": "Ngày thử",
        "source": "Văn bản 1/TB",
        "status": status,
        **kw,
    }


def test_the_shipped_file_covers_2025_to_2027_with_sources_and_statuses() -> None:
    data = shipped_calendar()
    assert data.years == {2025, 2026, 2027}
    assert all(
        e.source and e.name and e.status in ("official", "estimated", "doubtful")
        for e in data.entries.values()
    )
    swap_off, swap_worked = data.entries[D(2026, 1, 2)], data.entries[D(2026, 1, 10)]
    assert not swap_off.working and swap_worked.working
    assert "12729/VPCP-KGVX" in swap_off.source and "12729/VPCP-KGVX" in swap_worked.source
    assert (
        data.entries[D(2026, 11, 24)].status == "doubtful"
        and data.entries[D(2027, 11, 24)].status == "doubtful"
    )
    tet_2027 = [e.day for e in data.uncertain() if e.day.year == 2027 and e.day.month == 2]
    assert tet_2027 == [D(2027, 2, k) for k in (4, 5, 8, 9, 10)]
    assert data.entries[D(2027, 9, 3)].status == "estimated"
    assert data.entries[D(2025, 5, 2)].status == "official" and data.entries[D(2025, 4, 26)].working
    # the legal spelling, never the package's «Nguyên Đán»
    assert "Nguyên Đán" not in FILE.read_text(encoding="utf-8")


def test_years_outside_the_file_fall_back_to_the_package_as_estimates() -> None:
    cal = WorkingCalendar()
    assert cal.non_working_reason(D(2028, 1, 26)) is not None  # Tết 2028 from the package
    assert "Nguyên đán" in (cal.holiday_name(D(2028, 1, 26)) or "")
    assert D(2028, 1, 26) in cal.uncertain_between(D(2028, 1, 1), D(2028, 2, 28))
    assert cal.source(D(2028, 1, 26))[1] == "estimated"


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ([_day("2026-03-07"), _day("2026-03-07", working=True)], "vừa là ngày nghỉ vừa là ngày làm việc"),
        ([_day("2026-03-06"), _day("2026-03-06")], "được ghi hai lần"),
        ([_day("2026-03-06", working=True)], "là ngày thường, không thể là ngày làm bù"),
        ([_day("2026-03-06", status="maybe")], "tình trạng 'maybe' không hợp lệ"),
        ([_day("2026-03-06", source="")], "thiếu tên ngày hoặc căn cứ"),
        ([_day("2026-02-30")], "Ngày không hợp lệ"),
        ([_day("2029-03-06")], "ngoài các năm của lịch"),
    ],
)
def test_bad_calendar_files_are_refused(days: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(CalendarDataError, match=message):
        CalendarData.from_dict({"years": [2026], "days": days})


def test_a_file_on_disk_loads_and_decides_its_years(tmp_path: Path) -> None:
    path = tmp_path / "cal.json"
    path.write_text(json.dumps({"years": [2026], "days": [_day("2026-03-06")]}), encoding="utf-8")
    cal = WorkingCalendar(data=CalendarData.load(path))
    assert cal.non_working_reason(D(2026, 3, 6)) == "Ngày thử"
    assert cal.is_working_day(D(2026, 1, 2))  # not listed in this file: an ordinary Friday
    assert cal.non_working_reason(D(2026, 2, 17)) is None  # the file, not the package, decides 2026


def test_the_transitional_complaint_rule_stays_as_data_with_its_note() -> None:
    rules = RuleSet.load()
    assert "cách hiểu khác" in rules.rule("lkn27.accept.first").note
    assert "cách hiểu khác" in rules.rule("nd155.accept.first").note
    assert rules.suspension_rule("khieu_nai").effective_from == D(2026, 7, 1)  # type: ignore[union-attr]
