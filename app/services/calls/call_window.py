"""How long after a call the register may show its case: same day, or the next working morning."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from app.domain.working_calendar import WorkingCalendar

SETTING_KEY = "calls.match_window"


class DayCache:
    """The calendar's answers per day, remembered for one import (50,000 calls fall on a few hundred days)."""

    def __init__(self, calendar: WorkingCalendar | DayCache) -> None:
        self._calendar = calendar
        self._working: dict[date, bool] = {}
        self._next: dict[tuple[date, bool], date] = {}

    def is_working_day(self, d: date) -> bool:
        found = self._working.get(d)
        if found is None:
            found = self._working[d] = self._calendar.is_working_day(d)
        return found

    def next_working_day(self, d: date, *, inclusive: bool = False) -> date:
        key = (d, inclusive)
        found = self._next.get(key)
        if found is None:
            found = self._next[key] = self._calendar.next_working_day(d, inclusive=inclusive)
        return found


@dataclass(frozen=True, slots=True)
class MatchWindow:
    """The office's rule (setting ``calls.match_window``, JSON with these names, times as ``HH:MM``).

    A call on a working day between ``office_start`` and ``office_end`` must have its case the same
    day; a call out of hours (evening, night, weekend, holiday) until ``morning_until`` of the next
    working day. ``days_before`` lets a case typed just before the call count too (0: same day).
    """

    office_start: time = time(7, 30)
    office_end: time = time(17, 0)
    morning_until: time = time(12, 0)
    days_before: int = 0

    @classmethod
    def from_json(cls, text: str | None) -> MatchWindow:
        """The stored setting; a missing or unreadable one gives the defaults."""
        if not text:
            return cls()
        try:
            data = json.loads(text)
            return cls(
                time.fromisoformat(data.get("office_start", "07:30")),
                time.fromisoformat(data.get("office_end", "17:00")),
                time.fromisoformat(data.get("morning_until", "12:00")),
                int(data.get("days_before", 0)),
            )
        except (ValueError, TypeError, AttributeError):
            return cls()

    def to_json(self) -> str:
        data = asdict(self)
        return json.dumps({k: v.strftime("%H:%M") if isinstance(v, time) else v for k, v in data.items()})

    def in_hours(self, at: datetime, calendar: WorkingCalendar | DayCache) -> bool:
        return calendar.is_working_day(at.date()) and self.office_start <= at.time() < self.office_end

    def bounds(self, at: datetime, calendar: WorkingCalendar | DayCache) -> tuple[datetime, datetime]:
        """``[from, until)`` in which a case of the same caller reconciles the call."""
        start = datetime.combine(at.date() - timedelta(days=self.days_before), time.min)
        same_day = datetime.combine(at.date() + timedelta(days=1), time.min)
        if self.in_hours(at, calendar) or (
            calendar.is_working_day(at.date()) and at.time() < self.office_start
        ):
            return start, same_day
        return start, max(same_day, self.next_morning(at, calendar))

    def next_morning(self, at: datetime, calendar: WorkingCalendar | DayCache) -> datetime:
        """``morning_until`` of the first working day after the call's day: a missed call's call-back is due."""
        day = calendar.next_working_day(at.date() + timedelta(days=1), inclusive=True)
        return datetime.combine(day, self.morning_until)
