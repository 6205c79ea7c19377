"""SQL aggregates behind a periodic report: one pass of GROUP BY queries per period."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, and_, case, extract, func, or_, select

from app.domain.enums import OPEN_STATUSES, CaseStatus
from app.models import Case, Department, Field, Reply

FINISHED_OK = (CaseStatus.RESOLVED, CaseStatus.REPLIED, CaseStatus.CLOSED)
"""Statuses where the office itself dealt with the matter (thụ lý và giải quyết)."""
EXITS = {
    CaseStatus.GUIDED: "guided",
    CaseStatus.TRANSFERRED: "transferred",
    CaseStatus.FILED: "filed",
    CaseStatus.WITHDRAWN: "withdrawn",
}


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min)


@dataclass
class PeriodNumbers:
    """Counts for one period (all keyed by stored enum values or ids)."""

    received: int = 0
    carried_over: int = 0
    by_channel: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)
    by_field: Counter[int | None] = field(default_factory=Counter)
    by_department: Counter[int | None] = field(default_factory=Counter)
    by_status_at_end: Counter[str] = field(default_factory=Counter)
    kind_in_scope: Counter[str] = field(default_factory=Counter)
    finished_on_time: int = 0
    finished_late: int = 0
    open_within_deadline: int = 0
    open_overdue: int = 0
    replies: int = 0
    department_rows: dict[int | None, dict[str, int]] = field(default_factory=dict)


def _status_at_end(end_next: datetime) -> Any:
    """A case finished after the period's end was still in progress at the end."""
    return case(
        (and_(Case.closed_at.is_not(None), Case.closed_at >= end_next), CaseStatus.IN_PROGRESS.value),
        else_=Case.status,
    )


def gather(conn: Connection, start: date, end: date, as_of: date) -> PeriodNumbers:
    """Every count of the summary tables, for cases received in [start, end] and carried over.

    One grouped pass over the cases in scope (received in the period, or received before and
    still open at its start): the breakdowns, the status at the period's end and the deadline
    counts all come from the same rows, so the table is read once, not once per table.
    """
    begin, end_next = day_start(start), day_start(end + timedelta(days=1))
    numbers = PeriodNumbers()
    received_in = and_(Case.received_at >= begin, Case.received_at < end_next)
    carried = and_(Case.received_at < begin, or_(Case.closed_at.is_(None), Case.closed_at >= begin))
    status_end = _status_at_end(end_next).label("status_end")
    in_period = case((received_in, 1), else_=0).label("in_period")
    answered = func.date(Case.closed_at)
    check_day = min(as_of, end)
    finished = and_(Case.closed_at.is_not(None), Case.closed_at < end_next)
    due = Case.due_date.is_not(None)
    rows = conn.execute(
        select(
            Case.channel, Case.kind, Case.field_id, Case.department_id, status_end, in_period,
            func.count(),
            func.sum(case((and_(finished, due, answered <= Case.due_date), 1), else_=0)),
            func.sum(case((and_(finished, due, answered > Case.due_date), 1), else_=0)),
            func.sum(case((and_(~finished, Case.due_date < check_day), 1), else_=0)),
        )
        .where(or_(received_in, carried))
        .group_by(Case.channel, Case.kind, Case.field_id, Case.department_id, status_end, in_period)
    ).all()  # fmt: skip
    open_values = {s.value for s in OPEN_STATUSES}
    for channel, kind, field_id, dept, status, period_flag, count, on_time, late, overdue in rows:
        on_time, late, overdue = on_time or 0, late or 0, overdue or 0
        if period_flag:
            numbers.by_channel[channel] += count
            numbers.by_kind[kind] += count
            numbers.by_field[field_id] += count
            numbers.by_department[dept] += count
        else:
            numbers.carried_over += count
        numbers.by_status_at_end[status] += count
        numbers.kind_in_scope[kind] += count
        numbers.finished_on_time += on_time
        numbers.finished_late += late
        is_open = status in open_values
        if is_open:
            numbers.open_overdue += overdue
            numbers.open_within_deadline += count - overdue
        d = numbers.department_rows.setdefault(
            dept, {"assigned": 0, "resolved": 0, "on_time": 0, "overdue": 0, "open": 0}
        )
        d["assigned"] += count
        d["resolved"] += 0 if is_open else count
        d["on_time"] += on_time
        d["overdue"] += late + (overdue if is_open else 0)
        d["open"] += count if is_open else 0
    numbers.received = sum(numbers.by_kind.values())
    numbers.replies = conn.execute(
        select(func.count()).select_from(Reply).where(Reply.replied_on >= start, Reply.replied_on <= end)
    ).scalar_one()
    return numbers


def monthly_trend(conn: Connection, start: date, end: date) -> list[tuple[date, int, int]]:
    """(first day of month, received, finished) for each month touching the period."""
    begin, end_next = day_start(start), day_start(end + timedelta(days=1))
    received: Counter[tuple[int, int]] = Counter()
    finished: Counter[tuple[int, int]] = Counter()
    for column, target in ((Case.received_at, received), (Case.closed_at, finished)):
        year, month = extract("year", column), extract("month", column)
        query = select(year, month, func.count()).where(column >= begin, column < end_next)
        for y, m, n in conn.execute(query.group_by(year, month)):
            target[(int(y), int(m))] += n
    out = []
    cursor = start.replace(day=1)
    while cursor <= end:
        key = (cursor.year, cursor.month)
        out.append((cursor, received[key], finished[key]))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return out


def names(conn: Connection) -> tuple[dict[int, str], dict[int, str]]:
    """Field and department names by id."""
    fields = {i: n for i, n in conn.execute(select(Field.id, Field.name))}
    departments = {i: n for i, n in conn.execute(select(Department.id, Department.name))}
    return fields, departments


def received_count(conn: Connection, start: date, end: date) -> int:
    return conn.execute(
        select(func.count()).where(
            Case.received_at >= day_start(start), Case.received_at < day_start(end + timedelta(days=1))
        )
    ).scalar_one()
