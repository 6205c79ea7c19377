"""Received times from cells: real dates, Excel serials and the text forms Vietnamese exports use."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.imports.dates import guess_day_first, parse_received, parse_time_of_day


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("20/11/2026 08:30", datetime(2026, 11, 20, 8, 30)),
        ("20/11/2026 8:30:15", datetime(2026, 11, 20, 8, 30, 15)),
        ("20-11-2026 08:30", datetime(2026, 11, 20, 8, 30)),
        ("20.11.2026", datetime(2026, 11, 20)),
        ("5/1/2026", datetime(2026, 1, 5)),
        ("20/11/26", datetime(2026, 11, 20)),
        ("08:30 20/11/2026", datetime(2026, 11, 20, 8, 30)),
        ("8h30 ngày 20/11/2026", datetime(2026, 11, 20, 8, 30)),
        ("20/11/2026 2:15 CH", datetime(2026, 11, 20, 14, 15)),
        ("2026-11-20", datetime(2026, 11, 20)),
        ("2026-11-20 08:30:00", datetime(2026, 11, 20, 8, 30)),
        ("2026-11-20T08:30:00+07:00", datetime(2026, 11, 20, 8, 30)),
        ("ngày 20 tháng 11 năm 2026", datetime(2026, 11, 20)),
        (datetime(2026, 11, 20, 8, 30, 0, 123), datetime(2026, 11, 20, 8, 30)),
        (date(2026, 11, 20), datetime(2026, 11, 20)),
        (46_346.5, datetime(2026, 11, 20, 12, 0)),
    ],
)
def test_accepted_forms(raw: object, expected: datetime) -> None:
    parsed = parse_received(raw)
    assert parsed.error == "" and parsed.value == expected


@pytest.mark.parametrize("raw", ["31/02/2026", "20/13/2026 08:00", "hôm qua", "abc", "20/11", True, 12])
def test_unreadable_or_impossible_dates_give_a_vietnamese_reason(raw: object) -> None:
    parsed = parse_received(raw)
    assert parsed.value is None and parsed.error.startswith("Thời gian «")


def test_impossible_date_says_which_day() -> None:
    assert "không có thật" in parse_received("31/02/2026").error


def test_empty_cell_is_not_an_error() -> None:
    assert parse_received(None).value is None and parse_received("  ").error == ""


def test_date_only_cells_say_they_have_no_time() -> None:
    assert not parse_received("20/11/2026").has_time
    assert parse_received("20/11/2026 08:00").has_time


def test_month_first_export_is_detected_by_its_column() -> None:
    assert guess_day_first(["20/11/2026", "05/11/2026"])
    assert not guess_day_first(["11/20/2026 08:00", "11/05/2026"])
    assert guess_day_first(["05/11/2026", "06/11/2026"])  # ambiguous: Vietnamese order
    assert parse_received("11/20/2026", day_first=False).value == datetime(2026, 11, 20)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("08:30", time(8, 30)),
        ("8h30", time(8, 30)),
        ("8 giờ 30", time(8, 30)),
        (0.5, time(12, 0)),
        (time(9, 5), time(9, 5)),
    ],
)
def test_separate_time_column(raw: object, expected: time) -> None:
    assert parse_time_of_day(raw) == expected


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))
def test_formatted_text_round_trips(value: datetime) -> None:
    value = value.replace(second=0, microsecond=0)
    assert parse_received(f"{value:%d/%m/%Y %H:%M}").value == value
    assert parse_received(value.isoformat(sep=" ")).value == value
