"""Frozen data objects of the deadline services: clock, calendar, targets, escalation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.domain.deadline_rules import DeadlineRule, ExtensionLimit
from app.domain.deadlines import DueDate
from app.domain.enums import CaseKind, CaseStatus, Channel, Urgency

UNITS = {"working_days": "ngày làm việc", "days": "ngày"}
"""Units a target profile may count in (same words as the legal table)."""


@dataclass(frozen=True, slots=True)
class RuleTableView:
    """The rule table as stored, for the administrator's editor."""

    rules: tuple[DeadlineRule, ...]
    extension_limits: tuple[ExtensionLimit, ...]
    note: str = ""
    updated_at: datetime | None = None
    warning: str = ""


@dataclass(frozen=True, slots=True)
class RecomputeResult:
    """What a bulk recompute of open deadlines did."""

    open_cases: int
    changed: int
    groups: int
    seconds: float
    failed: tuple[str, ...] = ()
    """Case numbers whose clock no longer fits the rules (kept as they were)."""
    examined: int | None = None
    """Open cases actually recomputed when only those a changed day can affect were (``None``:
    every open case was)."""


@dataclass(frozen=True, slots=True)
class CalendarDayView:
    """One day of the year at a glance."""

    day: date
    working: bool
    reason: str
    """Why the office does not work (holiday name, Thứ Bảy, …), or "" on a working day."""
    source: str
    """``office`` (the office's own override), ``shipped`` (a swap of the official calendar),
    ``holiday`` (a public holiday), ``uncertain`` (an estimated or doubtful day the office has not
    decided), ``weekend`` or ``""`` (an ordinary working day)."""
    note: str = ""
    status: str = ""
    """``official``, ``estimated`` or ``doubtful`` for a listed or package day; ``""`` otherwise."""
    basis: str = ""
    """The legal source of the day (act and number, or «ước tính»)."""

    @property
    def uncertain(self) -> bool:
        return self.source == "uncertain"


@dataclass(frozen=True, slots=True)
class CalendarOverride:
    """An office override stored in ``calendar_day``."""

    day: date
    working: bool
    note: str


@dataclass(frozen=True, slots=True)
class ExtensionView:
    id: int
    decision_no: str
    decided_on: date
    days: int
    note: str


@dataclass(frozen=True, slots=True)
class SuspensionView:
    id: int
    start_on: date
    end_on: date | None
    decision_no: str
    reason: str
    resume_no: str


@dataclass(frozen=True, slots=True)
class CaseClockView:
    """The legal clock of a case and which clock actions are possible now."""

    case_id: int
    number: str
    version: int
    kind: CaseKind
    channel: Channel
    status: CaseStatus
    received_on: date
    accepted_on: date | None
    acceptance_no: str
    complex: bool
    very_complex: bool
    remote: bool
    second_instance: bool
    extensions: tuple[ExtensionView, ...]
    suspensions: tuple[SuspensionView, ...]
    can_accept: bool
    """The kind has a thụ lý step (khiếu nại, tố cáo) and the case is open."""
    relevant_flags: frozenset[str]
    """Flags that change a deadline for this kind (only these may be switched on)."""
    extensions_left: int
    max_extension_days: int
    suspended: bool


@dataclass(frozen=True, slots=True)
class ClockChanged:
    """Answer to a clock action: the case's new version and main deadline."""

    case_id: int
    version: int
    due_date: date | None
    due_rule: str
    paused: bool = False


@dataclass(frozen=True, slots=True)
class CaseDeadlines:
    """Every deadline of a case with its explanation, and the office's target apart from them."""

    case_id: int
    number: str
    kind: CaseKind
    due_date: date | None
    due_rule: str
    due_dates: tuple[DueDate, ...]
    target_date: date | None
    target_rule: str
    paused: bool = False
    error: str = ""
    """Set when the stored clock no longer fits the rule table (the stored date is kept)."""


@dataclass(frozen=True, slots=True)
class TargetProfileView:
    """An office service level: cases matching every set criterion get ``count`` ``unit``."""

    id: int | None
    name: str
    count: int
    unit: str = "working_days"
    kind: CaseKind | None = None
    channel: Channel | None = None
    field_id: int | None = None
    urgency: Urgency | None = None
    active: bool = True

    def criteria(self) -> int:
        """How specific the profile is (more criteria wins)."""
        return sum(x is not None for x in (self.kind, self.channel, self.field_id, self.urgency))


@dataclass(frozen=True, slots=True)
class DeadlineCase:
    """An open case in a due-soon, overdue or escalation list (no citizen data)."""

    id: int
    number: str
    kind: CaseKind
    status: CaseStatus
    received_at: datetime
    due_date: date
    working_days_left: int
    """Negative when overdue: working days late."""
    target_date: date | None
    department_id: int | None
    department_name: str
    officer_id: int | None
    officer_name: str
    excerpt: str
    due_rule: str = ""
    """Why the legal due date falls on that day (shown as a tooltip)."""


@dataclass(frozen=True, slots=True)
class OfficerEscalation:
    officer_id: int | None
    officer_name: str
    overdue: int
    due_soon: int
    past_target: int
    oldest_due: date | None


@dataclass(frozen=True, slots=True)
class DepartmentEscalation:
    department_id: int | None
    department_name: str
    overdue: int
    due_soon: int
    past_target: int
    oldest_due: date | None
    officers: tuple[OfficerEscalation, ...] = ()


@dataclass(frozen=True, slots=True)
class EscalationReport:
    """For the chief: overdue and due-soon open cases by department, then by officer."""

    as_of: date
    due_soon_until: date
    overdue: int
    due_soon: int
    past_target: int
    departments: tuple[DepartmentEscalation, ...] = field(default_factory=tuple)
    overdue_cases: tuple[DeadlineCase, ...] = ()
