"""The due-date seam: how a case's deadline is set. The legal engine plugs in here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from app.domain.deadlines import CaseClock
from app.domain.enums import CaseKind, Channel


@dataclass(frozen=True, slots=True)
class DueInfo:
    """A due date and the sentence that explains it."""

    due: date
    rule: str


class WorkingDays(Protocol):
    """What a due policy needs from the working-day calendar."""

    def is_working_day(self, day: date) -> bool: ...

    def add_working_days(self, start: date, n: int) -> tuple[date, list[date]]: ...


class DuePolicy(Protocol):
    """Computes a case's due date when it is received; also answers "due soon" questions."""

    def due_for(self, kind: CaseKind, channel: Channel, received_at: datetime) -> DueInfo: ...

    def due_soon_limit(self, today: date) -> date: ...


@dataclass(frozen=True, slots=True)
class ClockDue:
    """The deadline a case row shows, from its whole legal clock (``due`` is None while paused)."""

    due: date | None
    rule: str
    step: str = "resolve"
    paused: bool = False


class ClockDuePolicy(DuePolicy, Protocol):
    """A due policy that also knows acceptance, conditions, extensions and suspensions."""

    def due_for_clock(self, clock: CaseClock) -> ClockDue: ...


class BasicDuePolicy:
    """A flat number of working days from receipt (office default 10), as the register's seam."""

    def __init__(self, calendar: WorkingDays, days: int = 10, due_soon_days: int = 3) -> None:
        self._calendar = calendar
        self._days = days
        self._due_soon_days = due_soon_days

    def due_for(self, kind: CaseKind, channel: Channel, received_at: datetime) -> DueInfo:
        due, skipped = self._calendar.add_working_days(received_at.date(), self._days)
        rule = f"{self._days} ngày làm việc kể từ ngày tiếp nhận {received_at:%d/%m/%Y}"
        if skipped:
            rule += f" (bỏ qua {len(skipped)} ngày nghỉ)"
        return DueInfo(due, rule)

    def due_soon_limit(self, today: date) -> date:
        """Last day that still counts as "due soon" (default: within 3 working days)."""
        return self._calendar.add_working_days(today, self._due_soon_days)[0]
