"""Nothing overdue unnoticed: due-soon and overdue lists per officer and department, escalation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from app.domain.enums import OPEN_STATUSES, CaseKind, CaseStatus
from app.domain.permissions import Action
from app.domain.working_calendar import WorkingCalendar
from app.models import Case, Department, User
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated
from app.services.deadlines.deadline_dto import (
    DeadlineCase,
    DepartmentEscalation,
    EscalationReport,
    OfficerEscalation,
)
from app.services.deadlines.legal_due_policy import LegalDuePolicy

_OPEN = [s.value for s in OPEN_STATUSES]
NO_DEPARTMENT = "Chưa giao đơn vị"
NO_OFFICER = "Chưa giao cán bộ"
EXCERPT = 120
Officer = aliased(User, name="officer")


class EscalationService:
    """Read-only lists over open cases, by the stored legal due date (and the office target)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        policy: LegalDuePolicy,
        today: Callable[[], date] = date.today,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._sessions = sessions
        self._policy = policy
        self._today = today

    def due_soon_until(self) -> date:
        """Last day counted as due soon today."""
        return self._policy.due_soon_limit(self._today())

    def due_soon(
        self, *, department_id: int | None = None, officer_id: int | None = None, limit: int = 500
    ) -> list[DeadlineCase]:
        """Open cases due from today to the end of the due-soon window, earliest first."""
        today = self._today()
        cond = [Case.due_date >= today, Case.due_date <= self._policy.due_soon_limit(today)]
        return self._cases(cond, department_id, officer_id, limit)

    def overdue(
        self, *, department_id: int | None = None, officer_id: int | None = None, limit: int = 500
    ) -> list[DeadlineCase]:
        """Open cases past their legal due date, most overdue first."""
        return self._cases([Case.due_date < self._today()], department_id, officer_id, limit)

    def report(self, case_limit: int = 200) -> EscalationReport:
        """For the chief: per department (then officer) counts, most overdue first, and the cases."""
        self._signed_in.check(Action.VIEW_ALL)
        today = self._today()
        soon = self._policy.due_soon_limit(today)
        late = Case.due_date < today
        with translated(), self._sessions() as session:
            rows = session.execute(
                select(
                    Case.department_id,
                    Case.officer_id,
                    func.sum(case((late, 1), else_=0)),
                    func.sum(case(((Case.due_date >= today) & (Case.due_date <= soon), 1), else_=0)),
                    func.sum(case((Case.target_date < today, 1), else_=0)),
                    func.min(case((late, Case.due_date), else_=None)),
                )
                .where(Case.status.in_(_OPEN), *self._signed_in.visible_cases())  # a limited chief's part
                .group_by(Case.department_id, Case.officer_id)
            ).all()
            departments = dict(session.execute(select(Department.id, Department.name)).all())
            officers = dict(session.execute(select(User.id, User.full_name)).all())
        by_dept: dict[int | None, list[OfficerEscalation]] = defaultdict(list)
        for dept_id, officer_id, overdue, due_soon, past_target, oldest in rows:
            if not (overdue or due_soon or past_target):
                continue
            name = officers.get(officer_id, NO_OFFICER) if officer_id else NO_OFFICER
            by_dept[dept_id].append(
                OfficerEscalation(
                    officer_id, name, int(overdue), int(due_soon), int(past_target or 0), oldest
                )
            )
        loads = [
            DepartmentEscalation(
                dept_id,
                departments.get(dept_id, NO_DEPARTMENT) if dept_id else NO_DEPARTMENT,
                sum(o.overdue for o in items),
                sum(o.due_soon for o in items),
                sum(o.past_target for o in items),
                min((o.oldest_due for o in items if o.oldest_due), default=None),
                tuple(sorted(items, key=_worst_first)),
            )
            for dept_id, items in by_dept.items()
        ]
        loads.sort(key=_worst_first)
        return EscalationReport(
            as_of=today,
            due_soon_until=soon,
            overdue=sum(d.overdue for d in loads),
            due_soon=sum(d.due_soon for d in loads),
            past_target=sum(d.past_target for d in loads),
            departments=tuple(loads),
            overdue_cases=tuple(self.overdue(limit=case_limit)),
        )

    def _cases(
        self, cond: list[Any], department_id: int | None, officer_id: int | None, limit: int
    ) -> list[DeadlineCase]:
        stmt = (
            select(
                Case.id, Case.number, Case.kind, Case.status, Case.received_at, Case.due_date,
                Case.target_date, Case.department_id, Department.name, Case.officer_id,
                Officer.full_name, func.substr(Case.content, 1, EXCERPT), Case.due_rule,
            )
            .outerjoin(Department, Department.id == Case.department_id)
            .outerjoin(Officer, Officer.id == Case.officer_id)
            .where(Case.status.in_(_OPEN), *cond, *self._signed_in.visible_cases())
            .order_by(Case.due_date, Case.id)
            .limit(limit)
        )  # fmt: skip
        if department_id is not None:
            stmt = stmt.where(Case.department_id == department_id)
        if officer_id is not None:
            stmt = stmt.where(Case.officer_id == officer_id)
        today = self._today()
        calendar = self._policy.snapshot.calendar
        with translated(), self._sessions() as session:
            rows = session.execute(stmt).all()
        return [_deadline_case(r, today, calendar) for r in rows]


def _deadline_case(r: Any, today: date, calendar: WorkingCalendar) -> DeadlineCase:
    due: date = r[5]  # every list filters on the due date, so it is never NULL here
    return DeadlineCase(
        id=r[0],
        number=r[1],
        kind=CaseKind(r[2]),
        status=CaseStatus(r[3]),
        received_at=r[4],
        due_date=due,
        working_days_left=calendar.working_days_between(today, due),
        target_date=r[6],
        department_id=r[7],
        department_name=r[8] or NO_DEPARTMENT,
        officer_id=r[9],
        officer_name=r[10] or NO_OFFICER,
        excerpt=r[11] or "",
        due_rule=r[12] or "",
    )


def _worst_first(item: Any) -> tuple[Any, ...]:
    return (-item.overdue, item.oldest_due or date.max, -item.due_soon, -item.past_target)
