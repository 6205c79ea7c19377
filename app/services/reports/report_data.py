"""SQL aggregates behind a periodic report: one pass of GROUP BY queries per period."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, text

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


_GROUPED = """SELECT channel, kind, field_id, department_id,
 CASE WHEN closed_at IS NOT NULL AND closed_at >= :end_next THEN 'in_progress' ELSE status END,
 count(*),
 sum(CASE WHEN closed_at < :end_next AND due_date IS NOT NULL AND date(closed_at) <= due_date
     THEN 1 ELSE 0 END),
 sum(CASE WHEN closed_at < :end_next AND due_date IS NOT NULL AND date(closed_at) > due_date
     THEN 1 ELSE 0 END),
 sum(CASE WHEN (closed_at IS NULL OR closed_at >= :end_next) AND due_date < :check_day
     THEN 1 ELSE 0 END)
FROM case_file{index} WHERE {where} GROUP BY 1, 2, 3, 4, 5"""
_SCOPES = (  # (SQLite index, range, received in the period)
    ("ix_case_report", "received_at >= :begin AND received_at < :end_next", True),
    ("ix_case_open", "closed_at IS NULL AND received_at < :begin", False),
    ("ix_case_closed", "closed_at >= :begin AND received_at < :begin", False),
)
"""The cases of a period as three disjoint index ranges, each bounded by the period: received in
the period (``ix_case_report`` holds every column read, so no case row is read), received before
and still open (``ix_case_open`` holds open cases only), received before and closed since the
start (``ix_case_closed``'s second column answers the received test). One ``received_in OR
carried`` filter made SQLite walk every case received before the period; one UNION ALL of the
three made it copy every row through a co-routine into the sorter (twice the time). SQLite has
no statistics here (no ANALYZE), so it is told the index of each range; on SQLite the first
range is read by month instead (below)."""
_CLOSED_BY_RECEIVED = ("ix_case_report", "received_at < :begin AND closed_at >= :begin", False)
"""The third range read the other way: every case received before the start, in the covering
index. Taken when the history before the period is shorter than the time since its start."""

MONTH = "substr(received_at, 1, 7)"
"""The month of receipt, ``YYYY-MM``, as ``ix_case_month`` keys it (SQLite keeps a time as text)."""
_IN_MONTHS = f"{MONTH} BETWEEN :first AND :last"
_CUT = " AND received_at >= :begin AND received_at < :end_next"
_SQLITE_CLOSED_BY_RECEIVED = (
    "ix_case_month", f"{MONTH} <= :first AND received_at < :begin AND closed_at >= :begin", False
)  # fmt: skip
ANSWERED_BY_DUE = "substr(closed_at, 1, 10) <= due_date"
"""1 for a case closed on or before its due date, 0 after it, NULL without a closing or a due
date: ``date(closed_at) <= due_date`` on the stored text, a key of ``ix_case_month``."""
_SETTLED = f"""SELECT channel, kind, field_id, department_id, status, sum(n),
  sum(CASE WHEN by_due THEN n END), sum(CASE WHEN NOT by_due THEN n END)
FROM (SELECT {MONTH}, department_id, status, kind, channel, field_id, {ANSWERED_BY_DUE} AS by_due,
  count(*) AS n
  FROM case_file INDEXED BY ix_case_month WHERE {_IN_MONTHS}{{cut}} AND closed_at < :end_next
  GROUP BY 1, 2, 3, 4, 5, 6, 7)
GROUP BY 1, 2, 3, 4, 5"""
"""SQLite, the period's own cases closed before its end: status, deadline and breakdown are the
case's own. ``ix_case_month`` leads with the month, the grouped columns and the answered-by-due
flag, so the inner GROUP BY follows the index (no sorter for the half million rows of a busy
year, and the flag read from the index, not computed per row) and only its per-month groups, a
few thousand, are sorted again."""
_UNSETTLED = f"{_IN_MONTHS}{{cut}} AND (closed_at IS NULL OR closed_at >= :end_next)"
"""SQLite, the period's own cases still open at its end (the last weeks' mostly): the full
grouped query, its CASE and sums, on the few rows it concerns."""


_PG_GROUPING = "SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true)"
"""PostgreSQL, for this transaction only: room to hash a busy year's groups (the default 4 MB
made it sort half a million rows on disk, 0.6 s on the 1M-case register; hashed 0.2 s), and no
JIT compilation (40 ms to compile a query that runs once)."""


def month_spans(start: date, end: date) -> list[tuple[str, str, bool]]:
    """``(first month, last month, cut)`` spans covering ``start``..``end``: the whole months in
    one span read without a day test, a month the period covers only in part on its own with one."""
    spans: list[tuple[str, str, bool]] = []
    month = start.replace(day=1)
    while month <= end:
        following = (month + timedelta(days=32)).replace(day=1)
        whole = start <= month and following - timedelta(days=1) <= end
        key = f"{month:%Y-%m}"
        if whole and spans and not spans[-1][2]:
            spans[-1] = (spans[-1][0], key, False)
        else:
            spans.append((key, key, not whole))
        month = following
    return spans


def _history_is_shorter(conn: Connection, begin: datetime) -> bool:
    """Whether fewer days lie between the first case and ``begin`` than between ``begin`` and the
    last closing (two index ends): the cheaper way to find cases closed since the start."""
    first = conn.execute(select(func.min(Case.received_at))).scalar()
    last = conn.execute(select(func.max(Case.closed_at)).where(Case.closed_at.is_not(None))).scalar()
    if first is None or last is None:
        return False
    return bool(begin - first < last - begin)


def _grouped(
    conn: Connection, begin: datetime, end_next: datetime, check_day: date
) -> Iterator[tuple[Any, ...]]:
    """(channel, kind, field, department, status at the end, in period, count, on time, late,
    overdue) for each group of each scope; rows of different scopes are simply added up."""
    sqlite = conn.dialect.name == "sqlite"
    if conn.dialect.name == "postgresql":
        conn.execute(text(_PG_GROUPING))
    values: dict[str, Any] = {"begin": begin, "end_next": end_next, "check_day": check_day}
    scopes = list(_SCOPES)
    if _history_is_shorter(conn, begin):
        scopes[2] = _SQLITE_CLOSED_BY_RECEIVED if sqlite else _CLOSED_BY_RECEIVED
        values["first"] = f"{begin:%Y-%m}"
    if sqlite:
        yield from _received_by_month(conn, begin, end_next, check_day)
        scopes = scopes[1:]
    for index, where, in_period in scopes:
        sql = _GROUPED.format(index=f" INDEXED BY {index}" if sqlite else "", where=where)
        for channel, kind, field_id, dept, status, count, on_time, late, overdue in _run(conn, sql, values):
            yield channel, kind, field_id, dept, status, in_period, count, on_time, late, overdue


def _received_by_month(
    conn: Connection, begin: datetime, end_next: datetime, check_day: date
) -> Iterator[tuple[Any, ...]]:
    """SQLite, the period's own cases: the settled ones grouped along ``ix_case_month``, the
    unsettled ones through the full query, for each span of months."""
    end = (end_next - timedelta(days=1)).date()
    for first, last, cut in month_spans(begin.date(), end):
        values = {"begin": begin, "end_next": end_next, "check_day": check_day, "first": first, "last": last}
        settled = _SETTLED.format(cut=_CUT if cut else "")
        for channel, kind, field_id, dept, status, count, on_time, late in _run(conn, settled, values):
            yield channel, kind, field_id, dept, status, True, count, on_time, late, 0
        unsettled = _GROUPED.format(
            index=" INDEXED BY ix_case_month", where=_UNSETTLED.format(cut=_CUT if cut else "")
        )
        for channel, kind, field_id, dept, status, count, on_time, late, overdue in _run(
            conn, unsettled, values
        ):
            yield channel, kind, field_id, dept, status, True, count, on_time, late, overdue


def _run(conn: Connection, sql: str, values: dict[str, Any]) -> Iterator[Any]:
    """``sql`` with the period's bounds bound as the columns store them."""
    types = {
        "begin": Case.received_at.type,
        "end_next": Case.received_at.type,
        "check_day": Case.due_date.type,
    }
    query = text(sql).bindparams(
        *(
            bindparam(name, value, type_=types.get(name))
            for name, value in values.items()
            if f":{name}" in sql
        )
    )
    return iter(conn.execute(query))


def gather(conn: Connection, start: date, end: date, as_of: date) -> PeriodNumbers:
    """Every count of the summary tables, for cases received in [start, end] and carried over.

    One grouped pass over the cases in scope (received in the period, or received before and
    still open at its start): the breakdowns, the status at the period's end and the deadline
    counts all come from the same rows, so the table is read once, not once per table.
    """
    begin, end_next = day_start(start), day_start(end + timedelta(days=1))
    numbers = PeriodNumbers()
    rows = _grouped(conn, begin, end_next, min(as_of, end))
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
    """(first day of month, received, finished) for each month touching the period.

    One range count per month and column (``ix_case_received``, ``ix_case_closed``): grouping the
    period's rows by ``extract(year/month)`` computed two dates per row and sorted half a million
    of them for a year (0.47 s on the 1M-case register); a year's 24 counts take a few ms each.
    """
    begin, end_next = day_start(start), day_start(end + timedelta(days=1))
    out = []
    cursor = start.replace(day=1)
    while cursor <= end:
        following = (cursor + timedelta(days=32)).replace(day=1)
        low, high = max(begin, day_start(cursor)), min(end_next, day_start(following))
        received, finished = (
            conn.execute(select(func.count()).where(column >= low, column < high)).scalar_one()
            for column in (Case.received_at, Case.closed_at)
        )
        out.append((cursor, int(received), int(finished)))
        cursor = following
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
