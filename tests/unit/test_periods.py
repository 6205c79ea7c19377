"""Reporting periods: calendar and state cut-off dates, previous and same period last year."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.periods import (
    PeriodError,
    date_range,
    parse_period,
    previous,
    same_period_last_year,
)


@pytest.mark.parametrize(
    ("text", "cutoff", "start", "end"),
    [
        ("2026-Q1", False, date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q1", True, date(2025, 12, 15), date(2026, 3, 14)),
        ("2026-Q2", True, date(2026, 3, 15), date(2026, 6, 14)),
        ("2026-05", False, date(2026, 5, 1), date(2026, 5, 31)),
        ("2026-05", True, date(2026, 4, 15), date(2026, 5, 14)),
        ("2026-02", False, date(2026, 2, 1), date(2026, 2, 28)),
        ("2026-H1", False, date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-H2", True, date(2026, 6, 15), date(2026, 12, 14)),
        ("2026-9M", True, date(2025, 12, 15), date(2026, 9, 14)),
        ("2026", False, date(2026, 1, 1), date(2026, 12, 31)),
        ("2026", True, date(2025, 12, 15), date(2026, 12, 14)),
        ("2026-W19", False, date(2026, 5, 4), date(2026, 5, 10)),
    ],
)
def test_periods(text: str, cutoff: bool, start: date, end: date) -> None:
    period = parse_period(text, cutoff)
    assert (period.start, period.end) == (start, end)


def test_labels_are_vietnamese() -> None:
    assert parse_period("2026-Q2").title == "Quý II năm 2026 (từ ngày 01/04/2026 đến ngày 30/06/2026)"
    assert parse_period("2026-H1").label == "6 tháng đầu năm 2026"


def test_previous_and_same_period_last_year() -> None:
    q1 = parse_period("2026-Q1", cutoff=True)
    assert (previous(q1).start, previous(q1).end) == (date(2025, 9, 15), date(2025, 12, 14))
    last = same_period_last_year(q1)
    assert (last.start, last.end) == (date(2024, 12, 15), date(2025, 3, 14))
    jan = parse_period("2026-01")
    assert (previous(jan).start, previous(jan).end) == (date(2025, 12, 1), date(2025, 12, 31))
    custom = date_range(date(2026, 5, 1), date(2026, 5, 10))
    assert (previous(custom).start, previous(custom).end) == (date(2026, 4, 21), date(2026, 4, 30))


@pytest.mark.parametrize("text", ["2026-Q5", "2026-13", "Q2", "", "2026-W60", "năm nay"])
def test_bad_periods_say_what_is_accepted(text: str) -> None:
    with pytest.raises(PeriodError) as info:
        parse_period(text)
    assert "2026-Q2" in str(info.value)


def test_end_before_start_is_refused() -> None:
    with pytest.raises(PeriodError, match="trước ngày bắt đầu"):
        date_range(date(2026, 5, 10), date(2026, 5, 1))
