"""Working-day calendar of a government office: Mon–Fri, holidays and office swaps (DOMAIN §5)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING

from app.domain.calendar_data import PACKAGE_SOURCE, CalendarData, CalendarEntry, shipped_calendar

if TYPE_CHECKING:
    import holidays  # imported on the first holiday lookup: start-up and light commands skip it

ONE_DAY = timedelta(days=1)
SATURDAY = "Thứ Bảy"
SUNDAY = "Chủ nhật"
OFFICE_DAY_OFF = "Nghỉ theo lịch cơ quan"
OFFICE_SOURCE = "quyết định của cơ quan"


def _spelled(name: str) -> str:
    """The package writes «Tết Nguyên Đán»; the legal spelling is «Tết Nguyên đán»."""
    return name.replace("Nguyên Đán", "Nguyên đán")


class WorkingCalendar:
    """Which days a Vietnamese government office works.

    For the years the calendar data covers (``data``, default the shipped
    ``working_calendar.json``) the listed days decide; other years use
    ``holidays.Vietnam(language="vi")`` (lunar Tết, Giỗ Tổ, observed days and the swaps the package
    knows), whose dates are estimates. On top of both the office adds ``extra_days_off`` (a set of
    dates, or a mapping date → name) and ``makeup_workdays`` (a weekend day worked in exchange for a
    weekday off). Office overrides win, and a day the office decided is never uncertain.
    """

    def __init__(
        self,
        extra_days_off: Iterable[date] | Mapping[date, str] = (),
        makeup_workdays: Iterable[date] = (),
        data: CalendarData | None = None,
    ) -> None:
        self._data = shipped_calendar() if data is None else data
        if isinstance(extra_days_off, Mapping):
            self._days_off: dict[date, str] = dict(extra_days_off)
        else:
            self._days_off = dict.fromkeys(extra_days_off, OFFICE_DAY_OFF)
        self._makeup: frozenset[date] = frozenset(makeup_workdays)
        both = self._makeup & self._days_off.keys()
        if both:
            listed = ", ".join(d.strftime("%d/%m/%Y") for d in sorted(both))
            raise ValueError(f"Ngày vừa là ngày nghỉ vừa là ngày làm bù: {listed}")
        self._years: dict[int, holidays.HolidayBase] = {}
        self._package_makeup: dict[int, frozenset[date]] = {}
        decided = self._makeup | self._days_off.keys()
        self._uncertain: list[date] = sorted(
            e.day for e in self._data.entries.values() if e.uncertain and e.day not in decided
        )
        self._package_uncertain: dict[int, list[date]] = {}

    @property
    def data(self) -> CalendarData:
        """The official calendar data this calendar is built on."""
        return self._data

    @property
    def extra_days_off(self) -> frozenset[date]:
        """Days off added by the office."""
        return frozenset(self._days_off)

    @property
    def makeup_workdays(self) -> frozenset[date]:
        """Weekend days worked by decision of the office (on top of the package's swaps)."""
        return self._makeup

    def _holidays(self, year: int) -> holidays.HolidayBase:
        found = self._years.get(year)
        if found is None:
            import holidays

            found = holidays.Vietnam(years=year, language="vi")
            self._years[year] = found
        return found

    def package_makeup_workdays(self, year: int) -> frozenset[date]:
        """Weekend days the ``holidays`` package lists as worked in ``year`` (day swaps)."""
        found = self._package_makeup.get(year)
        if found is None:
            # A swap is filed under the year of its day off, which may be the year before/after.
            found = frozenset(
                d
                for y in (year - 1, year, year + 1)
                for d in getattr(self._holidays(y), "weekend_workdays", ())
                if d.year == year and d.weekday() >= 5
            )
            self._package_makeup[year] = found
        return found

    def holiday_name(self, d: date) -> str | None:
        """Name of the public holiday (or swapped day off) on ``d``: listed data, else the package."""
        if self._data.covers(d.year):
            entry = self._data.entries.get(d)
            return entry.name if entry is not None and not entry.working else None
        name = self._holidays(d.year).get(d)
        return _spelled(str(name)) if name else None

    def entry(self, d: date) -> CalendarEntry | None:
        """The listed day ``d`` (name, source, status) unless the office decided it itself."""
        if d in self._makeup or d in self._days_off:
            return None
        return self._data.entries.get(d)

    def source(self, d: date) -> tuple[str, str]:
        """(legal source, status) of the answer for a non-working or make-up day ``d``."""
        if d in self._makeup or d in self._days_off:
            return OFFICE_SOURCE, "official"
        entry = self._data.entries.get(d)
        if entry is not None:
            return entry.source, entry.status
        if self._data.covers(d.year) or (d.weekday() >= 5 and self.non_working_reason(d) is not None):
            return "", "official"
        return PACKAGE_SOURCE, "estimated"

    def uncertain_between(self, first: date, last: date) -> list[date]:
        """Estimated or doubtful days in ``[first, last]`` that change whether the office works."""
        if last < first:
            return []
        found = self._uncertain[
            bisect.bisect_left(self._uncertain, first) : bisect.bisect_right(self._uncertain, last)
        ]
        for year in range(first.year, last.year + 1):
            if not self._data.covers(year):
                found += [d for d in self._package_days(year) if first <= d <= last]
        return found

    def _package_days(self, year: int) -> list[date]:
        found = self._package_uncertain.get(year)
        if found is None:
            decided = self._makeup | self._days_off.keys()
            weekday_off = [d for d in self._holidays(year) if d.weekday() < 5]
            found = sorted({*weekday_off, *self.package_makeup_workdays(year)} - decided)
            self._package_uncertain[year] = found
        return found

    def non_working_reason(self, d: date) -> str | None:
        """Why ``d`` is not a working day (Vietnamese), or ``None`` when the office works."""
        if d in self._makeup:
            return None
        if d in self._days_off:
            return self.holiday_name(d) or self._days_off[d]
        if self._data.covers(d.year):
            entry = self._data.entries.get(d)
            if entry is not None:
                return None if entry.working else entry.name
            return None if d.weekday() < 5 else (SATURDAY if d.weekday() == 5 else SUNDAY)
        name = self.holiday_name(d)
        if name:
            return name
        if d.weekday() >= 5:
            if d in self.package_makeup_workdays(d.year):
                return None
            return SATURDAY if d.weekday() == 5 else SUNDAY
        return None

    def is_working_day(self, d: date) -> bool:
        """Whether the office works on ``d``."""
        return self.non_working_reason(d) is None

    def next_working_day(self, d: date, *, inclusive: bool = False) -> date:
        """The first working day after ``d`` (or ``d`` itself when ``inclusive`` and it is one)."""
        day = d if inclusive else d + ONE_DAY
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def add_working_days(self, start: date, n: int) -> tuple[date, list[date]]:
        """The ``n``-th working day after ``start`` and the non-working days skipped on the way.

        The start day itself never counts (like Bộ luật Dân sự art. 147). ``n == 0`` gives
        ``start`` unchanged.
        """
        _check_count(n)
        day, counted, skipped = start, 0, []
        while counted < n:
            day += ONE_DAY
            if self.is_working_day(day):
                counted += 1
            else:
                skipped.append(day)
        return day, skipped

    def add_calendar_days(self, start: date, n: int) -> tuple[date, list[date]]:
        """End of a period of ``n`` calendar days (BLDS art. 147–148).

        Counting starts the day after ``start``; when the last day is not a working day the
        period ends on the next working day. Returns the end and the non-working days rolled over.
        """
        _check_count(n)
        day, skipped = start + timedelta(days=n), []
        while not self.is_working_day(day):
            skipped.append(day)
            day += ONE_DAY
        return day, skipped

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in ``(a, b]``; negative when ``b`` is before ``a``.

        Inverse of :meth:`add_working_days`: ``working_days_between(s, add_working_days(s, n)[0])``
        is ``n``.
        """
        if b < a:
            return -self.working_days_between(b, a)
        return sum(1 for k in range(1, (b - a).days + 1) if self.is_working_day(a + timedelta(k)))

    def working_days_in(self, first: date, last: date) -> int:
        """Working days in the closed range ``[first, last]``."""
        return self.working_days_between(first - ONE_DAY, last) if last >= first else 0

    def year_days(self, year: int) -> list[tuple[date, str | None]]:
        """Every day of ``year`` with its non-working reason (``None`` on working days)."""
        day, out = date(year, 1, 1), []
        while day.year == year:
            out.append((day, self.non_working_reason(day)))
            day += ONE_DAY
        return out


def _check_count(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"Số ngày phải là số nguyên không âm, nhận được {n!r}")
