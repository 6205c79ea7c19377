"""Stored clocks the law does not allow, for ``hotline-desk check``: reported, never rewritten.

A case saved before the limits were enforced may hold an extension decided after its deadline, a
suspension of a kind before its legal basis took effect, overlapping suspensions… Each is named
with the case number and the article, so the office can correct it by hand.
"""

from __future__ import annotations

from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session

from app.domain.deadline_rules import RuleSet
from app.domain.deadlines import ClockError, compute_due_dates
from app.models import CalendarDay, Case, CaseExtension, CaseSuspension
from app.services.deadlines.deadline_store import office_calendar, read_rules
from app.services.deadlines.legal_due_policy import case_clock

TABLES = ("case_file", "case_extension", "case_suspension", "deadline_rule", "calendar_day")


def clock_violations(engine: Engine, shipped: RuleSet | None = None) -> list[str]:
    """One Vietnamese sentence per stored case whose extensions or suspensions break a rule."""
    if not all(inspect(engine).has_table(t) for t in TABLES):
        return []
    with Session(engine) as session:
        rules, _, warning = read_rules(session, shipped or RuleSet.load())
        overrides = session.execute(select(CalendarDay.day, CalendarDay.working, CalendarDay.note)).all()
        calendar = office_calendar(rules, ((d, bool(w), n) for d, w, n in overrides))
        ids = select(CaseExtension.case_id).union(select(CaseSuspension.case_id))
        found = [warning] if warning else []
        for case in session.scalars(select(Case).where(Case.id.in_(ids)).order_by(Case.id)):
            try:
                compute_due_dates(case_clock(session, case), rules, calendar)
            except (ClockError, ValueError) as error:
                found.append(f"Vụ việc {case.number}: {error}. Dữ liệu giữ nguyên; cán bộ cần xem lại.")
        return found
