"""Which open cases a change of one calendar day can affect (a day off added or removed, a
make-up day, an estimated or doubtful day confirmed or dropped).

Every due date and target is counted forward from a start on or after the day of receipt and looks
only at the days from that start up to the date it finds (the counted working days, the
non-working days it skipped or rolled over, the estimated or doubtful days it depends on). So when
only day D changes, a case received after D, or whose stored dates all fall before D, is counted
over exactly the same days as before and keeps the same dates and the same explanations. Three
things reach past the stored dates and are kept conservatively:

- a stopped clock (an open suspension has no stored due date) and extensions: always recomputed;
- a rule with a longest period (``max_count``: «có thể kéo dài tối đa … (đến …)» in the
  explanation): cases of its kind received late enough for that period to reach D.

This holds only if the stored dates were counted with the calendar as it was just before the
change (every save and every full recompute keeps them so).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from app.domain.deadline_rules import RuleSet
from app.domain.enums import CaseKind
from app.domain.working_calendar import WorkingCalendar

ONE_DAY = timedelta(days=1)
LOOK_BACK_DAYS = 3660
"""Walking back further than ten years means a calendar with no working day: stop there."""


def day_change_can_affect(
    day: date,
    received_on: date,
    stored: Iterable[date | None],
    *,
    clock_events: bool = False,
    reach_from: date | None = None,
    counted_from: date | None = None,
) -> bool:
    """Whether changing ``day`` can change a case received on ``received_on`` whose stored due
    date and target (and any other stored step date) are ``stored``.

    ``clock_events``: the case has extensions or suspensions. ``reach_from``: the earliest day of
    receipt from which a longest period of the case's kind reaches ``day`` (see
    :func:`longest_period_reach`), ``None`` when its kind has none. ``counted_from``: the
    day a reopened case's deadline counts from (after receipt), ``None`` when never reopened.
    """
    if received_on > day:
        return False
    if clock_events:
        return True
    if reach_from is not None and (counted_from or received_on) >= reach_from:
        return True
    return any(d is not None and d >= day for d in stored)


def longest_period_reach(day: date, calendar: WorkingCalendar, count: int, unit: str) -> date:
    """The earliest day of receipt whose ``count`` ``unit`` period (counted from receipt) ends on
    or after ``day``.

    Only days before ``day`` are looked at, so the answer is the same with the calendar before and
    after ``day`` changed.
    """
    if unit == "working_days":
        # the period from r ends on or after `day` ⇔ fewer than `count` working days in (r, day-1]
        start, working = day - ONE_DAY, 0
        for _ in range(LOOK_BACK_DAYS):
            working += calendar.is_working_day(start)
            if working >= count:
                return start
            start -= ONE_DAY
        return start
    # plain days: the end r+count (or the working day after it) is on or after `day` ⇔
    # r+count ≥ day, or every day from r+count up to day-1 is a non-working day
    start = day - timedelta(days=count)
    for _ in range(LOOK_BACK_DAYS):
        if calendar.is_working_day(start - ONE_DAY + timedelta(days=count)):
            return start
        start -= ONE_DAY
    return start


def reach_by_kind(
    day: date, rules: RuleSet, calendar: WorkingCalendar, steps: Iterable[str]
) -> dict[CaseKind, date]:
    """Per case kind, the ``reach_from`` of :func:`day_change_can_affect` for the rules of
    ``steps`` that have a longest period. A rule counted from another event than receipt (which
    can only come later) reaches from the first day of all."""
    wanted = frozenset(steps)
    out: dict[CaseKind, date] = {}
    for rule in rules.rules:
        if rule.max_count is None or rule.step not in wanted:
            continue
        if rule.start_event == "received":
            reach = longest_period_reach(day, calendar, rule.max_count, rule.unit)
        else:
            reach = date.min
        out[rule.kind] = min(reach, out.get(rule.kind, reach))
    return out
