"""Reporting periods: week to year, calendar or the state cut-off (15th to 14th), and comparisons."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class PeriodKind(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    NINE_MONTHS = "nine_months"
    YEAR = "year"
    RANGE = "range"


class PeriodError(ValueError):
    """A period that cannot be reported on (message in Vietnamese)."""


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive date range with the words a report title uses for it."""

    kind: PeriodKind
    start: date
    end: date
    label: str
    cutoff: bool = False
    year: int = 0
    index: int = 0

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def range_label(self) -> str:
        return f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"

    @property
    def title(self) -> str:
        return f"{self.label} ({self.range_label})" if self.kind is not PeriodKind.RANGE else self.label


_MONTHS_IN = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6,
              PeriodKind.NINE_MONTHS: 9, PeriodKind.YEAR: 12}  # fmt: skip


def _month_start(year: int, month: int) -> date:
    while month < 1:
        month, year = month + 12, year - 1
    while month > 12:
        month, year = month - 12, year + 1
    return date(year, month, 1)


def _span(kind: PeriodKind, year: int, first_month: int, cutoff: bool) -> tuple[date, date]:
    """Dates of a run of months; with the cut-off, from the 15th before to the 14th of the last."""
    months = _MONTHS_IN[kind]
    if cutoff:
        start = _month_start(year, first_month - 1).replace(day=15)
        end = _month_start(year, first_month + months - 1).replace(day=14)
        return start, end
    start = _month_start(year, first_month)
    end = _month_start(year, first_month + months) - timedelta(days=1)
    return start, end


def month(year: int, number: int, cutoff: bool = False) -> Period:
    start, end = _span(PeriodKind.MONTH, year, number, cutoff)
    return Period(PeriodKind.MONTH, start, end, f"Tháng {number:02d} năm {year}", cutoff, year, number)


def quarter(year: int, number: int, cutoff: bool = False) -> Period:
    start, end = _span(PeriodKind.QUARTER, year, 3 * number - 2, cutoff)
    roman = ["I", "II", "III", "IV"][number - 1]
    return Period(PeriodKind.QUARTER, start, end, f"Quý {roman} năm {year}", cutoff, year, number)


def half(year: int, number: int, cutoff: bool = False) -> Period:
    start, end = _span(PeriodKind.HALF, year, 6 * number - 5, cutoff)
    label = f"6 tháng đầu năm {year}" if number == 1 else f"6 tháng cuối năm {year}"
    return Period(PeriodKind.HALF, start, end, label, cutoff, year, number)


def nine_months(year: int, cutoff: bool = False) -> Period:
    start, end = _span(PeriodKind.NINE_MONTHS, year, 1, cutoff)
    return Period(PeriodKind.NINE_MONTHS, start, end, f"9 tháng năm {year}", cutoff, year, 1)


def whole_year(year: int, cutoff: bool = False) -> Period:
    start, end = _span(PeriodKind.YEAR, year, 1, cutoff)
    return Period(PeriodKind.YEAR, start, end, f"Năm {year}", cutoff, year, 1)


def week_of(day: date) -> Period:
    """The Monday-to-Sunday week containing ``day``."""
    start = day - timedelta(days=day.weekday())
    iso_year, iso_week, _ = start.isocalendar()
    return Period(PeriodKind.WEEK, start, start + timedelta(days=6), f"Tuần {iso_week} năm {iso_year}",
                  False, iso_year, iso_week)  # fmt: skip


def date_range(start: date, end: date) -> Period:
    if end < start:
        raise PeriodError(f"Ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}.")
    label = f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    return Period(PeriodKind.RANGE, start, end, label)


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(\d{4})-Q([1-4])$", re.I), "quarter"),
    (re.compile(r"^(\d{4})-H([12])$", re.I), "half"),
    (re.compile(r"^(\d{4})-9M$", re.I), "nine"),
    (re.compile(r"^(\d{4})-W(\d{1,2})$", re.I), "week"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})$"), "year"),
]


def parse_period(text: str, cutoff: bool = False) -> Period:
    """``2026-Q2``, ``2026-05``, ``2026-H1``, ``2026-9M``, ``2026-W19`` or ``2026``."""
    value = text.strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(value)
        if not match:
            continue
        year = int(match.group(1))
        number = int(match.group(2)) if match.lastindex and match.lastindex > 1 else 0
        if kind == "quarter":
            return quarter(year, number, cutoff)
        if kind == "half":
            return half(year, number, cutoff)
        if kind == "nine":
            return nine_months(year, cutoff)
        if kind == "week":
            if not 1 <= number <= 53:
                break
            return week_of(date.fromisocalendar(year, number, 1))
        if kind == "month":
            if not 1 <= number <= 12:
                break
            return month(year, number, cutoff)
        return whole_year(year, cutoff)
    raise PeriodError(
        f"Kỳ báo cáo «{text}» không hợp lệ. Ví dụ: 2026-Q2 (quý), 2026-05 (tháng), 2026-H1 (6 tháng), "
        "2026-9M (9 tháng), 2026 (năm), 2026-W19 (tuần)."
    )


def previous(period: Period) -> Period:
    """The period just before (same length and kind)."""
    k = period.kind
    if k is PeriodKind.MONTH:
        y, m = (period.year, period.index - 1) if period.index > 1 else (period.year - 1, 12)
        return month(y, m, period.cutoff)
    if k is PeriodKind.QUARTER:
        y, q = (period.year, period.index - 1) if period.index > 1 else (period.year - 1, 4)
        return quarter(y, q, period.cutoff)
    if k is PeriodKind.HALF:
        y, h = (period.year, 1) if period.index == 2 else (period.year - 1, 2)
        return half(y, h, period.cutoff)
    if k is PeriodKind.NINE_MONTHS:
        return nine_months(period.year - 1, period.cutoff)
    if k is PeriodKind.YEAR:
        return whole_year(period.year - 1, period.cutoff)
    if k is PeriodKind.WEEK:
        return week_of(period.start - timedelta(days=7))
    return date_range(period.start - timedelta(days=period.days), period.start - timedelta(days=1))


def same_period_last_year(period: Period) -> Period:
    """The same months (or dates) one year earlier."""
    k = period.kind
    y = period.year - 1
    if k is PeriodKind.MONTH:
        return month(y, period.index, period.cutoff)
    if k is PeriodKind.QUARTER:
        return quarter(y, period.index, period.cutoff)
    if k is PeriodKind.HALF:
        return half(y, period.index, period.cutoff)
    if k is PeriodKind.NINE_MONTHS:
        return nine_months(y, period.cutoff)
    if k is PeriodKind.YEAR:
        return whole_year(y, period.cutoff)
    if k is PeriodKind.WEEK:
        return week_of(period.start - timedelta(days=364))
    return date_range(_minus_year(period.start), _minus_year(period.end))


def _minus_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29/02
        return day.replace(year=day.year - 1, day=28)
