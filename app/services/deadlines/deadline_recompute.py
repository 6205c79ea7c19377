"""Recompute every open case's deadline and target in bulk after a rule or calendar change."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from typing import Any, cast

from sqlalchemy import Connection, Date, DateTime, Engine, Table, and_, bindparam, select, text, update

from app.domain.day_change import day_change_can_affect, reach_by_kind
from app.domain.deadline_rules import RuleSet
from app.domain.deadlines import CaseClock, ClockError, Extension, Suspension, compute_due_dates
from app.domain.enums import OPEN_STATUSES, CaseKind, Channel
from app.domain.working_calendar import WorkingCalendar
from app.models import Case, CaseExtension, CaseSuspension
from app.services.core.db_errors import translated
from app.services.deadlines.deadline_dto import RecomputeResult
from app.services.deadlines.deadline_store import DeadlineSnapshot, DeadlineStore
from app.services.deadlines.legal_due_policy import clock_due
from app.services.deadlines.target_service import match_profile, target_for

_OPEN = [s.value for s in OPEN_STATUSES]
_TABLE = cast(Table, Case.__table__)
_C = _TABLE.c
_UPDATE = (
    update(_TABLE)
    .where(and_(_C.id == bindparam("b_id"), _C.version == bindparam("b_version")))
    .values(
        due_date=bindparam("b_due"),
        due_rule=bindparam("b_rule"),
        target_date=bindparam("b_target"),
        target_rule=bindparam("b_target_rule"),
    )
)
"""Guarded by version: a case an officer changed meanwhile already has its own fresh date."""
_OPEN_ROWS = text(
    "SELECT id, number, version, kind, channel, received_at, accepted_on, complex, very_complex, "
    "remote, second_instance, field_id, urgency, due_date, due_rule, target_date, target_rule, "
    "reopened_on FROM case_file WHERE status IN :open"
).bindparams(bindparam("open", expanding=True))
"""Untyped on purpose: 100k rows are compared as ISO strings, without per-row type conversion."""
_OPEN_COUNT = text("SELECT COUNT(*) FROM case_file WHERE status IN :open").bindparams(
    bindparam("open", expanding=True)
)
_DAY_ROWS = text(
    f"{_OPEN_ROWS.text} AND received_at < :next_day AND (due_date >= :day OR target_date >= :day "
    "OR kind IN :reach_kinds OR id IN (SELECT case_id FROM case_extension) "
    "OR id IN (SELECT case_id FROM case_suspension))"
).bindparams(
    bindparam("open", expanding=True),
    bindparam("reach_kinds", expanding=True),
    bindparam("day", type_=Date()),
    bindparam("next_day", type_=DateTime()),
)
"""The open cases a change of ``day`` may affect (a superset, narrowed by :func:`_affected`)."""
_WALK_IN = Channel.WALK_IN.value
MAIN_STEPS = ("accept", "resolve")
ONE_DAY = timedelta(days=1)
Result = tuple[str | None, str]
"""(due date as YYYY-MM-DD or None, explanation)."""


def _iso(value: date | datetime | str | None) -> str | None:
    """A stored date as ``YYYY-MM-DD…`` whatever the driver returns (SQLite: text)."""
    return value if value is None or isinstance(value, str) else value.isoformat()


class DeadlineRecompute:
    """Due dates depend only on (kind, day of receipt, in person, acceptance, conditions,
    extensions, suspensions, day of a reopening) and targets on (profile, day of receipt): each distinct key is
    computed once, then only the rows that changed are written in one executemany.

    :meth:`run` recomputes every open case (after a rule table or target change);
    :meth:`run_after_day_change` only those a change of one calendar day can affect.
    """

    def __init__(self, engine: Engine, store: DeadlineStore) -> None:
        self._engine = engine
        self._store = store

    def run(self) -> RecomputeResult:
        started = time.perf_counter()
        snapshot = self._store.snapshot()
        with translated(), self._engine.begin() as conn:
            rows = conn.execute(_OPEN_ROWS, {"open": _OPEN}).all()
            extensions, suspensions = _clock_rows(conn)
        return self._apply(snapshot, rows, extensions, suspensions, started, len(rows), None)

    def run_after_day_change(self, day: date) -> RecomputeResult:
        """Recompute the open cases whose dates a change of ``day`` can move (the stored dates of
        the others were counted over days that did not change: they stay as they are)."""
        started = time.perf_counter()
        snapshot = self._store.snapshot()
        reach = {
            k.value: d for k, d in reach_by_kind(day, snapshot.rules, snapshot.calendar, MAIN_STEPS).items()
        }
        params = {"open": _OPEN, "day": day, "next_day": datetime.combine(day + ONE_DAY, dt_time()),
                  "reach_kinds": sorted(reach)}  # fmt: skip
        with translated(), self._engine.begin() as conn:
            total = int(conn.execute(_OPEN_COUNT, {"open": _OPEN}).scalar_one())
            near = conn.execute(_DAY_ROWS, params).all()
            extensions, suspensions = _clock_rows(conn)
        rows = [row for row in near if _affected(day, row, reach, extensions, suspensions)]
        return self._apply(snapshot, rows, extensions, suspensions, started, total, len(rows))

    def _apply(
        self,
        snapshot: DeadlineSnapshot,
        rows: Sequence[Any],
        extensions: dict[int, tuple[Any, ...]],
        suspensions: dict[int, tuple[Any, ...]],
        started: float,
        open_cases: int,
        examined: int | None,
    ) -> RecomputeResult:
        legal = _LegalCache(snapshot.rules, snapshot.calendar)
        targets = _TargetCache(snapshot)
        updates: list[dict[str, Any]] = []
        failed: list[str] = []
        for (case_id, number, version, kind, channel, received_at, accepted_on, c, vc, r, s, field_id,
             urgency, due_date, due_rule, target_date, target_rule, reopened_on) in rows:  # fmt: skip
            day = str(_iso(received_at))[:10]
            key = (kind, day, channel == _WALK_IN, _iso(accepted_on), bool(c), bool(vc), bool(r), bool(s),
                   extensions.get(case_id, ()), suspensions.get(case_id, ()), _iso(reopened_on))  # fmt: skip
            found = legal.get(key)
            stored = (_iso(due_date), due_rule)
            if found is None:
                failed.append(number)
                found = stored
            target = targets.get(kind, channel, field_id, urgency, day)
            if found != stored or target != (_iso(target_date), target_rule):
                updates.append({"b_id": case_id, "b_version": version, "b_due": _day(found[0]),
                                "b_rule": found[1], "b_target": _day(target[0]),
                                "b_target_rule": target[1]})  # fmt: skip
        if updates:
            with translated(), self._engine.begin() as conn:
                conn.execute(_UPDATE, updates)
        return RecomputeResult(
            open_cases=open_cases,
            changed=len(updates),
            groups=legal.size,
            seconds=time.perf_counter() - started,
            failed=tuple(failed),
            examined=examined,
        )


def _affected(
    day: date,
    row: Any,
    reach: dict[str, date],
    extensions: dict[int, tuple[Any, ...]],
    suspensions: dict[int, tuple[Any, ...]],
) -> bool:
    """:func:`day_change_can_affect` on an untyped row of :data:`_DAY_ROWS`."""
    return day_change_can_affect(
        day,
        date.fromisoformat(str(_iso(row.received_at))[:10]),
        (_day(_iso(row.due_date)), _day(_iso(row.target_date))),
        clock_events=row.id in extensions or row.id in suspensions,
        reach_from=reach.get(row.kind),
        counted_from=_day(_iso(row.reopened_on)),
    )


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value[:10])


def _clock_rows(conn: Connection) -> tuple[dict[int, tuple[Any, ...]], dict[int, tuple[Any, ...]]]:
    """Extensions and suspensions of open cases, per case (few rows: typed query)."""
    extensions = conn.execute(
        select(CaseExtension.case_id, CaseExtension.decision_no, CaseExtension.decided_on, CaseExtension.days)
        .join(Case, Case.id == CaseExtension.case_id)
        .where(Case.status.in_(_OPEN))
        .order_by(CaseExtension.case_id, CaseExtension.decided_on, CaseExtension.id)
    ).all()
    suspensions = conn.execute(
        select(CaseSuspension.case_id, CaseSuspension.start_on, CaseSuspension.end_on)
        .join(Case, Case.id == CaseSuspension.case_id)
        .where(Case.status.in_(_OPEN))
        .order_by(CaseSuspension.case_id, CaseSuspension.start_on)
    ).all()
    return _by_case(extensions, Extension), _by_case(suspensions, Suspension)


def _by_case(rows: Sequence[Any], make: Callable[..., Any]) -> dict[int, tuple[Any, ...]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for case_id, *values in rows:
        out[case_id].append(make(*values))
    return {k: tuple(v) for k, v in out.items()}


class _LegalCache:
    """Main deadline per clock key. Only the steps that can be the main deadline are computed."""

    def __init__(self, rules: RuleSet, calendar: WorkingCalendar) -> None:
        self._rules = RuleSet(
            [r for r in rules.rules if r.step in MAIN_STEPS],
            rules.extension_limits,
            makeup_workdays=rules.makeup_workdays,
            extra_days_off=rules.extra_days_off,
            suspension_rules=rules.suspension_rules,
        )
        self._calendar = calendar
        self._cache: dict[tuple[Any, ...], Result | None] = {}

    @property
    def size(self) -> int:
        return len(self._cache)

    def get(self, key: tuple[Any, ...]) -> Result | None:
        try:
            return self._cache[key]
        except KeyError:
            pass
        kind, day, in_person, accepted_on, c, vc, r, s, exts, susps, reopened_on = key
        try:
            clock = CaseClock(
                CaseKind(kind),
                date.fromisoformat(day),
                _day(accepted_on),
                c,
                vc,
                r,
                s,
                in_person,
                exts,
                susps,
                reopened_on=_day(reopened_on),
            )
            # once accepted, the acceptance step cannot be the main deadline: not computed
            steps = ("resolve",) if clock.accepted_on is not None else MAIN_STEPS
            found = clock_due(compute_due_dates(clock, self._rules, self._calendar, steps=steps), clock)
            result: Result | None = (_iso(found.due), found.rule)
        except (ClockError, ValueError):
            result = None
        self._cache[key] = result
        return result


class _TargetCache:
    def __init__(self, snapshot: DeadlineSnapshot) -> None:
        self._snapshot = snapshot
        self._profiles: dict[tuple[Any, ...], Any] = {}
        self._dates: dict[tuple[int, str], Result] = {}

    def get(self, kind: str, channel: str, field_id: int | None, urgency: str, day: str) -> Result:
        key = (kind, channel, field_id, urgency)
        if key not in self._profiles:
            self._profiles[key] = match_profile(self._snapshot.profiles, kind, channel, field_id, urgency)
        profile = self._profiles[key]
        if profile is None:
            return None, ""
        found = self._dates.get((profile.id, day))
        if found is None:
            due, why = target_for(profile, date.fromisoformat(day), self._snapshot.calendar)
            found = self._dates[(profile.id, day)] = (due.isoformat(), why)
        return found
