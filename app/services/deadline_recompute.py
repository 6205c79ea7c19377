"""Recompute every open case's deadline and target in bulk after a rule or calendar change."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import Engine, Table, and_, bindparam, select, update

from app.domain.deadlines import CaseClock, ClockError, Extension, Suspension, compute_due_dates
from app.domain.enums import OPEN_STATUSES, CaseKind
from app.models import Case, CaseExtension, CaseSuspension
from app.services.db_errors import translated
from app.services.deadline_dto import RecomputeResult
from app.services.deadline_store import DeadlineSnapshot, DeadlineStore
from app.services.legal_due_policy import CASE_FLAGS, clock_due, is_in_person
from app.services.target_service import match_profile, target_for

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

Result = tuple[date | None, str]


class DeadlineRecompute:
    """Due dates depend only on (kind, day of receipt, channel in person, acceptance, flags,
    extensions, suspensions) and targets on (profile, day of receipt): each distinct key is
    computed once, then only the rows that changed are written in one executemany.
    """

    def __init__(self, engine: Engine, store: DeadlineStore) -> None:
        self._engine = engine
        self._store = store

    def run(self) -> RecomputeResult:
        started = time.perf_counter()
        snapshot = self._store.snapshot()
        with translated(), self._engine.begin() as conn:
            rows = conn.execute(
                select(
                    _C.id,
                    _C.number,
                    _C.version,
                    _C.kind,
                    _C.channel,
                    _C.received_at,
                    _C.accepted_on,
                    *(_C[name] for name in CASE_FLAGS),
                    _C.field_id,
                    _C.urgency,
                    _C.due_date,
                    _C.due_rule,
                    _C.target_date,
                    _C.target_rule,
                ).where(_C.status.in_(_OPEN))
            ).all()
            extensions = _by_case(
                conn.execute(
                    select(
                        CaseExtension.case_id,
                        CaseExtension.decision_no,
                        CaseExtension.decided_on,
                        CaseExtension.days,
                    )
                    .join(Case, Case.id == CaseExtension.case_id)
                    .where(Case.status.in_(_OPEN))
                    .order_by(CaseExtension.case_id, CaseExtension.decided_on, CaseExtension.id)
                ).all(),
                Extension,
            )
            suspensions = _by_case(
                conn.execute(
                    select(CaseSuspension.case_id, CaseSuspension.start_on, CaseSuspension.end_on)
                    .join(Case, Case.id == CaseSuspension.case_id)
                    .where(Case.status.in_(_OPEN))
                    .order_by(CaseSuspension.case_id, CaseSuspension.start_on)
                ).all(),
                Suspension,
            )
        legal = _LegalCache(snapshot)
        targets = _TargetCache(snapshot)
        updates: list[dict[str, Any]] = []
        failed: list[str] = []
        for row in rows:
            day = row.received_at.date()
            flags = tuple(bool(row[7 + i]) for i in range(len(CASE_FLAGS)))
            key = (
                row.kind,
                day,
                is_in_person(row.channel),
                row.accepted_on,
                flags,
                extensions.get(row.id, ()),
                suspensions.get(row.id, ()),
            )
            found = legal.get(key)
            if found is None:
                failed.append(row.number)
                due, rule = row.due_date, row.due_rule
            else:
                due, rule = found
            target, target_rule = targets.get(row.kind, row.channel, row.field_id, row.urgency, day)
            if (due, rule, target, target_rule) != (
                row.due_date,
                row.due_rule,
                row.target_date,
                row.target_rule,
            ):
                updates.append(
                    {
                        "b_id": row.id,
                        "b_version": row.version,
                        "b_due": due,
                        "b_rule": rule,
                        "b_target": target,
                        "b_target_rule": target_rule,
                    }
                )
        if updates:
            with translated(), self._engine.begin() as conn:
                conn.execute(_UPDATE, updates)
        return RecomputeResult(
            open_cases=len(rows),
            changed=len(updates),
            groups=legal.size,
            seconds=time.perf_counter() - started,
            failed=tuple(failed),
        )


def _by_case(rows: Sequence[Any], make: Callable[..., Any]) -> dict[int, tuple[Any, ...]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for case_id, *values in rows:
        out[case_id].append(make(*values))
    return {k: tuple(v) for k, v in out.items()}


class _LegalCache:
    def __init__(self, snapshot: DeadlineSnapshot) -> None:
        self._snapshot = snapshot
        self._cache: dict[tuple[Any, ...], Result | None] = {}

    @property
    def size(self) -> int:
        return len(self._cache)

    def get(self, key: tuple[Any, ...]) -> Result | None:
        try:
            return self._cache[key]
        except KeyError:
            pass
        kind, day, in_person, accepted_on, flags, exts, susps = key
        try:
            complex_, very_complex, remote, second = flags
            clock = CaseClock(
                CaseKind(kind),
                day,
                accepted_on,
                complex_,
                very_complex,
                remote,
                second,
                in_person,
                exts,
                susps,
            )
            found = clock_due(compute_due_dates(clock, self._snapshot.rules, self._snapshot.calendar), clock)
            result: Result | None = (found.due, found.rule)
        except (ClockError, ValueError):
            result = None
        self._cache[key] = result
        return result


class _TargetCache:
    def __init__(self, snapshot: DeadlineSnapshot) -> None:
        self._snapshot = snapshot
        self._profiles: dict[tuple[Any, ...], Any] = {}
        self._dates: dict[tuple[int, date], Result] = {}

    def get(self, kind: str, channel: str, field_id: int | None, urgency: str, day: date) -> Result:
        key = (kind, channel, field_id, urgency)
        if key not in self._profiles:
            self._profiles[key] = match_profile(self._snapshot.profiles, kind, channel, field_id, urgency)
        profile = self._profiles[key]
        if profile is None:
            return None, ""
        found = self._dates.get((profile.id, day))
        if found is None:
            found = self._dates[(profile.id, day)] = target_for(profile, day, self._snapshot.calendar)
        return found
