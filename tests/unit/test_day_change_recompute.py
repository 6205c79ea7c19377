"""After a change of one calendar day only the open cases that day can affect are recomputed, and
the register ends up exactly as after a full recompute (demo database, real SQLite file)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from app.bootstrap import Services
from app.domain.day_change import day_change_can_affect, longest_period_reach
from app.domain.enums import OPEN_STATUSES, CaseKind
from app.domain.working_calendar import WorkingCalendar
from app.services.deadlines.deadline_dto import RecomputeResult, TargetProfileView
from app.settings import resolve
from tests.sample_office import command_line_services

NOW = datetime(2026, 11, 20, 9, 30)
"""As the unit fixtures: Friday 20/11/2026."""
OPEN = ", ".join(f"'{s.value}'" for s in OPEN_STATUSES)
DEMO_END = date(2027, 3, 31)
"""Receipts from 31/03/2025: Tết 2026, the 02/01–10/01/2026 swap, 24/11/2026 and Tết 2027."""
STORED = "SELECT id, due_date, due_rule, target_date, target_rule FROM case_file ORDER BY id"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A demo register with 2,000 open cases of every kind and clock, recomputed in full."""
    tmp = tmp_path_factory.mktemp("day_change")
    services = command_line_services(
        resolve(f"sqlite:///{tmp / 'demo.db'}", data_dir=tmp), clock=lambda: NOW, today=lambda: NOW.date()
    )
    services.demo.generate(3000, end=DEMO_END)
    services.targets.save_profile(TargetProfileView(None, "Kiến nghị 12 ngày", 12, "days", CaseKind.PETITION))
    services.targets.save_profile(TargetProfileView(None, "Chung 8 ngày làm việc", 8, "working_days"))
    _vary_clocks(services)
    services.deadlines.recompute_open()
    yield services
    services.close()


def _vary_clocks(services: Services) -> None:
    """Reopen cases over the whole range; acceptances, conditions, extensions and suspensions."""
    with services.engine.begin() as conn:
        conn.execute(
            text(
                f"UPDATE case_file SET status = 'in_progress', closed_at = NULL WHERE id IN (SELECT id "
                f"FROM case_file WHERE status NOT IN ({OPEN}) ORDER BY (id * 2654435761) % 1000003 LIMIT 1900)"
            )
        )
        rows = conn.execute(
            text(
                f"SELECT id, received_at, kind FROM case_file WHERE status IN ({OPEN}) "
                "AND kind IN ('khieu_nai', 'to_cao')"
            )
        ).all()
        accepted = [r for r in rows if r.id % 3]  # a third stays unaccepted (to_cao: longest period)
        conn.execute(
            text("UPDATE case_file SET accepted_on = :a, complex = :c, remote = :r WHERE id = :id"),
            [
                {
                    "id": r.id,
                    "a": _day(r.received_at) + timedelta(days=r.id % 10),
                    "c": r.id % 4 == 0,
                    "r": r.kind == "khieu_nai" and r.id % 5 == 0,
                }
                for r in accepted
            ],
        )
        now = NOW.isoformat(sep=" ")
        for r in accepted[:60]:
            start = _day(r.received_at) + timedelta(days=r.id % 10 + 3)
            if r.kind == "to_cao":  # a closed suspension, or one still running
                end = None if r.id % 2 else (start + timedelta(days=9)).isoformat()
                conn.execute(
                    text(
                        "INSERT INTO case_suspension (case_id, start_on, end_on, decision_no, reason, "
                        "resume_no, created_at) VALUES (:c, :s, :e, '1/QĐ', 'x', '', :n)"
                    ),
                    {"c": r.id, "s": start.isoformat(), "e": end, "n": now},
                )
            elif r.id % 4 == 0:  # complex khiếu nại: one extension
                conn.execute(
                    text(
                        "INSERT INTO case_extension (case_id, decision_no, decided_on, days, note, "
                        "created_at) VALUES (:c, '2/QĐ', :d, 15, '', :n)"
                    ),
                    {"c": r.id, "d": start.isoformat(), "n": now},
                )


def _day(value: object) -> date:
    return date.fromisoformat(str(value)[:10])


def _stored(services: Services) -> list[tuple[Any, ...]]:
    with services.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(STORED))]


def _bounds(services: Services) -> tuple[date, date]:
    with services.engine.connect() as conn:
        first, due, target = conn.execute(
            text(
                f"SELECT MIN(received_at), MAX(due_date), MAX(target_date) FROM case_file WHERE status IN ({OPEN})"
            )
        ).one()
    return _day(first), max(_day(due), _day(target))


def _working(services: Services, day: date, step: int) -> date:
    while not services.calendar.is_working_day(day):
        day += timedelta(days=step)
    return day


def _parity(services: Services, change: Callable[[], RecomputeResult]) -> RecomputeResult:
    """Apply ``change`` (narrowed recompute), then a full recompute must find nothing to change."""
    narrowed = change()
    after = _stored(services)
    full = services.deadlines.recompute_open()
    assert full.changed == 0, f"the narrowed recompute missed {full.changed} cases"
    assert _stored(services) == after
    assert narrowed.examined is not None and narrowed.examined <= narrowed.open_cases == full.open_cases
    return narrowed


def test_calendar_changes_leave_the_same_stored_values_as_a_full_recompute(demo: Services) -> None:
    cal, first, last = demo.work_calendar, *_bounds(demo)
    assert demo.deadlines.recompute_open().open_cases >= 2000
    tet, tet_2027, swap_off, swap_on = (
        date(2026, 2, 17),
        date(2027, 2, 8),
        date(2026, 1, 2),
        date(2026, 1, 10),
    )
    moved = {
        "Tết 2026 worked": _parity(demo, lambda: cal.add_makeup_day(tet, "Thử", None)),
        "undo": _parity(demo, lambda: cal.remove_override(tet)),
        "estimated Tết 2027 dropped": _parity(demo, lambda: cal.drop_day(tet_2027, "Thử", None)),
        "undo 2027": _parity(demo, lambda: cal.remove_override(tet_2027)),
        "estimated Tết 2027 confirmed": _parity(demo, lambda: cal.confirm_day(tet_2027, "TB 1/TB", None)),
        "swap: 02/01/2026 worked": _parity(demo, lambda: cal.add_makeup_day(swap_off, "Thử", None)),
        "swap: 10/01/2026 off": _parity(demo, lambda: cal.add_day_off(swap_on, "Thử", None)),
        "undo swap": _parity(demo, lambda: cal.remove_override(swap_off)),
        "doubtful 24/11/2026 dropped": _parity(demo, lambda: cal.drop_day(date(2026, 11, 24), "Thử", None)),
        "Saturday 28/11/2026 worked": _parity(
            demo, lambda: cal.add_makeup_day(date(2026, 11, 28), "Thử", None)
        ),
    }
    for name, result in moved.items():
        assert result.changed > 0, name  # each change moved something: the parity is not empty
        assert result.examined is not None and result.examined < result.open_cases, name
    after_all = _working(demo, last + timedelta(days=1), 1)
    before_all = _working(demo, first - timedelta(days=1), -1)
    with demo.engine.connect() as conn:
        clocks = conn.execute(
            text(
                "SELECT COUNT(DISTINCT case_id) FROM (SELECT case_id FROM case_extension "
                "UNION SELECT case_id FROM case_suspension)"
            )
        ).scalar_one()
    assert clocks > 20
    # after every date: only the extended or suspended cases are looked at (kept conservatively)
    result = _parity(demo, lambda: cal.add_day_off(after_all, "Thử", None))
    assert (result.examined, result.changed) == (clocks, 0)
    result = _parity(demo, lambda: cal.add_day_off(before_all, "Thử", None))
    assert (result.examined, result.changed) == (0, 0)


def test_a_day_inside_a_longest_period_changes_the_explanation_only(demo: Services) -> None:
    """An unaccepted tố cáo: acceptance due in 7 working days, at most 10 (Luật Tố cáo art. 24(1));
    a day off after the due date but inside the 10 days moves only the «(đến …)» of the text."""
    with demo.engine.connect() as conn:
        case_id, received, due = conn.execute(
            text(
                f"SELECT id, received_at, due_date FROM case_file WHERE status IN ({OPEN}) AND kind = 'to_cao' "
                "AND accepted_on IS NULL AND due_rule LIKE '%tối đa 10%' AND received_at > '2026-03-01' "
                "AND received_at < '2026-10-01' ORDER BY id LIMIT 1"
            )
        ).one()
    calendar = demo.calendar
    day = calendar.add_working_days(_day(due), 2)[0]  # 9th working day after receipt
    assert _day(received) < day <= calendar.add_working_days(_day(received), 10)[0]
    before = {r[0]: r for r in _stored(demo)}[case_id]
    _parity(demo, lambda: demo.work_calendar.add_day_off(day, "Thử", None))
    after = {r[0]: r for r in _stored(demo)}[case_id]
    assert after[1] == before[1] and after[2] != before[2]


# -- the pure functions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "stored", "events", "reach", "expected"),
    [
        (date(2026, 11, 25), (date(2026, 12, 31),), False, None, False),  # received after the day
        (date(2026, 11, 24), (date(2026, 11, 24),), False, None, True),  # both on the day
        (date(2026, 11, 1), (date(2026, 11, 23), None), False, None, False),  # all dates before
        (date(2026, 11, 1), (None, date(2026, 12, 1)), False, None, True),  # the target crosses it
        (date(2026, 11, 1), (None, None), True, None, True),  # a stopped clock: always
        (date(2026, 11, 1), (date(2026, 11, 10),), False, date(2026, 11, 5), False),  # reach too late
        (date(2026, 11, 12), (date(2026, 11, 20),), False, date(2026, 11, 10), True),  # within reach
    ],
)
def test_which_cases_a_day_can_affect(
    received: date, stored: tuple[date | None, ...], events: bool, reach: date | None, expected: bool
) -> None:
    day = date(2026, 11, 24)
    assert day_change_can_affect(day, received, stored, clock_events=events, reach_from=reach) is expected


@pytest.mark.parametrize("unit", ["working_days", "days"])
@pytest.mark.parametrize("count", [1, 7, 10, 30])
def test_longest_period_reach_is_the_first_receipt_whose_period_reaches_the_day(
    unit: str, count: int
) -> None:
    calendar = WorkingCalendar()
    add = calendar.add_working_days if unit == "working_days" else calendar.add_calendar_days
    for day in (date(2026, 2, 23), date(2026, 1, 5), date(2026, 5, 4), date(2026, 11, 25), date(2027, 2, 11)):
        reach = longest_period_reach(day, calendar, count, unit)
        for k in range(-5, 6):
            received = reach + timedelta(days=k)
            assert (add(received, count)[0] >= day) is (received >= reach), (day, received)
