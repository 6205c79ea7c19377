"""Report aggregates read three index ranges bounded by the period: same numbers as the old filter.

The reference below is the single ``received_in OR carried`` query ``report_data.gather`` ran
before migration 0015, kept here verbatim so every figure of the new reads can be compared with
it over many periods of a two-year demo register (SQLite, and PostgreSQL when it is there).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, and_, case, event, extract, func, or_, select, text

from app.bootstrap import Services
from app.db.engine import reading
from app.domain.enums import OPEN_STATUSES, CaseStatus
from app.models import Case, Reply
from app.services.reports import report_data
from app.services.reports.report_data import PeriodNumbers, day_start
from app.settings import resolve
from tests.sample_office import command_line_services

END = date(2026, 11, 30)
PERIODS = [
    (date(2025, 1, 1), date(2025, 12, 31)),
    (date(2026, 1, 1), date(2026, 12, 31)),
    (date(2026, 4, 1), date(2026, 6, 30)),
    (date(2025, 10, 1), date(2025, 12, 31)),
    (date(2026, 2, 1), date(2026, 2, 28)),
    (date(2026, 11, 1), date(2026, 11, 30)),
    (date(2025, 3, 15), date(2026, 3, 14)),
    (date(2024, 12, 1), date(2024, 12, 31)),
    (date(2020, 1, 1), date(2020, 12, 31)),
]


def _reference(conn: Connection, start: date, end: date, as_of: date) -> PeriodNumbers:
    """The query of gather() before 0015 (one OR filter), with the same folding of its rows."""
    begin, end_next = day_start(start), day_start(end + timedelta(days=1))
    received_in = and_(Case.received_at >= begin, Case.received_at < end_next)
    carried = and_(Case.received_at < begin, or_(Case.closed_at.is_(None), Case.closed_at >= begin))
    status_end = case(
        (and_(Case.closed_at.is_not(None), Case.closed_at >= end_next), CaseStatus.IN_PROGRESS.value),
        else_=Case.status,
    )
    in_period = case((received_in, 1), else_=0)
    answered, check_day = func.date(Case.closed_at), min(as_of, end)
    finished = and_(Case.closed_at.is_not(None), Case.closed_at < end_next)
    due = Case.due_date.is_not(None)
    keys = (Case.channel, Case.kind, Case.field_id, Case.department_id, status_end, in_period)
    rows = conn.execute(
        select(
            *keys,
            func.count(),
            func.sum(case((and_(finished, due, answered <= Case.due_date), 1), else_=0)),
            func.sum(case((and_(finished, due, answered > Case.due_date), 1), else_=0)),
            func.sum(case((and_(~finished, Case.due_date < check_day), 1), else_=0)),
        )
        .where(or_(received_in, carried))
        .group_by(*keys)
    ).all()
    return _fold(rows, conn, start, end)


def _fold(rows: list, conn: Connection, start: date, end: date) -> PeriodNumbers:  # type: ignore[type-arg]
    n = PeriodNumbers()
    opened = {s.value for s in OPEN_STATUSES}
    for channel, kind, field_id, dept, status, flag, count, on_time, late, overdue in rows:
        on_time, late, overdue = on_time or 0, late or 0, overdue or 0
        if flag:
            n.by_channel[channel] += count
            n.by_kind[kind] += count
            n.by_field[field_id] += count
            n.by_department[dept] += count
        else:
            n.carried_over += count
        n.by_status_at_end[status] += count
        n.kind_in_scope[kind] += count
        n.finished_on_time += on_time
        n.finished_late += late
        is_open = status in opened
        if is_open:
            n.open_overdue += overdue
            n.open_within_deadline += count - overdue
        d = n.department_rows.setdefault(
            dept, {"assigned": 0, "resolved": 0, "on_time": 0, "overdue": 0, "open": 0}
        )
        d["assigned"] += count
        d["resolved"] += 0 if is_open else count
        d["on_time"] += on_time
        d["overdue"] += late + (overdue if is_open else 0)
        d["open"] += count if is_open else 0
    n.received = sum(n.by_kind.values())
    n.replies = conn.execute(
        select(func.count()).select_from(Reply).where(Reply.replied_on >= start, Reply.replied_on <= end)
    ).scalar_one()
    return n


def _reference_trend(conn: Connection, start: date, end: date) -> list[tuple[date, int, int]]:
    """monthly_trend() before issue 18: one GROUP BY extract(year), extract(month) per column."""
    begin, end_next = day_start(start), day_start(end + timedelta(days=1))
    counts: list[dict[tuple[int, int], int]] = [{}, {}]
    for column, target in zip((Case.received_at, Case.closed_at), counts, strict=True):
        year, month = extract("year", column), extract("month", column)
        query = select(year, month, func.count()).where(column >= begin, column < end_next)
        for y, m, n in conn.execute(query.group_by(year, month)):
            target[(int(y), int(m))] = n
    out, cursor = [], start.replace(day=1)
    while cursor <= end:
        key = (cursor.year, cursor.month)
        out.append((cursor, counts[0].get(key, 0), counts[1].get(key, 0)))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return out


def _register(url: str, tmp_path: Path) -> Services:
    services = command_line_services(
        resolve(url, data_dir=tmp_path),
        clock=lambda: datetime(2026, 11, 30, 17, 0),
        today=lambda: END,
    )
    services.demo.generate(2500, seed=18, end=END)
    return services


def _assert_same_numbers(services: Services) -> None:
    with reading(services.engine).connect() as conn:
        total = conn.execute(text("SELECT count(*) FROM case_file")).scalar_one()
        assert total == 2500
        seen = 0
        for start, end in PERIODS:
            for as_of in (END, end, start + timedelta(days=20)):
                new = report_data.gather(conn, start, end, as_of)
                old = _reference(conn, start, end, as_of)
                assert new == old, (start, end, as_of)
                seen += new.received + new.carried_over
            trend = report_data.monthly_trend(conn, start, end)
            assert trend == _reference_trend(conn, start, end), (start, end)
        assert seen > 2500  # the periods really hold cases (received and carried)


def test_gather_equals_the_single_filter_on_sqlite(tmp_path: Path) -> None:
    services = _register(f"sqlite:///{tmp_path / 'r.db'}", tmp_path)
    try:
        with reading(services.engine).connect() as conn:  # a carried case in each old scope
            carried = report_data.gather(conn, date(2026, 1, 1), date(2026, 3, 31), END).carried_over
            assert carried > 0
        _assert_same_numbers(services)
    finally:
        services.close()


def _statements(conn: Connection, start: date, end: date) -> list[tuple[str, Any]]:
    """Every statement gather() runs for the period, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    event.listen(conn, "before_cursor_execute", record)
    try:
        report_data.gather(conn, start, end, END)
    finally:
        event.remove(conn, "before_cursor_execute", record)
    return seen


def _plan(conn: Connection, statement: str, parameters: Any) -> list[tuple[int, int, str]]:
    rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    return [(int(r[0]), int(r[1]), str(r[-1])) for r in rows]


@pytest.mark.parametrize(
    "start,end", [(date(2026, 1, 1), date(2026, 3, 31)), (date(2025, 3, 15), date(2026, 3, 14))]
)
def test_each_range_is_read_from_its_index(tmp_path: Path, start: date, end: date) -> None:
    """No read of gather() walks the case table; the period's own cases are grouped along
    ix_case_month (the only sort is of the per-month groups), the reply count uses ix_reply_day."""
    services = _register(f"sqlite:///{tmp_path / 'r.db'}", tmp_path)
    try:
        with reading(services.engine).connect() as conn:
            statements = _statements(conn, start, end)
            plans = [(sql, _plan(conn, sql, params)) for sql, params in statements]
    finally:
        services.close()
    months = [p for sql, p in plans if "ix_case_month" in sql and "BETWEEN" in sql]
    assert len(months) == 2 * len(report_data.month_spans(start, end))
    for sql, plan in plans:
        details = " ".join(d for _, _, d in plan)
        assert "SCAN case_file" not in details and "SCAN reply" not in details, (sql, details)
        if "FROM case_file" in sql and "min(" not in sql and "max(" not in sql:
            assert "USING INDEX" in details or "USING COVERING INDEX" in details, (sql, details)
        if "FROM reply" in sql:
            assert "ix_reply_day" in details
    for sql, plan in plans:
        if sql.lstrip().startswith("SELECT channel, kind, field_id, department_id, status, sum(n)"):
            inner = {i for i, _, d in plan if d.startswith("CO-ROUTINE")}
            assert any("ix_case_month" in d for _, _, d in plan)
            assert not [d for _, parent, d in plan if parent in inner and "TEMP B-TREE" in d], plan


def test_month_spans_cut_only_the_partial_months() -> None:
    spans = report_data.month_spans
    assert spans(date(2025, 1, 1), date(2025, 12, 31)) == [("2025-01", "2025-12", False)]
    assert spans(date(2025, 3, 15), date(2026, 3, 14)) == [
        ("2025-03", "2025-03", True), ("2025-04", "2026-02", False), ("2026-03", "2026-03", True)
    ]  # fmt: skip
    assert spans(date(2026, 2, 3), date(2026, 2, 20)) == [("2026-02", "2026-02", True)]
    assert spans(date(2024, 2, 1), date(2024, 2, 29)) == [("2024-02", "2024-02", False)]
    assert spans(date(2026, 1, 31), date(2026, 2, 28)) == [
        ("2026-01", "2026-01", True),
        ("2026-02", "2026-02", False),
    ]


@pytest.mark.postgres
def test_gather_equals_the_single_filter_on_postgres(pg_url: str, tmp_path: Path) -> None:
    services = _register(pg_url, tmp_path)
    try:
        _assert_same_numbers(services)
    finally:
        services.close()
