"""The chief's overview: today's intake, open, due soon and overdue, per department."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from sqlalchemy import case, func, literal_column, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import Label

from app.domain.enums import OPEN_STATUSES
from app.domain.permissions import Action
from app.models import Case, Department
from app.services.accounts.signed_in import SignedIn
from app.services.cases.case_query import CaseQuery
from app.services.cases.dto import CaseFilter, DashboardData, DepartmentLoad
from app.services.core.db_errors import translated
from app.services.core.due_dates import DuePolicy

_OPEN = [s.value for s in OPEN_STATUSES]


class DashboardService:
    """Counts come from indexed aggregate queries; the lists are the first cases of each kind."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        due_policy: DuePolicy,
        query: CaseQuery,
        today: Callable[[], date] = date.today,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._sessions = sessions
        self._due = due_policy
        self._query = query
        self._today = today

    def load(self, list_limit: int = 50) -> DashboardData:
        """Counts and lists of the officer's scope (the whole office for an unlimited chief)."""
        self._signed_in.check(Action.READ_CONTENT)
        scope = self._signed_in.visible_cases()
        today = self._today()
        soon = self._due.due_soon_limit(today)
        start = datetime.combine(today, time.min)
        with translated(), self._sessions() as session:
            today_received = session.scalar(
                select(func.count())
                .select_from(Case)
                .where(Case.received_at >= start, Case.received_at < start + timedelta(days=1), *scope)
            )
            # "+department_id": group without the department index, so the open-status index is used.
            dept: Label[int | None] = literal_column("+case_file.department_id").label("dept")
            overdue_expr = case((Case.due_date < today, 1), else_=0)
            soon_expr = case(((Case.due_date >= today) & (Case.due_date <= soon), 1), else_=0)
            rows = session.execute(
                select(dept, func.count(), func.sum(soon_expr), func.sum(overdue_expr))
                .where(Case.status.in_(_OPEN), *scope)
                .group_by(dept)
            ).all()
            names = dict(session.execute(select(Department.id, Department.name)).all())
        loads = sorted(
            (
                DepartmentLoad(
                    dept_id,
                    names.get(dept_id, "Chưa giao đơn vị") if dept_id else "Chưa giao đơn vị",
                    int(n),
                    int(s or 0),
                    int(o or 0),
                )
                for dept_id, n, s, o in rows
            ),
            key=lambda d: (-d.overdue, -d.due_soon, d.department_name),
        )
        due_soon = self._query.page(CaseFilter(due_soon=True, most_urgent_first=True), limit=list_limit).rows
        overdue = self._query.page(CaseFilter(overdue=True, most_urgent_first=True), limit=list_limit).rows
        todays = self._query.page(CaseFilter(received_from=today, received_to=today), limit=list_limit).rows
        return DashboardData(
            today_received=int(today_received or 0),
            open=sum(d.open for d in loads),
            due_soon=sum(d.due_soon for d in loads),
            overdue=sum(d.overdue for d in loads),
            by_department=tuple(loads),
            due_soon_cases=due_soon,
            overdue_cases=overdue,
            today_cases=todays,
        )
