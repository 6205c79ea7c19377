"""Working-day calendar: holidays 2026–2027, office overrides, day counting (hand-checked dates)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.working_calendar import OFFICE_DAY_OFF, WorkingCalendar

D = date
CAL = WorkingCalendar()


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (D(2026, 1, 1), "Tết Dương lịch"),  # Thursday
        # 12729/VPCP-KGVX: Friday 02/01/2026 off, Saturday 10/01/2026 worked in exchange.
        (D(2026, 1, 2), "Ngày nghỉ (thay cho thứ Bảy 10/01/2026)"),
        (D(2026, 1, 10), None),
        # Tết Bính Ngọ 2026: 14–22/02 off = weekend 14–15, Tết 16–20 (Mon–Fri), weekend 21–22.
        (D(2026, 2, 13), None),
        (D(2026, 2, 14), "Thứ Bảy"),
        (D(2026, 2, 15), "Chủ nhật"),
        (D(2026, 2, 16), "Tết Nguyên đán (Giao thừa)"),
        (D(2026, 2, 17), "Tết Nguyên đán (mùng một)"),
        (D(2026, 2, 18), "Tết Nguyên đán (mùng hai)"),
        (D(2026, 2, 19), "Tết Nguyên đán (mùng ba)"),
        (D(2026, 2, 20), "Tết Nguyên đán (mùng bốn)"),
        (D(2026, 2, 21), "Thứ Bảy"),
        (D(2026, 2, 22), "Chủ nhật"),
        (D(2026, 2, 23), None),
        # Giỗ Tổ 10/3 lunar = Sunday 26/04/2026, observed Monday 27/04.
        (D(2026, 4, 26), "Ngày Giỗ Tổ Hùng Vương"),
        (D(2026, 4, 27), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù cho Chủ nhật 26/04/2026)"),
        (D(2026, 4, 28), None),
        (D(2026, 4, 30), "Ngày Chiến thắng"),  # Thursday
        (D(2026, 5, 1), "Ngày Quốc tế Lao động"),  # Friday
        (D(2026, 5, 4), None),
        # Swap 2026: Saturday 22/08 worked, Monday 31/08 off, then 01–02/09 Quốc khánh.
        (D(2026, 8, 22), None),
        (D(2026, 8, 29), "Thứ Bảy"),
        (D(2026, 8, 31), "Ngày nghỉ (thay cho thứ Bảy 22/08/2026)"),
        (D(2026, 9, 1), "Quốc khánh (ngày liền kề)"),
        (D(2026, 9, 2), "Quốc khánh"),
        (D(2026, 9, 3), None),
        (D(2026, 11, 24), "Ngày Văn hóa Việt Nam"),  # Tuesday, new from 2026
        (D(2026, 11, 25), None),
        (D(2027, 1, 1), "Tết Dương lịch"),  # Friday
        # Tết Đinh Mùi: mùng 1 = Saturday 06/02/2027; holidays 0.109 gives Thu 04 – Wed 10/02
        # (the government has not fixed this yet: offices may adjust with overrides).
        (D(2027, 2, 3), None),
        (D(2027, 2, 4), "Tết Nguyên đán (trước Giao thừa)"),
        (D(2027, 2, 6), "Tết Nguyên đán (mùng một)"),
        (D(2027, 2, 10), "Tết Nguyên đán (mùng năm)"),
        (D(2027, 2, 11), None),
        (D(2027, 4, 16), "Ngày Giỗ Tổ Hùng Vương"),  # Friday
        (D(2027, 5, 3), "Ngày Quốc tế Lao động (nghỉ bù cho thứ Bảy 01/05/2027)"),  # 01/05 is a Saturday
        (D(2027, 9, 3), "Quốc khánh (ngày liền kề)"),  # Friday after Thursday 02/09
        (D(2027, 11, 24), "Ngày Văn hóa Việt Nam"),  # Wednesday
    ],
)
def test_non_working_reason(day: date, reason: str | None) -> None:
    assert CAL.non_working_reason(day) == reason
    assert CAL.is_working_day(day) is (reason is None)


def test_package_knows_the_2026_swap() -> None:
    assert D(2026, 8, 22) in CAL.package_makeup_workdays(2026)
    assert CAL.holiday_name(D(2026, 8, 22)) is None


@pytest.mark.parametrize(
    ("start", "n", "due", "skipped"),
    [
        (D(2026, 2, 12), 1, D(2026, 2, 13), []),
        (D(2026, 2, 13), 1, D(2026, 2, 23), [D(2026, 2, k) for k in range(14, 23)]),
        (
            D(2026, 2, 10),
            10,
            D(2026, 3, 3),
            [D(2026, 2, k) for k in range(14, 23)] + [D(2026, 2, 28), D(2026, 3, 1)],
        ),
        (D(2026, 4, 24), 1, D(2026, 4, 28), [D(2026, 4, 25), D(2026, 4, 26), D(2026, 4, 27)]),
        (D(2026, 4, 29), 1, D(2026, 5, 4), [D(2026, 4, 30)] + [D(2026, 5, k) for k in (1, 2, 3)]),
        (D(2026, 8, 21), 1, D(2026, 8, 22), []),  # the make-up Saturday counts
        (D(2026, 8, 21), 2, D(2026, 8, 24), [D(2026, 8, 23)]),
        (
            D(2026, 8, 28),
            1,
            D(2026, 9, 3),
            [D(2026, 8, 29), D(2026, 8, 30), D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)],
        ),
        (D(2026, 11, 23), 1, D(2026, 11, 25), [D(2026, 11, 24)]),
        (D(2026, 12, 31), 1, D(2027, 1, 4), [D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)]),
        (D(2027, 2, 3), 1, D(2027, 2, 11), [D(2027, 2, k) for k in range(4, 11)]),
        (D(2026, 2, 14), 1, D(2026, 2, 23), [D(2026, 2, k) for k in range(15, 23)]),
        (D(2026, 3, 2), 0, D(2026, 3, 2), []),
    ],
)
def test_add_working_days(start: date, n: int, due: date, skipped: list[date]) -> None:
    assert CAL.add_working_days(start, n) == (due, skipped)


@pytest.mark.parametrize(
    ("start", "n", "due", "skipped"),
    [
        (D(2026, 1, 5), 30, D(2026, 2, 4), []),
        # last day Giao thừa Monday 16/02/2026 → first working day after Tết
        (D(2026, 1, 17), 30, D(2026, 2, 23), [D(2026, 2, k) for k in range(16, 23)]),
        (D(2026, 3, 31), 30, D(2026, 5, 4), [D(2026, 4, 30)] + [D(2026, 5, k) for k in (1, 2, 3)]),
        (D(2026, 7, 10), 30, D(2026, 8, 10), [D(2026, 8, 9)]),  # ends on a Sunday
        (D(2026, 7, 23), 30, D(2026, 8, 22), []),  # ends on the worked Saturday
        (D(2026, 8, 1), 30, D(2026, 9, 3), [D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)]),
        (D(2026, 10, 25), 30, D(2026, 11, 25), [D(2026, 11, 24)]),
        (D(2027, 1, 5), 30, D(2027, 2, 11), [D(2027, 2, k) for k in range(4, 11)]),
        (D(2026, 2, 14), 0, D(2026, 2, 23), [D(2026, 2, k) for k in range(14, 23)]),
    ],
)
def test_add_calendar_days(start: date, n: int, due: date, skipped: list[date]) -> None:
    assert CAL.add_calendar_days(start, n) == (due, skipped)


@pytest.mark.parametrize("n", [-1, True, 1.5, "3"])
def test_bad_counts(n: object) -> None:
    with pytest.raises(ValueError, match="Số ngày"):
        CAL.add_working_days(D(2026, 1, 5), n)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Số ngày"):
        CAL.add_calendar_days(D(2026, 1, 5), n)  # type: ignore[arg-type]


def test_working_days_between() -> None:
    assert CAL.working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1
    assert CAL.working_days_between(D(2026, 2, 23), D(2026, 2, 13)) == -1
    assert CAL.working_days_between(D(2026, 3, 2), D(2026, 3, 2)) == 0
    # 2026: 261 weekdays − 13 weekday holidays + Saturday 22/08 = 249
    assert CAL.working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 249
    assert CAL.working_days_in(D(2026, 3, 9), D(2026, 3, 13)) == 5
    assert CAL.working_days_in(D(2026, 3, 13), D(2026, 3, 9)) == 0


def test_year_days() -> None:
    days = CAL.year_days(2026)
    assert len(days) == 365
    assert days[0] == (D(2026, 1, 1), "Tết Dương lịch")
    assert sum(1 for _, reason in days if reason is None) == 249
    # 2027 (holidays' Tết estimate): 261 weekdays − 12 weekday holidays
    assert sum(1 for _, reason in CAL.year_days(2027) if reason is None) == 249


def test_next_working_day() -> None:
    assert CAL.next_working_day(D(2026, 2, 13)) == D(2026, 2, 23)
    assert CAL.next_working_day(D(2026, 2, 12)) == D(2026, 2, 13)
    assert CAL.next_working_day(D(2026, 2, 12), inclusive=True) == D(2026, 2, 12)
    assert CAL.next_working_day(D(2026, 2, 14), inclusive=True) == D(2026, 2, 23)


def test_office_overrides() -> None:
    cal = WorkingCalendar(
        extra_days_off={D(2026, 3, 6), D(2026, 8, 22)},
        makeup_workdays={D(2026, 3, 7), D(2026, 8, 31)},
    )
    assert cal.non_working_reason(D(2026, 3, 6)) == OFFICE_DAY_OFF
    assert cal.is_working_day(D(2026, 3, 7))
    assert not cal.is_working_day(D(2026, 8, 22))  # office wins over the package swap
    assert cal.is_working_day(D(2026, 8, 31))
    assert cal.add_working_days(D(2026, 3, 5), 1) == (D(2026, 3, 7), [D(2026, 3, 6)])
    assert cal.extra_days_off == {D(2026, 3, 6), D(2026, 8, 22)}
    assert cal.makeup_workdays == {D(2026, 3, 7), D(2026, 8, 31)}


def test_named_days_off_and_holiday_name_first() -> None:
    cal = WorkingCalendar({D(2026, 3, 6): "Nghỉ bầu cử", D(2026, 9, 1): "Trùng"})
    assert cal.non_working_reason(D(2026, 3, 6)) == "Nghỉ bầu cử"
    assert cal.non_working_reason(D(2026, 9, 1)) == "Quốc khánh (ngày liền kề)"


def test_day_both_off_and_worked_is_refused() -> None:
    with pytest.raises(ValueError, match="vừa là ngày nghỉ vừa là ngày làm bù"):
        WorkingCalendar(extra_days_off={D(2026, 3, 7)}, makeup_workdays={D(2026, 3, 7)})


days = st.dates(min_value=D(2025, 1, 1), max_value=D(2028, 6, 30))
counts = st.integers(min_value=0, max_value=90)


@settings(deadline=None)
@given(days, counts)
def test_due_dates_are_working_days(start: date, n: int) -> None:
    due, skipped = CAL.add_calendar_days(start, n)
    assert CAL.is_working_day(due)
    assert all(not CAL.is_working_day(d) for d in skipped)
    if n:
        due, skipped = CAL.add_working_days(start, n)
        assert CAL.is_working_day(due)
        assert len(skipped) == (due - start).days - n


@settings(deadline=None)
@given(days, counts, counts)
def test_longer_period_is_never_earlier(start: date, a: int, b: int) -> None:
    short, long = sorted((a, b))
    assert CAL.add_working_days(start, short)[0] <= CAL.add_working_days(start, long)[0]
    assert CAL.add_calendar_days(start, short)[0] <= CAL.add_calendar_days(start, long)[0]


@settings(deadline=None)
@given(days, counts)
def test_working_days_between_inverts_adding(start: date, n: int) -> None:
    due = CAL.add_working_days(start, n)[0]
    assert CAL.working_days_between(start, due) == n
    assert CAL.add_calendar_days(start, n)[0] >= start + timedelta(days=n)
